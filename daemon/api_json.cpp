// Building the API and check documents.
#include "daemon/api_json.h"

#include <nlohmann/json.hpp>

#include "daemon/change_json.h"
#include "daemon/exit_codes.h"
#include "probes/ledgers/status_report.h"

namespace driftwatch::daemon {
namespace {

using nlohmann::ordered_json;

std::string dump(const ordered_json& doc) {
  return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

ordered_json optional_time(const std::optional<TimePoint>& time) {
  return time ? ordered_json(format_time(*time)) : ordered_json(nullptr);
}

bool ledgers_need_attention(const std::vector<ledgers::LedgerState>& found) {
  ledgers::StatusReport report;
  report.ledgers = found;
  return ledgers::needs_attention(report, false);
}

}  // namespace

std::string targets_json(const std::vector<TargetStatus>& targets) {
  auto list = ordered_json::array();
  for (const auto& target : targets) {
    ordered_json item{{"name", target.name},
                      {"labels", target.labels},
                      {"database", target.database},
                      {"polled", target.polled},
                      {"up", target.up}};
    item["last_poll"] = optional_time(target.last_poll);
    item["last_success"] = optional_time(target.last_success);
    item["last_error"] =
        target.last_error.empty() ? ordered_json() : ordered_json(target.last_error);
    item["schema_hash"] =
        target.schema_hash.empty() ? ordered_json() : ordered_json(target.schema_hash);
    item["objects"] = target.objects;
    item["drift"] = changes_json(target.drift, Cause::out_of_band);
    auto ledgers = ordered_json::array();
    for (const auto& ledger : target.ledgers) ledgers.push_back(ledger_summary_json(ledger));
    item["ledgers"] = std::move(ledgers);
    list.push_back(std::move(item));
  }
  return dump(ordered_json{{"targets", std::move(list)}}) + "\n";
}

std::string events_json(const std::vector<std::pair<std::int64_t, std::string>>& events,
                        std::int64_t since) {
  std::string out = "{\"events\":[";
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i > 0) out += ',';
    out += events[i].second;
  }
  out += "],\"last_id\":" + std::to_string(events.empty() ? since : events.back().first) + "}\n";
  return out;
}

int check_exit_code(const PollReport& report) {
  if (!report.ok) return kExitError;
  if (!report.drift.empty() || ledgers_need_attention(report.ledgers)) return kExitDifferent;
  return kExitOk;
}

std::string check_json(const std::vector<PollReport>& reports) {
  auto list = ordered_json::array();
  int worst = kExitOk;
  for (const auto& report : reports) {
    const int code = check_exit_code(report);
    worst = std::max(worst, code);
    ordered_json item{{"name", report.target},
                      {"status", code == kExitOk          ? "clean"
                                 : code == kExitDifferent ? "attention"
                                                          : "error"}};
    item["error"] = report.ok ? ordered_json() : ordered_json(report.error);
    auto ledgers = ordered_json::array();
    for (const auto& ledger : report.ledgers) {
      ledgers.push_back(ordered_json::parse(ledgers::ledger_state_json(ledger)));
    }
    item["ledgers"] = std::move(ledgers);
    item["changes"] = changes_json(report.changes, Cause::none, report.provenance);
    item["drift"] = changes_json(report.drift, Cause::out_of_band);
    auto events = ordered_json::array();
    for (const auto& event : report.events) {
      events.push_back(ordered_json::parse(event_json(event)));
    }
    item["events"] = std::move(events);
    list.push_back(std::move(item));
  }
  const char* status = worst == kExitOk ? "clean" : worst == kExitDifferent ? "attention" : "error";
  return ordered_json{{"status", status}, {"targets", std::move(list)}}.dump(
             2, ' ', false, nlohmann::json::error_handler_t::replace) +
         "\n";
}

}  // namespace driftwatch::daemon
