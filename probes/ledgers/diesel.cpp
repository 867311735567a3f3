// Diesel's __diesel_schema_migrations: one row per applied version, with its run time.
#include "probes/ledgers/readers.h"
#include "probes/ledgers/simple_ledger.h"

namespace driftwatch::ledgers {

void read_diesel(const LedgerInput& input, LedgerState& state) {
  read_simple(input, {"version", "", "run_on", "version"}, state);
}

}  // namespace driftwatch::ledgers
