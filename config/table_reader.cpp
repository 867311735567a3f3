// Typed reads from a TOML table that fail with the file, line and key.
#include "config/table_reader.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <utility>

namespace driftwatch::config::detail {
namespace {

// Levenshtein distance, so that "intervall" can be answered with "interval".
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string duration_text(Duration duration) {
  const auto ms = duration.count();
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + "s" : std::to_string(ms) + "ms";
}

}  // namespace

std::string place(const std::filesystem::path& origin, std::int64_t line) {
  return origin.string() + ":" + std::to_string(line) + ": ";
}

std::int64_t line_of(const toml::node& node) { return node.source().begin.line; }
std::int64_t line_of(const toml::key& key) { return key.source().begin.line; }

std::string_view type_phrase(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

TableReader::TableReader(const toml::table& table, std::string section,
                         const std::filesystem::path& origin)
    : table_(table), section_(std::move(section)), origin_(origin) {}

void TableReader::reject_unknown_keys(std::initializer_list<std::string_view> known) const {
  for (const auto& [key, node] : table_) {
    const std::string_view name = key.str();
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string message = place(origin_, line_of(key));
    if (!section_.empty()) message += section_ + ": ";
    message += "unknown key \"" + std::string(name) + "\"";
    for (auto candidate : known) {
      if (edit_distance(name, candidate) <= 2) {
        message += " (did you mean \"" + std::string(candidate) + "\"?)";
        break;
      }
    }
    throw ConfigError(message);
  }
}

void TableReader::fail(std::int64_t line, std::string_view key, const std::string& message) const {
  std::string text = place(origin_, line);
  if (!section_.empty()) text += section_ + ": ";
  throw ConfigError(text + std::string(key) + ": " + message);
}

void TableReader::fail(const toml::node& node, std::string_view key,
                       const std::string& message) const {
  fail(line_of(node), key, message);
}

const toml::node* TableReader::find(std::string_view key) const { return table_.get(key); }

std::optional<std::string> TableReader::string(std::string_view key) const {
  const auto* node = find(key);
  if (node == nullptr) return std::nullopt;
  const auto* value = node->as_string();
  if (value == nullptr) {
    fail(*node, key, "expected a string, got " + std::string(type_phrase(*node)));
  }
  return value->get();
}

std::optional<std::string> TableReader::non_empty_string(std::string_view key) const {
  auto value = string(key);
  if (value && value->empty()) fail(*find(key), key, "must not be empty");
  return value;
}

std::optional<std::int64_t> TableReader::integer(std::string_view key, std::int64_t min,
                                                 std::int64_t max) const {
  const auto* node = find(key);
  if (node == nullptr) return std::nullopt;
  const auto* value = node->as_integer();
  if (value == nullptr) {
    fail(*node, key, "expected an integer, got " + std::string(type_phrase(*node)));
  }
  const std::int64_t number = value->get();
  if (number < min || number > max) {
    fail(*node, key,
         "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
             std::to_string(number));
  }
  return number;
}

std::optional<double> TableReader::fraction(std::string_view key) const {
  const auto* node = find(key);
  if (node == nullptr) return std::nullopt;
  double number = 0;
  if (const auto* f = node->as_floating_point()) {
    number = f->get();
  } else if (const auto* i = node->as_integer()) {
    number = static_cast<double>(i->get());  // "jitter = 0" is an integer in TOML
  } else {
    fail(*node, key, "expected a number, got " + std::string(type_phrase(*node)));
  }
  // Written to reject NaN as well, which compares false either way.
  if (!(number >= 0.0 && number <= 1.0)) {
    fail(*node, key, "must be a fraction between 0 and 1, got " + std::to_string(number));
  }
  return number;
}

std::optional<Duration> TableReader::duration(std::string_view key, Duration min) const {
  const auto* node = find(key);
  if (node == nullptr) return std::nullopt;
  Duration result{};
  if (const auto* text = node->as_string()) {
    try {
      result = parse_duration(text->get());
    } catch (const std::invalid_argument& e) {
      fail(*node, key, e.what());
    }
  } else if (const auto* seconds = node->as_integer()) {
    constexpr auto kMaxSeconds = std::numeric_limits<Duration::rep>::max() / 1000;
    if (seconds->get() < 0) fail(*node, key, "must not be negative");
    if (seconds->get() > kMaxSeconds) fail(*node, key, "is too large");
    result = std::chrono::seconds(seconds->get());
  } else {
    fail(*node, key,
         "expected a duration such as \"10s\" or an integer of seconds, got " +
             std::string(type_phrase(*node)));
  }
  if (result < min) fail(*node, key, "must be at least " + duration_text(min));
  return result;
}

std::vector<TableReader::Item> TableReader::strings(std::string_view key) const {
  std::vector<Item> items;
  const auto* node = find(key);
  if (node == nullptr) return items;
  const auto* array = node->as_array();
  if (array == nullptr) {
    fail(*node, key, "expected an array of strings, got " + std::string(type_phrase(*node)));
  }
  for (const auto& element : *array) {
    const auto* text = element.as_string();
    if (text == nullptr) {
      fail(element, key, "expected strings only, got " + std::string(type_phrase(element)));
    }
    if (text->get().empty()) fail(element, key, "an entry is empty");
    items.push_back({text->get(), line_of(element)});
  }
  return items;
}

}  // namespace driftwatch::config::detail
