// Attributes each change of a poll window to the migration that made it, or
// to an out-of-band transaction, from the transactions PostgreSQL recorded
// on the catalog rows and the ledger rows: pure, see docs/provenance.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "daemon/event.h"
#include "probes/migration_sql/removal_scope.h"
#include "probes/schema/diff.h"
#include "probes/schema/provenance.h"

namespace driftwatch::daemon {

/// A ledger row written in the poll window: a migration recorded.
struct WindowMigration {
  std::string ledger;       ///< LedgerSummary::key()
  std::string migration;    ///< its identity
  schema::FullXid xid = 0;  ///< the transaction that last wrote the row; 0 unknown
  /// Failed, dirty or running: its row was written before its DDL (or the
  /// DDL failed), so the window it owns is after the row, not before.
  bool unfinished = false;
  /// What its SQL file could remove, when the file was found and read.
  std::optional<migration_sql::RemovalScope> removal = std::nullopt;
};

/// One provenance per change, in the same order. With the catalog writes
/// read, a change made by a transaction that wrote a ledger row belongs to
/// that migration (exact); one made between two ledger writes, where the
/// later migration's own transaction changed nothing (the tool wrote its
/// row apart from its DDL), belongs to the later one (window); any other
/// dated change is out-of-band. A change that cannot be dated (a dropped
/// object leaves no row) is out-of-band when no migration was recorded in
/// the window, and unknown when one was, unless every migration of the
/// window has SQL that says whether it could have removed it (sql): then
/// the first whose SQL drops, alters or renames it, or out-of-band when none
/// does. `before` is the schema the object was removed from (its index's
/// table, its sequence's owner). Without the writes, every change goes by
/// the poll window, as before provenance. A change made after an unfinished
/// migration's row, with no ledger write in between, is that migration's
/// (window): what a failed or running migration has done.
std::vector<Provenance> attribute_changes(const std::vector<schema::ObjectChange>& changes,
                                          const std::vector<WindowMigration>& migrations,
                                          const schema::CatalogWrites& writes,
                                          const schema::Snapshot& before = schema::Snapshot());

}  // namespace driftwatch::daemon
