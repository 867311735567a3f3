// Recording the watch scope, and re-seeing stored schemas through a new one.
#include "daemon/watch_scope.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <vector>

namespace driftwatch::daemon {
namespace {

using nlohmann::json;
using schema::ObjectKey;
using schema::SchemaObject;

json patterns_json(const std::vector<schema::ObjectPattern>& patterns) {
  auto out = json::array();
  for (const auto& pattern : patterns) {
    out.push_back(pattern.kind ? std::string(schema::kind_name(*pattern.kind)) + ":" + pattern.glob
                               : pattern.glob);
  }
  return out;
}

// The strings of doc[key]; nullopt unless it is an array of strings.
std::optional<std::vector<std::string>> strings_at(const json& doc, const char* key) {
  const auto found = doc.find(key);
  if (found == doc.end() || !found->is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& item : *found) {
    if (!item.is_string()) return std::nullopt;
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::vector<schema::ObjectPattern> patterns_of(const std::vector<std::string>& texts) {
  std::vector<schema::ObjectPattern> out;
  out.reserve(texts.size());
  for (const auto& text : texts) out.push_back(schema::parse_object_pattern(text));
  return out;
}

std::set<ObjectKey> keys_of(const schema::Snapshot& snapshot) {
  std::set<ObjectKey> keys;
  for (const auto& object : snapshot.objects()) keys.insert(object.key);
  return keys;
}

}  // namespace

std::string scope_text(const WatchScope& scope) {
  const auto& rules = scope.rules;
  auto kinds = json::array();
  for (const auto kind : rules.exclude_kinds) kinds.push_back(schema::kind_name(kind));
  // Keys sorted (nlohmann::json's object), lists as configured: their order
  // does not change what is kept, but a reordered list is rare enough.
  const json out{{"include_schemas", rules.include_schemas},
                 {"exclude_schemas", rules.exclude_schemas},
                 {"include_objects", patterns_json(rules.include_objects)},
                 {"exclude_objects", patterns_json(rules.exclude_objects)},
                 {"exclude_kinds", kinds},
                 {"partitions", scope.fold_partitions ? "fold" : "full"}};
  return out.dump();
}

std::optional<WatchScope> parse_scope_text(std::string_view text) {
  const auto doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  auto include_schemas = strings_at(doc, "include_schemas");
  auto exclude_schemas = strings_at(doc, "exclude_schemas");
  const auto include_objects = strings_at(doc, "include_objects");
  const auto exclude_objects = strings_at(doc, "exclude_objects");
  const auto exclude_kinds = strings_at(doc, "exclude_kinds");
  const auto partitions = doc.find("partitions");
  if (!include_schemas || !exclude_schemas || !include_objects || !exclude_objects ||
      !exclude_kinds || partitions == doc.end() || !partitions->is_string()) {
    return std::nullopt;
  }
  WatchScope scope;
  scope.rules.include_schemas = std::move(*include_schemas);
  scope.rules.exclude_schemas = std::move(*exclude_schemas);
  scope.rules.include_objects = patterns_of(*include_objects);
  scope.rules.exclude_objects = patterns_of(*exclude_objects);
  for (const auto& name : *exclude_kinds) {
    const auto kind = schema::parse_kind(name);
    if (!kind) return std::nullopt;
    scope.rules.exclude_kinds.push_back(*kind);
  }
  scope.fold_partitions = partitions->get<std::string>() == "fold";
  return scope;
}

Rescoped rescope(const schema::Snapshot& baseline, const schema::Snapshot& previous_live,
                 const WatchScope& before, const WatchScope& now, const schema::Snapshot& live) {
  // The objects the new scope adds, and whether a stored one is still in it.
  std::set<ObjectKey> added;
  std::function<bool(const SchemaObject&)> still_watched;
  if (before.fold_partitions == now.fold_partitions) {
    for (const auto& object : live.objects()) {
      if (!schema::keeps(before.rules, object)) added.insert(object.key);
    }
    still_watched = [&](const SchemaObject& object) { return schema::keeps(now.rules, object); };
  } else {
    const auto stored = keys_of(previous_live);
    const auto current = keys_of(live);
    for (const auto& key : current) {
      if (!stored.contains(key)) added.insert(key);
    }
    std::set<ObjectKey> gone;
    for (const auto& key : stored) {
      if (!current.contains(key)) gone.insert(key);
    }
    // Only what went in this window: a drifted object the baseline still
    // holds (dropped by hand earlier) stays drift.
    still_watched = [&, gone = std::move(gone)](const SchemaObject& object) {
      return !gone.contains(object.key) && schema::keeps(now.rules, object);
    };
  }

  Rescoped out;
  auto re_see = [&](const schema::Snapshot& stored, bool count) {
    std::vector<SchemaObject> objects;
    objects.reserve(stored.size() + added.size());
    for (const auto& object : stored.objects()) {
      if (added.contains(object.key)) continue;  // taken from live below
      if (still_watched(object)) {
        objects.push_back(object);
      } else if (count) {
        ++out.no_longer_watched;
      }
    }
    for (const auto& key : added) objects.push_back(*live.find(key));
    return schema::Snapshot(std::move(objects));
  };
  out.baseline = re_see(baseline, false);
  out.live = re_see(previous_live, true);
  out.newly_watched = added.size();
  return out;
}

}  // namespace driftwatch::daemon
