// Laravel's migrations: one row per applied migration with its batch; a
// rollback deletes the last batch's rows.
#include "probes/ledgers/readers.h"
#include "probes/ledgers/simple_ledger.h"

namespace driftwatch::ledgers {

void read_laravel(const LedgerInput& input, LedgerState& state) {
  read_simple(input, {"migration", "", "", "id"}, state);
  std::string last_batch;
  for (std::size_t r = 0; r < input.rows.size(); ++r) {
    const auto batch = input.rows.get(r, "batch").value_or("");
    if (batch.size() > last_batch.size() ||
        (batch.size() == last_batch.size() && batch > last_batch)) {
      last_batch = batch;
    }
  }
  if (!last_batch.empty()) state.notes.push_back("the latest batch is " + last_batch);
}

}  // namespace driftwatch::ledgers
