#include "probes/schema/object.h"

#include <algorithm>
#include <array>

#include "probes/schema/identity.h"

namespace driftwatch::schema {
namespace {

struct KindName {
  Kind kind;
  std::string_view name;
};

// One row per kind, in canonical order.
constexpr std::array kKindNames{
    KindName{Kind::schema, "schema"},
    KindName{Kind::extension, "extension"},
    KindName{Kind::enum_type, "enum"},
    KindName{Kind::domain, "domain"},
    KindName{Kind::composite_type, "composite_type"},
    KindName{Kind::range_type, "range_type"},
    KindName{Kind::sequence, "sequence"},
    KindName{Kind::table, "table"},
    KindName{Kind::column, "column"},
    KindName{Kind::constraint, "constraint"},
    KindName{Kind::index, "index"},
    KindName{Kind::view, "view"},
    KindName{Kind::materialized_view, "materialized_view"},
    KindName{Kind::function, "function"},
    KindName{Kind::procedure, "procedure"},
    KindName{Kind::aggregate, "aggregate"},
    KindName{Kind::trigger, "trigger"},
    KindName{Kind::policy, "policy"},
    KindName{Kind::rule, "rule"},
};

}  // namespace

const std::vector<Kind>& all_kinds() {
  static const std::vector<Kind> kinds = [] {
    std::vector<Kind> out;
    out.reserve(kKindNames.size());
    for (const auto& entry : kKindNames) out.push_back(entry.kind);
    return out;
  }();
  return kinds;
}

std::string_view kind_name(Kind kind) {
  for (const auto& entry : kKindNames) {
    if (entry.kind == kind) return entry.name;
  }
  return "unknown";
}

std::optional<Kind> parse_kind(std::string_view name) {
  for (const auto& entry : kKindNames) {
    if (entry.name == name) return entry.kind;
  }
  return std::nullopt;
}

std::optional<std::string_view> SchemaObject::attribute(std::string_view name) const {
  auto it = std::lower_bound(attributes.begin(), attributes.end(), name,
                             [](const Attribute& a, std::string_view n) { return a.first < n; });
  if (it == attributes.end() || it->first != name) return std::nullopt;
  return it->second;
}

bool is_relation_kind(Kind kind) {
  return kind == Kind::table || kind == Kind::view || kind == Kind::materialized_view;
}

bool is_relation_member_kind(Kind kind) {
  return kind == Kind::column || kind == Kind::constraint || kind == Kind::trigger ||
         kind == Kind::policy || kind == Kind::rule;
}

std::optional<std::vector<std::string>> owner_relation_path(const SchemaObject& object) {
  if (is_relation_member_kind(object.key.kind)) {
    if (object.key.path.size() == 3) return std::vector{object.key.path[0], object.key.path[1]};
    return std::nullopt;
  }
  switch (object.key.kind) {
    case Kind::index: {
      // An index is named schema.index, like every relation; its table is an
      // attribute, written as an identity.
      auto table = object.attribute("table");
      if (!table) return std::nullopt;
      auto parsed = parse_identity(*table);
      if (!parsed) return std::nullopt;
      return std::move(parsed->path);
    }
    default: return std::nullopt;
  }
}

std::optional<std::string_view> object_schema(const SchemaObject& object) {
  if (object.key.kind == Kind::extension || object.key.path.empty()) return std::nullopt;
  return object.key.path.front();
}

}  // namespace driftwatch::schema
