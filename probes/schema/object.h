// Schema objects as plain data: the kind, the identity and the attributes of
// every object a snapshot holds. Everything else in driftwatch works on these.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace driftwatch::schema {

/// The kinds of object a snapshot records. The order is the canonical order of
/// the snapshot text: changing it changes every root hash.
enum class Kind {
  schema,
  extension,
  enum_type,
  domain,
  composite_type,
  range_type,
  sequence,
  table,
  column,
  constraint,
  index,
  view,
  materialized_view,
  function,
  procedure,
  aggregate,
  trigger,
  policy,
  rule,
};

/// Every kind, in canonical order.
const std::vector<Kind>& all_kinds();

/// The stable name of a kind as it appears in every output ("enum", "column").
std::string_view kind_name(Kind kind);

/// The kind with that name, or nothing.
std::optional<Kind> parse_kind(std::string_view name);

/// Identifies one object: its kind, its name path (schema, relation, member)
/// and, for routines, the argument types. Ordered canonically.
struct ObjectKey {
  Kind kind{};
  std::vector<std::string> path;
  std::optional<std::string> args;

  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=>
  friend auto operator<=>(const ObjectKey&, const ObjectKey&) = default;
  friend bool operator==(const ObjectKey&, const ObjectKey&) = default;
};

/// Attribute name and canonical value; kept sorted by name, names unique.
using Attribute = std::pair<std::string, std::string>;
using Attributes = std::vector<Attribute>;

struct SchemaObject {
  ObjectKey key;
  Attributes attributes;

  /// The value of an attribute, or nothing when the object does not have it.
  [[nodiscard]] std::optional<std::string_view> attribute(std::string_view name) const;

  friend bool operator==(const SchemaObject&, const SchemaObject&) = default;
};

/// True for the kinds that own columns, constraints, triggers, policies, rules
/// and indexes (tables, views, materialized views).
bool is_relation_kind(Kind kind);

/// True for the kinds whose relation is the start of their own name path
/// (columns, constraints, triggers, policies, rules); an index names its
/// table in an attribute instead.
bool is_relation_member_kind(Kind kind);

/// The name path of the relation an object belongs to (a column's table, an
/// index's table), or nothing for objects that belong to no relation.
std::optional<std::vector<std::string>> owner_relation_path(const SchemaObject& object);

/// The schema an object lives in, or nothing (extensions are database-wide).
std::optional<std::string_view> object_schema(const SchemaObject& object);

}  // namespace driftwatch::schema
