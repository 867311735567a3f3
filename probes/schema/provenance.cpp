// Transaction-id arithmetic and lookups for provenance.
#include "probes/schema/provenance.h"

#include <charconv>

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

template <typename Better>
const ObjectWrite* find_write(const std::vector<ObjectWrite>& writes, const ObjectKey& key,
                              Better better) {
  const ObjectWrite* found = nullptr;
  for (const auto& write : writes) {
    if (write.dropped_column || write.kind != key.kind || write.path != key.path) continue;
    if (write.args && key.args && *write.args != *key.args) continue;
    if (found == nullptr || better(write.xid, found->xid)) found = &write;
  }
  return found;
}

}  // namespace

const ObjectWrite* CatalogWrites::latest(const ObjectKey& key) const {
  return find_write(writes, key, [](FullXid a, FullXid b) { return a > b; });
}

const ObjectWrite* CatalogWrites::earliest(const ObjectKey& key) const {
  return find_write(writes, key, [](FullXid a, FullXid b) { return a < b; });
}

const ObjectWrite* CatalogWrites::latest_column_drop(const std::vector<std::string>& path) const {
  const ObjectWrite* found = nullptr;
  for (const auto& write : writes) {
    if (!write.dropped_column || write.path != path) continue;
    if (found == nullptr || write.xid > found->xid) found = &write;
  }
  return found;
}

}  // namespace driftwatch::schema
