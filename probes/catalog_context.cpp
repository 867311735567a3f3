#include "probes/catalog_context.h"

namespace driftwatch::probes {

void read_lookups(const ResultTable& rows, CatalogContext& context) {
  const auto what = rows.column("what");
  const auto oid = rows.column("oid");
  const auto num = rows.column("num");
  const auto name = rows.column("name");
  const auto schema = rows.column("schema");
  const auto flag = rows.column("flag");
  // Keywords first: quoting the other names depends on them.
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    if (rows.text(r, what) == "keyword") context.keywords.emplace(rows.text(r, name));
  }
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    const auto kind = rows.text(r, what);
    const long long id = std::stoll(std::string(rows.text(r, oid)));
    if (kind == "opclass") {
      context.operator_classes[id] =
          OperatorClass{visible_name(rows.text(r, schema), rows.text(r, name), context.keywords),
                        rows.flag(r, flag)};
    } else if (kind == "collation") {
      context.collations[id] =
          visible_name(rows.text(r, schema), rows.text(r, name), context.keywords);
    } else if (kind == "access_method") {
      context.access_methods[id] = {std::string(rows.text(r, name)), rows.flag(r, flag)};
    } else if (kind == "index_column_options") {
      context.index_column_options[{id, std::stoll(std::string(rows.text(r, num)))}] =
          std::string(rows.text(r, name));
    }
  }
}

}  // namespace driftwatch::probes
