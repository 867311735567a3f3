#include "probes/catalog_assembler.h"

#include <algorithm>
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

bool by_name(const schema::Attribute& a, const schema::Attribute& b) { return a.first < b.first; }

bool by_key(const SchemaObject& a, const SchemaObject& b) { return a.key < b.key; }

// Each query's objects were sorted on arrival, and each kind comes from one
// query, so every kind is already one sorted run: what is left is to put the
// runs in canonical kind order. A stable counting sort by kind, applied in
// place by swaps, does that without a second copy of the objects.
void place_in_kind_order(Objects& objects) {
  std::vector<std::size_t> start(schema::all_kinds().size() + 1, 0);
  for (const auto& object : objects) ++start[static_cast<std::size_t>(object.key.kind) + 1];
  for (std::size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
  std::vector<std::size_t> destination(objects.size());
  for (std::size_t i = 0; i < objects.size(); ++i) {
    destination[i] = start[static_cast<std::size_t>(objects[i].key.kind)]++;
  }
  for (std::size_t i = 0; i < objects.size(); ++i) {
    while (destination[i] != i) {
      const std::size_t j = destination[i];
      std::swap(objects[i], objects[j]);
      std::swap(destination[i], destination[j]);
    }
  }
}

}  // namespace

void CatalogAssembler::add(std::string_view query_name, const ResultTable& rows) {
  for (const auto& reader : kReaders) {
    if (reader.query == query_name) {
      objects_.reserve(objects_.size() + rows.rows());
      const std::size_t first_new = objects_.size();
      reader.read(rows, context_, objects_);
      for (std::size_t i = first_new; i < objects_.size(); ++i) {
        auto& attributes = objects_[i].attributes;
        // Attribute lists grew one push at a time; a 10,000-table schema has
        // 200,000 of them, so the spare capacity adds up.
        attributes.shrink_to_fit();
        std::sort(attributes.begin(), attributes.end(), by_name);
      }
      // Sorted now, while the server runs the next queries, rather than all
      // at once when the last one has arrived; finish() only places kinds.
      std::sort(objects_.begin() + static_cast<std::ptrdiff_t>(first_new), objects_.end(), by_key);
      return;
    }
  }
  throw std::invalid_argument("no reader for catalog query \"" + std::string(query_name) + "\"");
}

schema::Snapshot CatalogAssembler::finish() && {
  place_in_kind_order(objects_);
  return schema::Snapshot(std::move(objects_));
}

}  // namespace driftwatch::probes
