// Compares the ledgers found in a database with the migration folders the
// user named: shared by `status`, `check` and the daemon.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "config/config.h"
#include "daemon/migration_forecast.h"
#include "daemon/watch_state.h"
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
/// failures and traces failed ones (forecast_migrations, through `memo`
/// when given). Throws std::runtime_error when a folder cannot be matched to
/// one ledger or cannot be read.
void compare_migration_dirs(std::vector<ledgers::LedgerState>& found,
                            const std::vector<config::MigrationsDir>& dirs,
                            const LiveSchema& live = {}, ForecastMemo* memo = nullptr);

/// The SQL of each migration a ledger of `found` records (applied, failed
/// or running) that `known` did not record as applied: the migrations of a
/// poll window, for the verdict to tell whether one of them removed an
/// object (attribute_changes). Only migrations whose file in `dirs` is SQL
/// and readable are given; the rest are missing from the map. Lists the
/// folders only when some ledger gained a migration. Throws as
/// compare_migration_dirs does.
MigrationSql new_migrations_sql(std::vector<ledgers::LedgerState>& found,
                                const std::vector<config::MigrationsDir>& dirs,
                                const std::vector<LedgerSummary>& known);

}  // namespace driftwatch::daemon
