// What the catalog assembler learns from earlier queries and later ones
// need: the server's keywords, operator classes, collations, access methods,
// and every relation's column names (to render index definitions).
#pragma once

#include <map>
#include <string>
#include <utility>

#include "probes/result_table.h"
#include "probes/sql_text.h"

namespace driftwatch::probes {

struct OperatorClass {
  std::string qualified_name;  ///< unqualified in pg_catalog, as the server prints it
  bool is_default = false;
};

struct RelationColumn {
  std::string quoted_name;
  long long collation = 0;
};

struct CatalogContext {
  KeywordSet keywords;
  std::map<long long, OperatorClass> operator_classes;
  std::map<long long, std::string> collations;  ///< oid -> qualified, quoted name
  std::map<long long, std::pair<std::string, bool>> access_methods;  ///< oid -> name, can order
  std::map<std::pair<long long, long long>, std::string> index_column_options;  ///< (index, column)
  std::map<std::pair<long long, long long>, RelationColumn> columns;  ///< (relation oid, attnum)
};

/// Fills the lookup tables from the "lookups" query.
void read_lookups(const ResultTable& rows, CatalogContext& context);

}  // namespace driftwatch::probes
