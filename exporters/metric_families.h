// The metric families driftwatch exports, in the order /metrics writes them.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace driftwatch::exporters {

enum class FamilyId : std::size_t {
  up,
  duration,
  polls,
  errors,
  catalog_reads,
  last_success,
  objects,
  drifted,
  drift,
  last_drift,
  changes,
  events,
  applied,
  failed,
  pending,
  will_fail,
  healthy,
  dirty,
  locked,
  lock_age,
  hash_info,
};
inline constexpr std::size_t kFamilyCount = static_cast<std::size_t>(FamilyId::hash_info) + 1;

enum class FamilyType { counter, gauge, histogram };

struct FamilySpec {
  std::string_view name;
  std::string_view help;
  FamilyType type;
};

[[nodiscard]] const FamilySpec& family_spec(FamilyId id);
[[nodiscard]] std::optional<FamilyId> family_by_name(std::string_view name);

}  // namespace driftwatch::exporters
