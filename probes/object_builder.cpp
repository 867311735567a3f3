#include "probes/object_builder.h"

#include <algorithm>

#include "probes/sql_text.h"

namespace driftwatch::probes {

schema::SchemaObject make_object(schema::Kind kind, std::vector<std::string> path,
                                 std::optional<std::string> args) {
  return schema::SchemaObject{schema::ObjectKey{kind, std::move(path), std::move(args)}, {}};
}

void set_attribute(schema::SchemaObject& object, std::string name, std::string_view value) {
  object.attributes.emplace_back(std::move(name), std::string(value));
}

void set_if_present(schema::SchemaObject& object, std::string name,
                    std::optional<std::string_view> value) {
  if (value) set_attribute(object, std::move(name), *value);
}

std::string canonical_acl(std::string_view acl_array) {
  auto items = parse_text_array_values(acl_array);
  std::sort(items.begin(), items.end());
  return join(items, ", ");
}

OwnershipColumns::OwnershipColumns(const ResultTable& rows)
    : owner(rows.column("owner")), acl(rows.column("acl")), comment(rows.column("description")) {}

void set_ownership(schema::SchemaObject& object, const ResultTable& rows, std::size_t r,
                   const OwnershipColumns& columns) {
  set_attribute(object, "owner", rows.text(r, columns.owner));
  set_attribute(object, "acl", canonical_acl(rows.text(r, columns.acl)));
  set_if_present(object, "comment", rows.optional_text(r, columns.comment));
}

std::string_view bool_text(bool value) { return value ? "true" : "false"; }

}  // namespace driftwatch::probes
