// JSON pieces that events, the HTTP API and `check` share, so that one
// ledger or change reads the same wherever it appears.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "daemon/event.h"
#include "daemon/watch_state.h"

namespace driftwatch::daemon {

/// A ledger's state as events and /api/v1/targets give it.
nlohmann::ordered_json ledger_summary_json(const LedgerSummary& ledger);

/// Each change with its cause and, where known, its provenance; changes
/// without one get `cause` (none: no cause field).
nlohmann::ordered_json changes_json(const std::vector<schema::ObjectChange>& changes, Cause cause,
                                    const std::vector<Provenance>& provenance = {});

}  // namespace driftwatch::daemon
