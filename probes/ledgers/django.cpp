// Django's django_migrations: a row per applied migration (app, name); a
// rollback deletes the row. Django records no failures or checksums.
#include "probes/ledgers/reader_support.h"
#include "probes/ledgers/readers.h"

namespace driftwatch::ledgers {

void read_django(const LedgerInput& input, LedgerState& state) {
  const auto& rows = input.rows;
  for (std::size_t r : rows_ordered_by(rows, "id")) {
    std::string id = rows.get(r, "app").value_or("");
    id += '.';
    id += rows.get(r, "name").value_or("");
    state.applied.push_back({id, id, rows.get(r, "applied"), {}, rows.xid(r)});
  }
  set_healthy(state);
}

}  // namespace driftwatch::ledgers
