// The reader for the many tools whose ledger is just the set of applied
// migrations, one row each, with no failure, dirty or checksum record.
#pragma once

#include <string_view>

#include "probes/ledgers/catalog_tables.h"
#include "probes/ledgers/ledger_state.h"

namespace driftwatch::ledgers {

struct SimpleLedger {
  std::string_view id_column;          ///< the identity as the tool writes it
  std::string_view name_column;        ///< a readable name; "" to use the id
  std::string_view applied_at_column;  ///< "" when the tool records no time
  std::string_view order_column;       ///< the order the tool applied them in
};

/// Fills applied (in order) and marks the ledger healthy.
void read_simple(const LedgerInput& input, const SimpleLedger& shape, LedgerState& state);

}  // namespace driftwatch::ledgers
