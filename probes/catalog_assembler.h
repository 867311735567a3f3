// Turns the catalog queries' rows into a snapshot. Pure: fed ResultTables in
// the order of catalog_queries(), it needs no database.
#pragma once

#include <string_view>
#include <vector>

#include "probes/catalog_context.h"
#include "probes/result_table.h"
#include "probes/schema/snapshot.h"

namespace driftwatch::probes {

class CatalogAssembler {
 public:
  /// Interprets one query's rows. Throws std::invalid_argument for a query
  /// name it does not know, std::out_of_range for a missing column.
  void add(std::string_view query_name, const ResultTable& rows);

  /// The canonical snapshot of everything added.
  schema::Snapshot finish() &&;

 private:
  CatalogContext context_;
  std::vector<schema::SchemaObject> objects_;
};

}  // namespace driftwatch::probes
