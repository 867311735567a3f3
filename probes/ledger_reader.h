// Reads every migration ledger of a live database: finds the tables, tells
// which tool wrote each, reads their rows and judges their state.
#pragma once

#include <cstddef>
#include <vector>

#include "probes/ledgers/detection.h"
#include "probes/ledgers/ledger_state.h"
#include "probes/session.h"

namespace driftwatch::probes {

/// Which tables could be ledgers, and how many user tables there are: what
/// finding the ledgers costs. Valid while the catalog has not changed.
struct LedgerDiscovery {
  std::vector<ledgers::TableInfo> candidates;
  std::size_t user_tables = 0;  ///< every user table, ledgers included
};

struct LedgerReadOptions {
  std::vector<ledgers::LedgerOverride> overrides;  ///< custom ledger table names
  int row_limit = 100'000;                         ///< per table, against runaway reads
  /// Reuse a discovery instead of finding the tables again (the daemon does,
  /// while the catalog counters say nothing changed); nullptr: find them.
  const LedgerDiscovery* discovery = nullptr;
};

struct LedgerReport {
  std::vector<ledgers::LedgerState> ledgers;
  std::size_t user_tables = 0;  ///< tables other than the ledgers and their companions
  LedgerDiscovery discovery;    ///< what this read used, for the next one
};

/// One read-only REPEATABLE READ transaction. Throws what the session throws.
LedgerReport read_ledgers(Session& session, const LedgerReadOptions& options);

}  // namespace driftwatch::probes
