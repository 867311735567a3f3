#include "probes/partial_read_plan.h"

#include <charconv>
#include <map>

#include "probes/fingerprint_queries.h"
#include "probes/sql_text.h"

namespace driftwatch::probes {
namespace {

constexpr std::string_view kLastFingerprintColumn = "pg_roles";

// "name=value;name=value;" -> name -> value.
std::optional<std::map<std::string, std::string, std::less<>>> parse_fingerprint(
    std::string_view text) {
  std::map<std::string, std::string, std::less<>> values;
  while (!text.empty()) {
    const auto equals = text.find('=');
    const auto end = text.find(';');
    if (equals == std::string_view::npos || end == std::string_view::npos || equals > end) {
      return std::nullopt;
    }
    values.emplace(text.substr(0, equals), text.substr(equals + 1, end - equals - 1));
    text.remove_prefix(end + 1);
  }
  return values;
}

// The row count at the front of a catalog's "rows:frozen:sum".
std::optional<long long> row_count(std::string_view value) {
  long long count = 0;
  const auto colon = value.find(':');
  const auto digits = value.substr(0, colon);
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
  if (error != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
    return std::nullopt;
  }
  return count;
}

// "{1,2,3}" or NULL -> the numbers.
std::optional<std::vector<long long>> oid_list(std::optional<std::string_view> cell) {
  if (!cell) return std::vector<long long>{};
  const std::string_view text = *cell;
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') return std::nullopt;
  return parse_number_vector(text.substr(1, text.size() - 2), ',');
}

// Rows that were there at the previous read and are gone now (deleted, or
// replaced by an update): those counted then, less those now that were
// there then.
std::optional<long long> vanished_rows(const ResultTable& changes, std::string_view catalog,
                                       std::string_view previous) {
  const auto before = row_count(previous);
  const auto now = row_count(changes.text(0, changes.column(catalog)));
  const auto added = row_count(changes.text(0, changes.column("new_" + std::string(catalog))));
  if (!before || !now || !added) return std::nullopt;
  return *before - (*now - *added);
}

}  // namespace

std::string fingerprint_text(const ResultTable& changes) {
  return first_row_text(changes, kLastFingerprintColumn);
}

std::optional<RelationScope> plan_partial_read(const ResultTable& changes,
                                               std::string_view previous_fingerprint,
                                               std::size_t max_relations) {
  if (changes.rows() != 1) return std::nullopt;
  if (!changes.flag(0, changes.column("horizon_ok"))) return std::nullopt;
  if (changes.flag(0, changes.column("unattributed"))) return std::nullopt;
  const auto previous = parse_fingerprint(previous_fingerprint);
  if (!previous) return std::nullopt;
  const auto value_before = [&](std::string_view name) -> std::optional<std::string_view> {
    const auto it = previous->find(name);
    if (it == previous->end()) return std::nullopt;
    return it->second;
  };

  for (const auto& catalog : fingerprint_catalogs()) {
    const auto before = value_before(catalog.name);
    if (!before) return std::nullopt;
    if (!catalog.relation_rows) {
      if (changes.text(0, changes.column(catalog.name)) != *before) return std::nullopt;
    } else if (catalog.watch_deletions) {
      const auto vanished = vanished_rows(changes, catalog.name, *before);
      if (!vanished || *vanished != 0) return std::nullopt;
    }
  }
  const auto roles_before = value_before(kLastFingerprintColumn);
  if (!roles_before || changes.text(0, changes.column(kLastFingerprintColumn)) != *roles_before) {
    return std::nullopt;
  }

  auto relations = oid_list(changes.optional_text(0, changes.column("scope")));
  auto referenced = oid_list(changes.optional_text(0, changes.column("referenced")));
  if (!relations || !referenced || relations->size() > max_relations) return std::nullopt;
  return RelationScope{std::move(*relations), std::move(*referenced)};
}

}  // namespace driftwatch::probes
