#include "probes/schema/snapshot.h"

#include <algorithm>

#include "probes/schema/identity.h"

namespace driftwatch::schema {
namespace {

std::string describe(const ObjectKey& key) {
  return std::string(kind_name(key.kind)) + " " + format_identity(key);
}

}  // namespace

Snapshot::Snapshot(std::vector<SchemaObject> objects) : objects_(std::move(objects)) {
  for (auto& object : objects_) {
    auto& attrs = object.attributes;
    std::sort(attrs.begin(), attrs.end(),
              [](const Attribute& a, const Attribute& b) { return a.first < b.first; });
    auto dup = std::adjacent_find(attrs.begin(), attrs.end(),
                                  [](const auto& a, const auto& b) { return a.first == b.first; });
    if (dup != attrs.end()) {
      throw SnapshotError(describe(object.key) + ": attribute \"" + dup->first +
                          "\" appears twice");
    }
  }
  std::sort(objects_.begin(), objects_.end(),
            [](const SchemaObject& a, const SchemaObject& b) { return a.key < b.key; });
  auto dup = std::adjacent_find(objects_.begin(), objects_.end(),
                                [](const auto& a, const auto& b) { return a.key == b.key; });
  if (dup != objects_.end()) throw SnapshotError(describe(dup->key) + " appears twice");
}

const SchemaObject* Snapshot::find(const ObjectKey& key) const {
  auto it = std::lower_bound(objects_.begin(), objects_.end(), key,
                             [](const SchemaObject& o, const ObjectKey& k) { return o.key < k; });
  if (it == objects_.end() || it->key != key) return nullptr;
  return &*it;
}

}  // namespace driftwatch::schema
