// Entity Framework Core's "__EFMigrationsHistory": one row per applied MigrationId.
#include "probes/ledgers/readers.h"
#include "probes/ledgers/simple_ledger.h"

namespace driftwatch::ledgers {

void read_ef_core(const LedgerInput& input, LedgerState& state) {
  read_simple(input, {"MigrationId", "", "", "MigrationId"}, state);
}

}  // namespace driftwatch::ledgers
