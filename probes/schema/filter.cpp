#include "probes/schema/filter.h"

#include <fnmatch.h>

#include <algorithm>

#include "probes/schema/identity.h"

namespace driftwatch::schema {
namespace {

bool glob_matches(const std::string& glob, const std::string& text) {
  return fnmatch(glob.c_str(), text.c_str(), 0) == 0;
}

bool any_glob_matches(const std::vector<std::string>& globs, std::string_view text) {
  const std::string subject(text);
  return std::any_of(globs.begin(), globs.end(),
                     [&](const std::string& g) { return glob_matches(g, subject); });
}

bool pattern_matches(const ObjectPattern& pattern, const SchemaObject& object,
                     const std::string& identity, const std::optional<std::string>& owner) {
  if (pattern.kind && *pattern.kind != object.key.kind) return false;
  return glob_matches(pattern.glob, identity) || (owner && glob_matches(pattern.glob, *owner));
}

}  // namespace

ObjectPattern parse_object_pattern(std::string_view text) {
  if (auto colon = text.find(':'); colon != std::string_view::npos) {
    if (auto kind = parse_kind(text.substr(0, colon))) {
      return ObjectPattern{kind, std::string(text.substr(colon + 1))};
    }
  }
  return ObjectPattern{std::nullopt, std::string(text)};
}

bool FilterRules::empty() const {
  return include_schemas.empty() && exclude_schemas.empty() && include_objects.empty() &&
         exclude_objects.empty() && exclude_kinds.empty();
}

bool keeps(const FilterRules& rules, const SchemaObject& object) {
  const auto& excluded = rules.exclude_kinds;
  if (std::find(excluded.begin(), excluded.end(), object.key.kind) != excluded.end()) return false;
  if (auto schema = object_schema(object)) {
    if (!rules.include_schemas.empty() && !any_glob_matches(rules.include_schemas, *schema)) {
      return false;
    }
    if (any_glob_matches(rules.exclude_schemas, *schema)) return false;
  }
  if (rules.include_objects.empty() && rules.exclude_objects.empty()) return true;

  const std::string identity = format_identity(object.key);
  std::optional<std::string> owner;
  if (auto path = owner_relation_path(object)) owner = format_identity(*path);
  auto matches = [&](const ObjectPattern& p) {
    return pattern_matches(p, object, identity, owner);
  };
  if (!rules.include_objects.empty() &&
      std::none_of(rules.include_objects.begin(), rules.include_objects.end(), matches)) {
    return false;
  }
  return std::none_of(rules.exclude_objects.begin(), rules.exclude_objects.end(), matches);
}

Snapshot apply_filter(Snapshot snapshot, const FilterRules& rules) {
  if (rules.empty()) return snapshot;
  auto objects = std::move(snapshot).release();
  std::erase_if(objects, [&](const SchemaObject& object) { return !keeps(rules, object); });
  return Snapshot(std::move(objects));
}

}  // namespace driftwatch::schema
