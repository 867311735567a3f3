// node-pg-migrate's pgmigrations: one row per applied migration, with its run time.
#include "probes/ledgers/readers.h"
#include "probes/ledgers/simple_ledger.h"

namespace driftwatch::ledgers {

void read_node_pg_migrate(const LedgerInput& input, LedgerState& state) {
  read_simple(input, {"name", "", "run_on", "id"}, state);
}

}  // namespace driftwatch::ledgers
