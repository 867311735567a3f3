#include "probes/schema/relation_merge.h"

#include <utility>

namespace driftwatch::schema {

std::optional<std::vector<std::string>> relation_path_of(const SchemaObject& object) {
  if (is_relation_kind(object.key.kind) || object.key.kind == Kind::sequence) {
    return object.key.path;
  }
  return owner_relation_path(object);
}

std::optional<Snapshot> replace_relations(const Snapshot& base,
                                          const std::set<std::vector<std::string>>& replaced,
                                          const Snapshot& fresh) {
  const auto& kept_from = base.objects();
  const auto& added = fresh.objects();
  std::vector<SchemaObject> merged;
  merged.reserve(kept_from.size() + added.size());
  auto next_added = added.begin();
  for (const auto& object : kept_from) {
    const auto relation = relation_path_of(object);
    if (relation && replaced.count(*relation) != 0) continue;
    while (next_added != added.end() && next_added->key < object.key) {
      merged.push_back(*next_added++);
    }
    if (next_added != added.end() && next_added->key == object.key) return std::nullopt;
    merged.push_back(object);
  }
  merged.insert(merged.end(), next_added, added.end());
  return Snapshot(std::move(merged));
}

}  // namespace driftwatch::schema
