// User-defined types: enums (labels in sort order), domains, composite types
// and range types. Base types written in C come from extensions and are
// reported as their extension.
#include "probes/catalog_objects.h"
#include "probes/object_builder.h"

namespace driftwatch::probes {
namespace {

using schema::Kind;

std::optional<Kind> type_kind(std::string_view typtype) {
  if (typtype == "e") return Kind::enum_type;
  if (typtype == "d") return Kind::domain;
  if (typtype == "c") return Kind::composite_type;
  if (typtype == "r") return Kind::range_type;
  return std::nullopt;
}

std::string quoted_labels(std::string_view labels_array) {
  std::vector<std::string> labels;
  for (const auto& label : parse_text_array_values(labels_array)) {
    labels.push_back(quote_literal(label));
  }
  return join(labels, ", ");
}

std::vector<std::optional<std::string>> array_or_empty(const ResultTable& rows, std::size_t r,
                                                       std::size_t col) {
  auto text = rows.optional_text(r, col);
  return text ? parse_text_array(*text) : std::vector<std::optional<std::string>>{};
}

}  // namespace

void type_objects(const ResultTable& rows, CatalogContext& context, Objects& out) {
  const auto c_nsp = rows.column("nspname");
  const auto c_name = rows.column("typname");
  const auto c_typtype = rows.column("typtype");
  const OwnershipColumns ownership(rows);
  const auto c_labels = rows.column("labels");
  const auto c_base_type = rows.column("base_type");
  const auto c_not_null = rows.column("typnotnull");
  const auto c_default = rows.column("default_expr");
  const auto c_collation_schema = rows.column("collation_schema");
  const auto c_collation_name = rows.column("collation_name");
  const auto c_constraint_names = rows.column("constraint_names");
  const auto c_constraint_definitions = rows.column("constraint_definitions");
  const auto c_field_names = rows.column("field_names");
  const auto c_field_types = rows.column("field_types");
  const auto c_field_collation_schemas = rows.column("field_collation_schemas");
  const auto c_field_collation_names = rows.column("field_collation_names");
  const auto c_subtype = rows.column("range_subtype");
  const auto c_opclass_schema = rows.column("range_opclass_schema");
  const auto c_opclass = rows.column("range_opclass");
  const auto c_range_collation_schema = rows.column("range_collation_schema");
  const auto c_range_collation = rows.column("range_collation");
  const auto c_canonical = rows.column("range_canonical");
  const auto c_subtype_diff = rows.column("range_subtype_diff");
  const auto& keywords = context.keywords;

  for (std::size_t r = 0; r < rows.rows(); ++r) {
    const auto kind = type_kind(rows.text(r, c_typtype));
    if (!kind) continue;
    auto object =
        make_object(*kind, {std::string(rows.text(r, c_nsp)), std::string(rows.text(r, c_name))});
    set_ownership(object, rows, r, ownership);
    switch (*kind) {
      case Kind::enum_type:
        set_attribute(object, "labels", quoted_labels(rows.text(r, c_labels)));
        break;
      case Kind::domain: {
        set_attribute(object, "data_type", rows.text(r, c_base_type));
        set_attribute(object, "not_null", bool_text(rows.flag(r, c_not_null)));
        set_if_present(object, "default", rows.optional_text(r, c_default));
        if (!rows.is_null(r, c_collation_name)) {
          set_attribute(object, "collation",
                        visible_name(rows.text(r, c_collation_schema),
                                     rows.text(r, c_collation_name), keywords));
        }
        const auto names = array_or_empty(rows, r, c_constraint_names);
        const auto definitions = array_or_empty(rows, r, c_constraint_definitions);
        std::vector<std::string> constraints;
        for (std::size_t i = 0; i < names.size() && i < definitions.size(); ++i) {
          constraints.push_back(quote_ident(names[i].value_or(""), keywords) + " " +
                                definitions[i].value_or(""));
        }
        if (!constraints.empty()) set_attribute(object, "constraints", join(constraints, "\n"));
        break;
      }
      case Kind::composite_type: {
        const auto names = array_or_empty(rows, r, c_field_names);
        const auto types = array_or_empty(rows, r, c_field_types);
        const auto collation_schemas = array_or_empty(rows, r, c_field_collation_schemas);
        const auto collation_names = array_or_empty(rows, r, c_field_collation_names);
        std::vector<std::string> fields;
        for (std::size_t i = 0; i < names.size() && i < types.size(); ++i) {
          std::string field =
              quote_ident(names[i].value_or(""), keywords) + " " + types[i].value_or("");
          if (i < collation_names.size() && collation_names[i] && i < collation_schemas.size()) {
            field += " COLLATE " +
                     visible_name(collation_schemas[i].value_or(""), *collation_names[i], keywords);
          }
          fields.push_back(std::move(field));
        }
        set_attribute(object, "fields", join(fields, ", "));
        break;
      }
      case Kind::range_type:
        set_if_present(object, "subtype", rows.optional_text(r, c_subtype));
        if (!rows.is_null(r, c_opclass)) {
          set_attribute(
              object, "subtype_opclass",
              visible_name(rows.text(r, c_opclass_schema), rows.text(r, c_opclass), keywords));
        }
        if (!rows.is_null(r, c_range_collation)) {
          set_attribute(object, "collation",
                        visible_name(rows.text(r, c_range_collation_schema),
                                     rows.text(r, c_range_collation), keywords));
        }
        set_if_present(object, "canonical", rows.optional_text(r, c_canonical));
        set_if_present(object, "subtype_diff", rows.optional_text(r, c_subtype_diff));
        break;
      default: break;
    }
    out.push_back(std::move(object));
  }
}

}  // namespace driftwatch::probes
