// Per-object differences between two snapshots: what was added, removed or
// changed, and for a change, each attribute's value before and after.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "probes/schema/snapshot.h"

namespace driftwatch::schema {

enum class ChangeType { added, removed, changed };

std::string_view change_type_name(ChangeType type);

struct AttributeChange {
  std::string name;
  std::optional<std::string> before;  ///< nothing when the attribute was absent
  std::optional<std::string> after;   ///< nothing when the attribute is gone

  friend bool operator==(const AttributeChange&, const AttributeChange&) = default;
};

struct ObjectChange {
  ObjectKey key;
  ChangeType type{};
  /// For added objects every attribute with only `after`; for removed ones,
  /// only `before`; for changed ones, the attributes that differ. Name order.
  std::vector<AttributeChange> attributes;

  friend bool operator==(const ObjectChange&, const ObjectChange&) = default;
};

/// The changes that turn `before` into `after`, in canonical key order.
std::vector<ObjectChange> diff_snapshots(const Snapshot& before, const Snapshot& after);

}  // namespace driftwatch::schema
