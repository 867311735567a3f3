// Finding objects in a snapshot by kind and identity, for test assertions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "probes/schema/identity.h"
#include "probes/schema/snapshot.h"

namespace driftwatch::test {

/// The object of that kind whose identity is `id`, or nullptr.
inline const schema::SchemaObject* find_object(const schema::Snapshot& snapshot, schema::Kind kind,
                                               std::string_view id) {
  for (const auto& object : snapshot.objects()) {
    if (object.key.kind == kind && schema::format_identity(object.key) == id) return &object;
  }
  return nullptr;
}

/// The attribute's value, or "(absent)" when the object or attribute is missing.
inline std::string attribute_of(const schema::Snapshot& snapshot, schema::Kind kind,
                                std::string_view id, std::string_view name) {
  const auto* object = find_object(snapshot, kind, id);
  if (object == nullptr) return "(no such object)";
  auto value = object->attribute(name);
  return value ? std::string(*value) : std::string("(absent)");
}

}  // namespace driftwatch::test
