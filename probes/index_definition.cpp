#include "probes/index_definition.h"

#include <stdexcept>

namespace driftwatch::probes {
namespace {

// pg_index.indoption bits (src/include/catalog/pg_index.h).
constexpr long long kIndexOptionDesc = 0x0001;
constexpr long long kIndexOptionNullsFirst = 0x0002;

template <typename Map, typename Key>
const auto& lookup(const Map& map, const Key& key, const char* what, const IndexFacts& index) {
  auto it = map.find(key);
  if (it == map.end()) {
    throw std::out_of_range("index " + index.table_schema + "." + index.name + ": unknown " + what);
  }
  return it->second;
}

}  // namespace

std::string render_index_definition(const IndexFacts& index, const CatalogContext& context) {
  const auto& [am_name, am_can_order] =
      lookup(context.access_methods, index.access_method, "access method", index);
  const auto& keywords = context.keywords;
  std::string out = index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
  out += quote_ident(index.name, keywords);
  out += index.only ? " ON ONLY " : " ON ";
  out += quote_qualified(index.table_schema, index.table_name, keywords);
  out += " USING " + quote_ident(am_name, keywords) + " (";
  for (std::size_t k = 0; k < index.columns.size(); ++k) {
    if (k == index.key_count) {
      out += ") INCLUDE (";
    } else if (k > 0) {
      out += ", ";
    }
    const auto& column =
        lookup(context.columns, std::pair{index.table_oid, index.columns[k]}, "column", index);
    out += column.quoted_name;
    if (k >= index.key_count) continue;
    if (k < index.collations.size() && index.collations[k] != 0 &&
        index.collations[k] != column.collation) {
      out += " COLLATE " + lookup(context.collations, index.collations[k], "collation", index);
    }
    const auto& opclass =
        lookup(context.operator_classes, index.operator_classes.at(k), "operator class", index);
    auto options =
        context.index_column_options.find({index.index_oid, static_cast<long long>(k + 1)});
    if (!opclass.is_default || options != context.index_column_options.end()) {
      out += " " + opclass.qualified_name;
    }
    if (options != context.index_column_options.end()) {
      out += " (" + render_options(parse_text_array_values(options->second), keywords) + ")";
    }
    if (am_can_order && k < index.key_options.size()) {
      const long long option = index.key_options[k];
      const bool descending = (option & kIndexOptionDesc) != 0;
      const bool nulls_first = (option & kIndexOptionNullsFirst) != 0;
      if (descending) {
        out += " DESC";
        if (!nulls_first) out += " NULLS LAST";
      } else if (nulls_first) {
        out += " NULLS FIRST";
      }
    }
  }
  out += ")";
  if (index.nulls_not_distinct) out += " NULLS NOT DISTINCT";
  if (!index.storage_options.empty()) {
    out += " WITH (" + render_options(index.storage_options, keywords) + ")";
  }
  if (index.predicate) out += " WHERE " + *index.predicate;
  return out;
}

}  // namespace driftwatch::probes
