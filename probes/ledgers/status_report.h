// What `driftwatch status` prints: every ledger's state for people (text)
// and for programs (JSON, documented in docs/status-format.md).
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "probes/ledgers/ledger_state.h"
#include "probes/ledgers/readers.h"

namespace driftwatch::ledgers {

struct StatusReport {
  std::string database;  ///< host, port, database and user; never a password
  std::vector<LedgerState> ledgers;
  std::size_t user_tables = 0;
  std::optional<NoLedgerAdvice> no_ledger;  ///< tables but no ledger at all
};

/// Whether anything calls for a person: an unhealthy ledger, a file problem
/// (missing, edited, duplicate), no ledger in a non-empty database; and,
/// when asked, pending migrations.
bool needs_attention(const StatusReport& report, bool pending_counts);

/// One ledger as the "ledgers" items of write_status_json(), on one line:
/// for outputs that embed ledger states (`driftwatch check`).
std::string ledger_state_json(const LedgerState& ledger);

void write_status_json(std::ostream& out, const StatusReport& report, bool pending_counts);
void write_status_text(std::ostream& out, const StatusReport& report);

}  // namespace driftwatch::ledgers
