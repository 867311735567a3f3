// The JSON documents of the HTTP API and of `driftwatch check`
// (docs/api.md): built from plain state, so they have golden tests.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "daemon/target_watch.h"

namespace driftwatch::daemon {

/// GET /api/v1/targets: {"targets": [...]}.
std::string targets_json(const std::vector<TargetStatus>& targets);

/// GET /api/v1/events: {"events": [...], "last_id": N}; `events` are the
/// stored JSON lines; `last_id` is where the next request should start.
std::string events_json(const std::vector<std::pair<std::int64_t, std::string>>& events,
                        std::int64_t since);

/// `driftwatch check --format json`: {"targets": [...], "status": ...}.
std::string check_json(const std::vector<PollReport>& reports);

/// One target's verdict for `check`: 0 clean, 1 drift or a ledger that needs
/// attention, 2 the poll failed.
int check_exit_code(const PollReport& report);

}  // namespace driftwatch::daemon
