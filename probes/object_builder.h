// Small helpers for building schema objects from catalog cells.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "probes/result_table.h"
#include "probes/schema/object.h"

namespace driftwatch::probes {

schema::SchemaObject make_object(schema::Kind kind, std::vector<std::string> path,
                                 std::optional<std::string> args = std::nullopt);

/// Sets an attribute.
void set_attribute(schema::SchemaObject& object, std::string name, std::string_view value);

/// Sets an attribute when there is a value; absent attributes are not recorded.
void set_if_present(schema::SchemaObject& object, std::string name,
                    std::optional<std::string_view> value);

/// An access privilege list (aclitem[] as text) in canonical form: items
/// sorted, joined by ", ". Grant order does not change the schema.
std::string canonical_acl(std::string_view acl_array);

/// The columns of a catalog row that describe who owns an object, who may use
/// it and what it is for: "owner", "acl" (aclitem[] text) and "description".
struct OwnershipColumns {
  std::size_t owner;
  std::size_t acl;
  std::size_t comment;

  /// Looks the three columns up by those names.
  explicit OwnershipColumns(const ResultTable& rows);
};

/// Sets owner, acl (canonical) and comment from row r.
void set_ownership(schema::SchemaObject& object, const ResultTable& rows, std::size_t r,
                   const OwnershipColumns& columns);

/// "true" / "false".
std::string_view bool_text(bool value);

}  // namespace driftwatch::probes
