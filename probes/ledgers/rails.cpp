// Rails' schema_migrations (one row per applied version) and
// ar_internal_metadata, which says which environment the schema was built for.
#include "probes/ledgers/readers.h"
#include "probes/ledgers/simple_ledger.h"

namespace driftwatch::ledgers {

void read_rails(const LedgerInput& input, LedgerState& state) {
  read_simple(input, {"version", "", "", "version"}, state);
  if (auto it = input.related.find("ar_internal_metadata"); it != input.related.end()) {
    const auto& metadata = it->second;
    for (std::size_t r = 0; r < metadata.size(); ++r) {
      if (metadata.get(r, "key") == "environment") {
        state.notes.push_back("ar_internal_metadata says the environment is " +
                              metadata.get(r, "value").value_or("(empty)"));
      }
    }
  }
}

}  // namespace driftwatch::ledgers
