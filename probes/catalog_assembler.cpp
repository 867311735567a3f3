#include "probes/catalog_assembler.h"

#include <array>
#include <stdexcept>
#include <string>

#include "probes/catalog_objects.h"

namespace driftwatch::probes {
namespace {

using Reader = void (*)(const ResultTable&, CatalogContext&, Objects&);

struct QueryReader {
  std::string_view query;
  Reader read;
};

void lookups(const ResultTable& rows, CatalogContext& context, Objects&) {
  read_lookups(rows, context);
}

// One row per catalog query (catalog_queries.cpp).
constexpr std::array kReaders{
    QueryReader{"lookups", lookups},
    QueryReader{"schemas", schema_objects},
    QueryReader{"extensions", extension_objects},
    QueryReader{"relations", relation_objects},
    QueryReader{"columns", column_objects},
    QueryReader{"constraints", constraint_objects},
    QueryReader{"indexes", index_objects},
    QueryReader{"routines", routine_objects},
    QueryReader{"triggers", trigger_objects},
    QueryReader{"types", type_objects},
    QueryReader{"policies", policy_objects},
    QueryReader{"rules", rule_objects},
    QueryReader{"views", view_definitions},
};

}  // namespace

void CatalogAssembler::add(std::string_view query_name, const ResultTable& rows) {
  for (const auto& reader : kReaders) {
    if (reader.query == query_name) {
      objects_.reserve(objects_.size() + rows.rows());
      const std::size_t first_new = objects_.size();
      reader.read(rows, context_, objects_);
      // Attribute lists grew one push at a time; a 10,000-table schema has
      // 200,000 of them, so the spare capacity adds up.
      for (std::size_t i = first_new; i < objects_.size(); ++i) {
        objects_[i].attributes.shrink_to_fit();
      }
      return;
    }
  }
  throw std::invalid_argument("no reader for catalog query \"" + std::string(query_name) + "\"");
}

schema::Snapshot CatalogAssembler::finish() && { return schema::Snapshot(std::move(objects_)); }

}  // namespace driftwatch::probes
