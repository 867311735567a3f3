// Ecto's schema_migrations: one row per applied version, with its insert time.
#include "probes/ledgers/readers.h"
#include "probes/ledgers/simple_ledger.h"

namespace driftwatch::ledgers {

void read_ecto(const LedgerInput& input, LedgerState& state) {
  read_simple(input, {"version", "", "inserted_at", "version"}, state);
}

}  // namespace driftwatch::ledgers
