#include "probes/ledgers/simple_ledger.h"

#include "probes/ledgers/reader_support.h"

namespace driftwatch::ledgers {

void read_simple(const LedgerInput& input, const SimpleLedger& shape, LedgerState& state) {
  const auto& rows = input.rows;
  for (std::size_t r : rows_ordered_by(rows, shape.order_column)) {
    AppliedMigration migration;
    migration.id = rows.get(r, shape.id_column).value_or("");
    // Older rows may lack the name (Supabase added its column later): show the id.
    migration.name = shape.name_column.empty() ? "" : rows.get(r, shape.name_column).value_or("");
    if (migration.name.empty()) migration.name = migration.id;
    if (!shape.applied_at_column.empty()) {
      migration.applied_at = rows.get(r, shape.applied_at_column);
    }
    migration.xid = rows.xid(r);
    state.applied.push_back(std::move(migration));
  }
  set_healthy(state);
}

}  // namespace driftwatch::ledgers
