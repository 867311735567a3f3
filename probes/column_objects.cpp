// Columns from their catalog rows. A column's position is its rank among the
// relation's live columns, so the holes dropped columns leave in attnum never
// show: a table rebuilt from a dump has the same positions.
#include <algorithm>
#include <map>

#include "probes/catalog_objects.h"
#include "probes/object_builder.h"

namespace driftwatch::probes {
namespace {

std::optional<std::string_view> identity_text(std::string_view code) {
  if (code == "a") return "always";
  if (code == "d") return "by default";
  return std::nullopt;
}

std::optional<std::string_view> storage_text(std::string_view code) {
  if (code == "p") return "plain";
  if (code == "e") return "external";
  if (code == "m") return "main";
  if (code == "x") return "extended";
  return std::nullopt;
}

std::optional<std::string_view> compression_text(std::string_view code) {
  if (code == "p") return "pglz";
  if (code == "l") return "lz4";
  return std::nullopt;
}

}  // namespace

void column_objects(const ResultTable& rows, CatalogContext& context, Objects& out) {
  const auto c_relid = rows.column("relid");
  const auto c_nsp = rows.column("nspname");
  const auto c_rel = rows.column("relname");
  const auto c_reported = rows.column("reported");
  const auto c_name = rows.column("attname");
  const auto c_num = rows.column("attnum");
  const auto c_collation_oid = rows.column("attcollation");
  const auto c_type = rows.column("type");
  const auto c_not_null = rows.column("attnotnull");
  const auto c_identity = rows.column("attidentity");
  const auto c_generated = rows.column("attgenerated");
  const auto c_default = rows.column("default_expr");
  const auto c_collation_schema = rows.column("collation_schema");
  const auto c_collation_name = rows.column("collation_name");
  const auto c_acl = rows.column("acl");
  const auto c_statistics = rows.column("attstattarget");
  const auto c_storage = rows.column("storage");
  const auto c_compression = rows.column("attcompression");
  const auto c_comment = rows.column("description");

  // (attnum, row) per relation, to rank columns by attnum.
  std::map<long long, std::vector<std::pair<long long, std::size_t>>> by_relation;
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    const long long relid = std::stoll(std::string(rows.text(r, c_relid)));
    const long long attnum = std::stoll(std::string(rows.text(r, c_num)));
    by_relation[relid].emplace_back(attnum, r);
    context.columns[{relid, attnum}] =
        RelationColumn{quote_ident(rows.text(r, c_name), context.keywords),
                       std::stoll(std::string(rows.text(r, c_collation_oid)))};
  }

  for (auto& [relid, columns] : by_relation) {
    // A folded partition's columns are its parent's, an extension's belong to
    // the extension; they were read only for the definitions that name them.
    if (!rows.flag(columns.front().second, c_reported)) continue;
    std::sort(columns.begin(), columns.end());
    for (std::size_t position = 0; position < columns.size(); ++position) {
      const std::size_t r = columns[position].second;
      auto object = make_object(schema::Kind::column,
                                {std::string(rows.text(r, c_nsp)), std::string(rows.text(r, c_rel)),
                                 std::string(rows.text(r, c_name))});
      set_attribute(object, "position", std::to_string(position + 1));
      set_attribute(object, "type", rows.text(r, c_type));
      set_attribute(object, "not_null", bool_text(rows.flag(r, c_not_null)));
      if (rows.text(r, c_generated) == "s") {
        set_if_present(object, "generated", rows.optional_text(r, c_default));
      } else {
        set_if_present(object, "default", rows.optional_text(r, c_default));
      }
      set_if_present(object, "identity", identity_text(rows.text(r, c_identity)));
      if (!rows.is_null(r, c_collation_name)) {
        set_attribute(object, "collation",
                      visible_name(rows.text(r, c_collation_schema), rows.text(r, c_collation_name),
                                   context.keywords));
      }
      if (auto acl = rows.optional_text(r, c_acl)) {
        set_attribute(object, "acl", canonical_acl(*acl));
      }
      // -1 (and NULL from PostgreSQL 17) means the default statistics target.
      if (auto target = rows.optional_text(r, c_statistics); target && *target != "-1") {
        set_attribute(object, "statistics", *target);
      }
      set_if_present(object, "storage", storage_text(rows.text(r, c_storage)));
      set_if_present(object, "compression", compression_text(rows.text(r, c_compression)));
      set_if_present(object, "comment", rows.optional_text(r, c_comment));
      out.push_back(std::move(object));
    }
  }
}

}  // namespace driftwatch::probes
