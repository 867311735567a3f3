// Routing and query parameters of the daemon's HTTP endpoints.
#include "daemon/http_routes.h"

#include <charconv>
#include <optional>

#include "daemon/api_json.h"

namespace driftwatch::daemon {
namespace {

constexpr const char* kJson = "application/json";

exporters::HttpResponse text(int status, std::string body) {
  return {status, "text/plain; charset=utf-8", std::move(body)};
}

std::optional<std::int64_t> non_negative(const std::optional<std::string>& value) {
  if (!value) return std::nullopt;
  std::int64_t number = -1;
  const auto* end = value->data() + value->size();
  auto [ptr, error] = std::from_chars(value->data(), end, number);
  if (error != std::errc() || ptr != end || number < 0) return -1;
  return number;
}

exporters::HttpResponse events(const exporters::HttpRequest& request, StateStore& store) {
  const auto since = non_negative(exporters::query_parameter(request.query, "since"));
  const auto limit = non_negative(exporters::query_parameter(request.query, "limit"));
  if (since == -1 || limit == -1 || limit == 0) {
    return text(400, "since and limit must be whole numbers (limit at least 1)\n");
  }
  const auto count = std::min<std::size_t>(
      kMaxEventsPerPage, limit ? static_cast<std::size_t>(*limit) : kMaxEventsPerPage);
  const auto after = since.value_or(0);
  return {200, kJson, events_json(store.events_after(after, count), after)};
}

}  // namespace

exporters::HttpResponse route(const exporters::HttpRequest& request, const ApiSources& sources) {
  if (request.path == "/metrics") {
    return {200, "text/plain; version=0.0.4; charset=utf-8", sources.metrics()};
  }
  if (request.path == "/healthz") return text(200, "ok\n");
  if (request.path == "/readyz") {
    return sources.ready()
               ? text(200, "ready\n")
               : text(503, "not ready: the first polls are running, or the daemon is stopping\n");
  }
  if (request.path == "/api/v1/targets") return {200, kJson, targets_json(sources.targets())};
  if (request.path == "/api/v1/events") return events(request, *sources.store);
  if (request.path == "/") {
    return text(200,
                "driftwatch\n/metrics  Prometheus metrics\n/healthz  liveness\n/readyz   "
                "readiness\n/api/v1/targets  each target's state\n/api/v1/events?since=ID&limit=N"
                "  the event stream\n");
  }
  return text(404, "not found\n");
}

}  // namespace driftwatch::daemon
