// TypeORM's migrations: one row per applied migration class (name), in id order.
#include "probes/ledgers/readers.h"
#include "probes/ledgers/simple_ledger.h"

namespace driftwatch::ledgers {

void read_typeorm(const LedgerInput& input, LedgerState& state) {
  read_simple(input, {"name", "", "", "id"}, state);
}

}  // namespace driftwatch::ledgers
