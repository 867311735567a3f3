// Durations as people write them in the config file: "250ms", "10s", "5m", "1h".
#include <charconv>
#include <limits>
#include <stdexcept>
#include <string>

#include "config/config.h"

namespace driftwatch::config {
namespace {

constexpr std::string_view kForms =
    "expected a whole number with a unit, ms, s, m or h (\"250ms\", \"10s\", \"5m\", \"1h\"), "
    "or a whole number of seconds";

[[noreturn]] void reject(std::string_view text, std::string_view problem) {
  throw std::invalid_argument(std::string(problem) + ": \"" + std::string(text) + "\" (" +
                              std::string(kForms) + ")");
}

// Milliseconds per unit; 0 for a unit we do not know.
Duration::rep unit_ms(std::string_view unit) {
  using std::chrono::hours;
  using std::chrono::minutes;
  using std::chrono::seconds;
  if (unit == "ms") return 1;
  if (unit == "s" || unit.empty()) return Duration(seconds(1)).count();
  if (unit == "m") return Duration(minutes(1)).count();
  if (unit == "h") return Duration(hours(1)).count();
  return 0;
}

}  // namespace

Duration parse_duration(std::string_view text) {
  if (text.empty()) reject(text, "empty duration");
  if (text.front() == '-') reject(text, "negative duration");
  // from_chars takes no sign, so "+5s" and " 5s" fail here as well.
  Duration::rep number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error == std::errc::result_out_of_range) reject(text, "duration too large");
  if (error != std::errc{} || end == text.data()) reject(text, "not a duration");
  const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  const Duration::rep scale = unit_ms(unit);
  if (scale == 0) reject(text, "unknown unit \"" + std::string(unit) + "\"");
  if (number > std::numeric_limits<Duration::rep>::max() / scale) {
    reject(text, "duration too large");
  }
  return Duration(number * scale);
}

}  // namespace driftwatch::config
