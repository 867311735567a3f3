// PRIMARY KEY, UNIQUE and FOREIGN KEY definitions assembled from
// pg_constraint's raw columns, exactly as pg_get_constraintdef() prints them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "probes/catalog_context.h"

namespace driftwatch::probes {

/// The raw catalog facts of one key constraint.
struct KeyConstraintFacts {
  char type = 'p';  ///< 'p' primary key, 'u' unique, 'f' foreign key
  long long table_oid = 0;
  std::vector<long long> columns;  ///< conkey
  bool deferrable = false;
  bool deferred = false;
  bool validated = true;
  // Primary key and unique: from the constraint's index.
  bool nulls_not_distinct = false;
  std::vector<long long> include_columns;  ///< index columns past the key columns
  // Foreign key.
  long long referenced_table_oid = 0;
  std::string referenced_schema;
  std::string referenced_table;
  std::vector<long long> referenced_columns;  ///< confkey
  char match_type = 's';                      ///< confmatchtype
  char update_action = 'a';                   ///< confupdtype
  char delete_action = 'a';                   ///< confdeltype
  std::vector<long long> delete_set_columns;  ///< confdelsetcols
};

/// The constraint's definition. Throws std::out_of_range when the context
/// lacks a column the constraint names.
std::string render_key_constraint(const KeyConstraintFacts& constraint,
                                  const CatalogContext& context);

}  // namespace driftwatch::probes
