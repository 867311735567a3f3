#include "probes/ledgers/reader_support.h"

#include <algorithm>
#include <charconv>

namespace driftwatch::ledgers {
namespace {

std::optional<long long> as_integer(const std::optional<std::string>& text) {
  if (!text || text->empty()) return std::nullopt;
  long long value = 0;
  const auto* end = text->data() + text->size();
  auto [ptr, error] = std::from_chars(text->data(), end, value);
  if (error != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// Sorts `order` (row indices) by one column, keeping the order of equal values.
void stable_sort_by(const Rows& rows, std::string_view column, std::vector<std::size_t>& order) {
  bool numeric = true;
  for (std::size_t i = 0; i < rows.size() && numeric; ++i) {
    const auto value = rows.get(i, column);
    if (value && !as_integer(value)) numeric = false;
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto va = rows.get(a, column);
    const auto vb = rows.get(b, column);
    if (!va || !vb) return !va && vb;
    if (numeric) return *as_integer(va) < *as_integer(vb);
    return *va < *vb;
  });
}

}  // namespace

const char* const kNoReset =
    "Do not reset, drop or re-create the database to get past this: that destroys "
    "production data, and the ledger problem can be repaired in place.";

std::vector<std::size_t> rows_ordered_by(const Rows& rows, std::string_view column) {
  std::vector<std::size_t> order(rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  stable_sort_by(rows, column, order);
  return order;
}

std::vector<std::size_t> rows_ordered_by(const Rows& rows, std::string_view column,
                                         std::string_view then_by) {
  auto order = rows_ordered_by(rows, then_by);
  stable_sort_by(rows, column, order);
  return order;
}

std::optional<long long> integer_at(const Rows& rows, std::size_t row, std::string_view column) {
  return as_integer(rows.get(row, column));
}

std::string count_of(std::size_t n, std::string_view singular, std::string_view plural) {
  return std::to_string(n) + " " + std::string(n == 1 ? singular : plural);
}

void set_healthy(LedgerState& state) {
  state.health = Health::healthy;
  if (state.applied.empty()) {
    state.explanation = "The ledger exists and records no applied migration yet.";
    return;
  }
  const auto& latest = state.applied.back();
  state.explanation = count_of(state.applied.size(), "migration", "migrations") +
                      " applied; the latest is " + latest.name;
  if (latest.applied_at) state.explanation += ", applied " + *latest.applied_at;
  state.explanation += ".";
}

bool note_advisory_lock(const LedgerInput& input, long long key, LedgerState& state) {
  for (const auto& lock : input.advisory_locks) {
    if (lock.key == key && lock.granted) {
      state.lock = LockInfo{true, lock.since, "advisory lock " + std::to_string(key)};
      return true;
    }
  }
  return false;
}

}  // namespace driftwatch::ledgers
