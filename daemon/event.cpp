// Event names and the event JSON format of docs/events.md.
#include "daemon/event.h"

#include <array>
#include <ctime>
#include <nlohmann/json.hpp>
#include <utility>

#include "daemon/change_json.h"

namespace driftwatch::daemon {
namespace {

using nlohmann::ordered_json;

constexpr std::array<std::pair<EventType, std::string_view>, 13> kEventNames{{
    {EventType::baseline_created, "baseline_created"},
    {EventType::schema_changed, "schema_changed"},
    {EventType::drift_detected, "drift_detected"},
    {EventType::drift_resolved, "drift_resolved"},
    {EventType::accepted, "accepted"},
    {EventType::ledger_failed, "ledger_failed"},
    {EventType::ledger_recovered, "ledger_recovered"},
    {EventType::migration_applied, "migration_applied"},
    {EventType::migration_will_fail, "migration_will_fail"},
    {EventType::target_down, "target_down"},
    {EventType::target_up, "target_up"},
    {EventType::target_identity_changed, "target_identity_changed"},
    {EventType::scope_changed, "scope_changed"},
}};

}  // namespace

std::string_view event_type_name(EventType type) {
  for (const auto& [value, name] : kEventNames) {
    if (value == type) return name;
  }
  return "unknown";
}

std::optional<EventType> parse_event_type(std::string_view name) {
  for (const auto& [value, text] : kEventNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

std::string_view cause_name(Cause cause) {
  switch (cause) {
    case Cause::migration: return "migration";
    case Cause::out_of_band: return "out_of_band";
    case Cause::unknown: return "unknown";
    case Cause::none: break;
  }
  return "none";
}

std::string_view confidence_name(Confidence confidence) {
  switch (confidence) {
    case Confidence::exact: return "exact";
    case Confidence::window: return "window";
    case Confidence::sql: return "sql";
    case Confidence::poll_window: break;
  }
  return "poll_window";
}

std::string provenance_json(const Provenance& provenance) {
  ordered_json out{{"cause", cause_name(provenance.cause)}};
  if (!provenance.migration.empty()) out["migration"] = provenance.migration;
  if (!provenance.ledger.empty()) out["ledger"] = provenance.ledger;
  out["transaction"] =
      provenance.transaction ? ordered_json(*provenance.transaction) : ordered_json(nullptr);
  out["committed_at"] =
      provenance.committed_at ? ordered_json(*provenance.committed_at) : ordered_json(nullptr);
  out["confidence"] = confidence_name(provenance.confidence);
  out["reason"] = provenance.reason;
  out["owner"] = provenance.owner ? ordered_json(*provenance.owner) : ordered_json(nullptr);
  return out.dump();
}

std::string format_time(TimePoint time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 32> text{};
  const auto length = std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return {text.data(), length};
}

std::string event_json(const Event& event) {
  ordered_json out{{"id", event.id},
                   {"time", format_time(event.time)},
                   {"target", event.target},
                   {"type", event_type_name(event.type)}};
  if (!event.labels.empty()) out["labels"] = event.labels;
  if (event.cause != Cause::none) out["cause"] = cause_name(event.cause);
  out["message"] = event.message;
  if (!event.migrations.empty()) out["migrations"] = event.migrations;
  if (event.ledger) out["ledger"] = ledger_summary_json(*event.ledger);
  out["changes"] = changes_json(event.changes, event.cause, event.provenance);
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace driftwatch::daemon
