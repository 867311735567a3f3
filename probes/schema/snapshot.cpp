#include "probes/schema/snapshot.h"

#include <algorithm>

#include "probes/schema/identity.h"

namespace driftwatch::schema {
namespace {

std::string describe(const ObjectKey& key) {
  return std::string(kind_name(key.kind)) + " " + format_identity(key);
}

// Attribute names are driftwatch's own vocabulary; holding them to it keeps
// "name: value" lines unambiguous (a name "a: b" would read as "a").
bool is_attribute_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// Sorted with no two equal: what a reader that sorted its rows already
// hands over. Checking costs one comparison per element, sorting many.
template <typename Items, typename Less>
bool strictly_ascending(const Items& items, Less less) {
  return std::adjacent_find(items.begin(), items.end(), [&](const auto& a, const auto& b) {
           return !less(a, b);
         }) == items.end();
}

}  // namespace

Snapshot::Snapshot(std::vector<SchemaObject> objects) : objects_(std::move(objects)) {
  for (auto& object : objects_) {
    if (object.key.path.empty()) throw SnapshotError(describe(object.key) + ": empty name path");
    auto& attrs = object.attributes;
    for (const auto& attribute : attrs) {
      if (!is_attribute_name(attribute.first)) {
        throw SnapshotError(describe(object.key) + ": \"" + attribute.first +
                            "\" is not an attribute name (lower-case letters, digits, _)");
      }
    }
    const auto by_name = [](const Attribute& a, const Attribute& b) { return a.first < b.first; };
    if (!strictly_ascending(attrs, by_name)) {
      std::sort(attrs.begin(), attrs.end(), by_name);
      auto dup = std::adjacent_find(attrs.begin(), attrs.end(), [](const auto& a, const auto& b) {
        return a.first == b.first;
      });
      if (dup != attrs.end()) {
        throw SnapshotError(describe(object.key) + ": attribute \"" + dup->first +
                            "\" appears twice");
      }
    }
  }
  const auto by_key = [](const SchemaObject& a, const SchemaObject& b) { return a.key < b.key; };
  if (strictly_ascending(objects_, by_key)) return;
  std::sort(objects_.begin(), objects_.end(), by_key);
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
