// Reads every migration ledger of a live database: finds the tables, tells
// which tool wrote each, reads their rows and judges their state.
#pragma once

#include <cstddef>
#include <vector>

#include "probes/ledgers/detection.h"
#include "probes/ledgers/ledger_state.h"
#include "probes/session.h"

namespace driftwatch::probes {

struct LedgerReadOptions {
  std::vector<ledgers::LedgerOverride> overrides;  ///< custom ledger table names
  int row_limit = 100'000;                         ///< per table, against runaway reads
};

struct LedgerReport {
  std::vector<ledgers::LedgerState> ledgers;
  std::size_t user_tables = 0;  ///< tables other than the ledgers and their companions
};

/// One read-only REPEATABLE READ transaction. Throws what the session throws.
LedgerReport read_ledgers(Session& session, const LedgerReadOptions& options);

}  // namespace driftwatch::probes
