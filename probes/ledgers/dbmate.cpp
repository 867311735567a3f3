// dbmate's schema_migrations: one row per applied version; a rollback deletes it.
#include "probes/ledgers/readers.h"
#include "probes/ledgers/simple_ledger.h"

namespace driftwatch::ledgers {

void read_dbmate(const LedgerInput& input, LedgerState& state) {
  read_simple(input, {"version", "", "", "version"}, state);
}

}  // namespace driftwatch::ledgers
