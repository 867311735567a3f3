// Supabase CLI's supabase_migrations.schema_migrations: one row per applied version.
#include "probes/ledgers/readers.h"
#include "probes/ledgers/simple_ledger.h"

namespace driftwatch::ledgers {

void read_supabase(const LedgerInput& input, LedgerState& state) {
  read_simple(input, {"version", "name", "", "version"}, state);
}

}  // namespace driftwatch::ledgers
