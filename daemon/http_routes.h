// What each HTTP path of the daemon answers: /metrics, /healthz, /readyz,
// /api/v1/targets and /api/v1/events.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "daemon/state_store.h"
#include "daemon/target_watch.h"
#include "exporters/http_server.h"

namespace driftwatch::daemon {

struct ApiSources {
  std::function<std::string()> metrics;
  std::function<std::vector<TargetStatus>()> targets;
  std::function<bool()> ready;  ///< started, and every target polled once
  StateStore* store = nullptr;
};

/// The most events one /api/v1/events answer holds.
inline constexpr std::size_t kMaxEventsPerPage = 1000;

exporters::HttpResponse route(const exporters::HttpRequest& request, const ApiSources& sources);

}  // namespace driftwatch::daemon
