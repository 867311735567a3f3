// Poll reports as metric samples.
#include "daemon/poll_sample.h"

#include <charconv>
#include <ctime>
#include <set>

namespace driftwatch::daemon {
namespace {

bool read_int(std::string_view text, std::size_t at, std::size_t length, int& out) {
  if (at + length > text.size()) return false;
  const auto* begin = text.data() + at;
  auto [ptr, error] = std::from_chars(begin, begin + length, out);
  return error == std::errc() && ptr == begin + length;
}

}  // namespace

std::optional<double> seconds_since(std::string_view timestamp, TimePoint now) {
  std::tm tm{};
  int year = 0;
  int month = 0;
  if (!read_int(timestamp, 0, 4, year) || !read_int(timestamp, 5, 2, month) ||
      !read_int(timestamp, 8, 2, tm.tm_mday) || !read_int(timestamp, 11, 2, tm.tm_hour) ||
      !read_int(timestamp, 14, 2, tm.tm_min) || !read_int(timestamp, 17, 2, tm.tm_sec)) {
    return std::nullopt;
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  double seconds = static_cast<double>(timegm(&tm));
  // An offset such as "+02" or "-05:30" after the seconds and fraction.
  auto rest = timestamp.substr(19);
  while (!rest.empty() && (rest.front() == '.' || (rest.front() >= '0' && rest.front() <= '9'))) {
    rest.remove_prefix(1);
  }
  if (!rest.empty() && (rest.front() == '+' || rest.front() == '-')) {
    int hours = 0;
    int minutes = 0;
    if (!read_int(rest, 1, 2, hours)) return std::nullopt;
    if (rest.size() >= 6 && rest[3] == ':') read_int(rest, 4, 2, minutes);
    const double offset = hours * 3600.0 + minutes * 60.0;
    seconds -= rest.front() == '+' ? offset : -offset;
  }
  const double now_seconds = std::chrono::duration<double>(now.time_since_epoch()).count();
  return std::max(0.0, now_seconds - seconds);
}

exporters::PollSample to_sample(const PollReport& report, TimePoint now) {
  exporters::PollSample sample;
  sample.target = report.target;
  sample.ok = report.ok;
  sample.reachable = report.reachable;
  sample.seconds = report.elapsed.count();
  sample.finished_at = std::chrono::duration<double>(now.time_since_epoch()).count();
  sample.error_reason = report.error_reason;
  if (report.read_catalog) sample.catalog_read = report.relations_reread ? "partial" : "whole";
  sample.objects_by_kind = report.objects_by_kind;
  sample.drift_by_kind = report.drift_by_kind;
  for (const auto& provenance : report.provenance) {
    ++sample.changes_by_cause[std::string(cause_name(provenance.cause))];
  }
  for (const auto& event : report.events) {
    sample.event_types.emplace_back(event_type_name(event.type));
    if (event.type == EventType::drift_detected) sample.drift_detected = true;
  }
  sample.schema_hash = report.schema_hash;
  for (const auto& ledger : report.ledgers) {
    exporters::LedgerSample item;
    item.framework = std::string(ledgers::framework_name(ledger.framework));
    item.table = ledgers::qualified_table(ledger);
    item.state = std::string(ledgers::health_name(ledger.health));
    item.applied = ledger.applied.size();
    item.failed = ledger.failed.size();
    item.pending = ledger.pending.size();
    if (ledger.forecast) {
      std::set<std::string> failing;
      for (const auto& failure : ledger.forecast->failures) {
        if (failure.certain) failing.insert(failure.migration);
      }
      item.will_fail = failing.size();
    }
    item.dirty = ledger.health == ledgers::Health::dirty;
    item.locked = ledger.lock && ledger.lock->held;
    if (item.locked && ledger.lock->since) {
      item.lock_age_seconds = seconds_since(*ledger.lock->since, now);
    }
    sample.ledgers.push_back(std::move(item));
  }
  return sample;
}

}  // namespace driftwatch::daemon
