// Compares the ledgers found in a database with the migration folders the
// user named: shared by `status`, `check` and the daemon.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "config/config.h"
#include "probes/ledgers/ledger_state.h"
#include "probes/schema/snapshot.h"

namespace driftwatch::daemon {

/// Reads "[FRAMEWORK=]DIR".
config::MigrationsDir parse_migrations_dir(const std::string& text);

/// The live schema, or nullptr when there is none; called only when a
/// ledger has pending or failed migrations to check against it, so that a
/// caller that must read the catalog for it reads it only then.
using LiveSchema = std::function<const schema::Snapshot*()>;

/// Lists each folder's migration files and compares them with the ledger of
/// its framework (or the only recognised ledger when none is named); a
/// framework without a ledger yet gets an empty one, all of its files
/// pending. With the live schema, also foresees the pending migrations'
/// failures and traces failed ones (forecast_migrations). Throws
/// std::runtime_error when a folder cannot be matched to one ledger or
/// cannot be read.
void compare_migration_dirs(std::vector<ledgers::LedgerState>& found,
                            const std::vector<config::MigrationsDir>& dirs,
                            const LiveSchema& live = {});

}  // namespace driftwatch::daemon
