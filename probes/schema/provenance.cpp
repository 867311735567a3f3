// Transaction-id arithmetic and lookups for provenance.
#include "probes/schema/provenance.h"

#include <algorithm>
#include <charconv>
#include <tuple>
#include <type_traits>

namespace driftwatch::schema {
namespace {

constexpr FullXid kEpochSize = FullXid{1} << 32;
constexpr std::uint32_t kFirstNormalXid = 3;

std::optional<FullXid> parse_number(std::string_view text) {
  FullXid value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<FullXid> full_xid(std::uint32_t raw, FullXid reference) {
  if (raw < kFirstNormalXid) return std::nullopt;
  const auto reference_low = static_cast<std::uint32_t>(reference % kEpochSize);
  // Unsigned arithmetic: the distance back from the reference, modulo 2^32.
  const std::uint32_t behind = reference_low - raw;
  if (behind > reference) return std::nullopt;  // older than the first epoch allows
  return reference - behind;
}

std::uint32_t raw_xid(FullXid xid) { return static_cast<std::uint32_t>(xid % kEpochSize); }

std::optional<SnapshotBounds> parse_snapshot_bounds(std::string_view text) {
  const auto first = text.find(':');
  if (first == std::string_view::npos) return std::nullopt;
  const auto second = text.find(':', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  auto xmin = parse_number(text.substr(0, first));
  auto xmax = parse_number(text.substr(first + 1, second - first - 1));
  if (!xmin || !xmax || *xmin > *xmax) return std::nullopt;
  return SnapshotBounds{*xmin, *xmax};
}

namespace {

using Slot = std::tuple<bool, Kind, const std::vector<std::string>&>;

Slot slot_of(const ObjectWrite* write) { return {write->dropped_column, write->kind, write->path}; }

// The writes in `sorted` of one object (or of one relation's dropped
// columns), matching `args` where both name them; the one `better` prefers.
template <typename Better>
const ObjectWrite* pick(const std::vector<const ObjectWrite*>& sorted, const Slot& wanted,
                        const std::optional<std::string>& args, Better better) {
  const auto [first, last] =
      std::equal_range(sorted.begin(), sorted.end(), wanted, [](const auto& a, const auto& b) {
        if constexpr (std::is_same_v<std::decay_t<decltype(a)>, Slot>) {
          return a < slot_of(b);
        } else {
          return slot_of(a) < b;
        }
      });
  const ObjectWrite* found = nullptr;
  for (auto it = first; it != last; ++it) {
    const auto* write = *it;
    if (write->args && args && *write->args != *args) continue;
    if (found == nullptr || better(write->xid, found->xid)) found = write;
  }
  return found;
}

}  // namespace

WriteIndex::WriteIndex(const CatalogWrites& writes) {
  sorted_.reserve(writes.writes.size());
  for (const auto& write : writes.writes) sorted_.push_back(&write);
  std::sort(sorted_.begin(), sorted_.end(),
            [](const auto* a, const auto* b) { return slot_of(a) < slot_of(b); });
}

const ObjectWrite* WriteIndex::latest(const ObjectKey& key) const {
  return pick(sorted_, {false, key.kind, key.path}, key.args,
              [](FullXid a, FullXid b) { return a > b; });
}

const ObjectWrite* WriteIndex::earliest(const ObjectKey& key) const {
  return pick(sorted_, {false, key.kind, key.path}, key.args,
              [](FullXid a, FullXid b) { return a < b; });
}

const ObjectWrite* WriteIndex::latest_column_drop(const std::vector<std::string>& path) const {
  // Dropped-column rows are recorded with kind table (see catalog_writes.cpp).
  return pick(sorted_, {true, Kind::table, path}, std::nullopt,
              [](FullXid a, FullXid b) { return a > b; });
}

std::optional<std::uint32_t> parse_raw_xid(std::string_view text) {
  std::uint32_t value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

}  // namespace driftwatch::schema
