#include "probes/schema/diff.h"

namespace driftwatch::schema {
namespace {

ObjectChange whole_object(const SchemaObject& object, ChangeType type) {
  ObjectChange change{object.key, type, {}};
  for (const auto& [name, value] : object.attributes) {
    if (type == ChangeType::added) {
      change.attributes.push_back({name, std::nullopt, value});
    } else {
      change.attributes.push_back({name, value, std::nullopt});
    }
  }
  return change;
}

std::vector<AttributeChange> attribute_changes(const Attributes& before, const Attributes& after) {
  std::vector<AttributeChange> changes;
  auto b = before.begin();
  auto a = after.begin();
  while (b != before.end() || a != after.end()) {
    if (a == after.end() || (b != before.end() && b->first < a->first)) {
      changes.push_back({b->first, b->second, std::nullopt});
      ++b;
    } else if (b == before.end() || a->first < b->first) {
      changes.push_back({a->first, std::nullopt, a->second});
      ++a;
    } else {
      if (b->second != a->second) changes.push_back({b->first, b->second, a->second});
      ++b;
      ++a;
    }
  }
  return changes;
}

}  // namespace

std::string_view change_type_name(ChangeType type) {
  switch (type) {
    case ChangeType::added: return "added";
    case ChangeType::removed: return "removed";
    case ChangeType::changed: return "changed";
  }
  return "changed";
}

std::vector<ObjectChange> diff_snapshots(const Snapshot& before, const Snapshot& after) {
  std::vector<ObjectChange> changes;
  const auto& old_objects = before.objects();
  const auto& new_objects = after.objects();
  auto o = old_objects.begin();
  auto n = new_objects.begin();
  while (o != old_objects.end() || n != new_objects.end()) {
    if (n == new_objects.end() || (o != old_objects.end() && o->key < n->key)) {
      changes.push_back(whole_object(*o++, ChangeType::removed));
    } else if (o == old_objects.end() || n->key < o->key) {
      changes.push_back(whole_object(*n++, ChangeType::added));
    } else {
      auto attrs = attribute_changes(o->attributes, n->attributes);
      if (!attrs.empty()) changes.push_back({o->key, ChangeType::changed, std::move(attrs)});
      ++o;
      ++n;
    }
  }
  return changes;
}

}  // namespace driftwatch::schema
