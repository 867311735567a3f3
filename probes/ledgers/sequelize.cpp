// Sequelize's "SequelizeMeta": one row per applied migration file name.
#include "probes/ledgers/readers.h"
#include "probes/ledgers/simple_ledger.h"

namespace driftwatch::ledgers {

void read_sequelize(const LedgerInput& input, LedgerState& state) {
  read_simple(input, {"name", "", "", "name"}, state);
}

}  // namespace driftwatch::ledgers
