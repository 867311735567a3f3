// CREATE INDEX statements assembled from pg_index's raw columns, exactly as
// pg_get_indexdef() prints them, without the server's per-index deparse cost.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "probes/catalog_context.h"

namespace driftwatch::probes {

/// The raw catalog facts of one index without key expressions.
struct IndexFacts {
  std::string name;
  std::string table_schema;
  std::string table_name;
  long long table_oid = 0;
  long long index_oid = 0;
  bool only = false;  ///< a partitioned index that is not itself a partition
  bool unique = false;
  bool nulls_not_distinct = false;
  long long access_method = 0;
  std::size_t key_count = 0;                 ///< indnkeyatts; the rest are INCLUDE columns
  std::vector<long long> columns;            ///< indkey: attnums, key columns first
  std::vector<long long> key_options;        ///< indoption per key column
  std::vector<long long> operator_classes;   ///< indclass per key column
  std::vector<long long> collations;         ///< indcollation per key column
  std::vector<std::string> storage_options;  ///< reloptions
  std::optional<std::string> predicate;      ///< deparsed WHERE clause
};

/// The index's CREATE INDEX statement. Throws std::out_of_range when the
/// context lacks a column or operator class the index names.
std::string render_index_definition(const IndexFacts& index, const CatalogContext& context);

}  // namespace driftwatch::probes
