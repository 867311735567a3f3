// Columns from their catalog rows. A column's position is its rank among the
// relation's live columns, so the holes dropped columns leave in attnum never
// show: a table rebuilt from a dump has the same positions.
#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <tuple>

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

// A number the server printed: an oid or an attnum.
long long to_number(std::string_view text) {
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw std::invalid_argument("not a number: \"" + std::string(text) + "\"");
  }
  return value;
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

  // Rows by (relation, attnum): a relation's columns together, ranked. A
  // 10,000-table schema has 105,000 of them, so this is a flat sort rather
  // than a tree, and the lookup table below is filled in its own order.
  struct Place {
    long long relid;
    long long attnum;
    std::size_t row;
  };
  std::vector<Place> places;
  places.reserve(rows.rows());
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    places.push_back({to_number(rows.text(r, c_relid)), to_number(rows.text(r, c_num)), r});
  }
  std::sort(places.begin(), places.end(), [](const Place& a, const Place& b) {
    return std::tie(a.relid, a.attnum) < std::tie(b.relid, b.attnum);
  });
  for (const auto& place : places) {
    context.columns.emplace_hint(
        context.columns.end(), std::pair{place.relid, place.attnum},
        RelationColumn{quote_ident(rows.text(place.row, c_name), context.keywords),
                       to_number(rows.text(place.row, c_collation_oid))});
  }

  for (std::size_t first = 0, last = 0; first < places.size(); first = last) {
    while (last < places.size() && places[last].relid == places[first].relid) ++last;
    // A folded partition's columns are its parent's, an extension's belong to
    // the extension; they were read only for the definitions that name them.
    if (!rows.flag(places[first].row, c_reported)) continue;
    for (std::size_t position = 0; first + position < last; ++position) {
      const std::size_t r = places[first + position].row;
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
