// The catalog queries behind a snapshot: one round trip per object kind,
// reading pg_catalog directly. All SQL of the snapshot lives in catalog_queries.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace driftwatch::probes {

/// One named query.
struct CatalogQuery {
  std::string_view name;
  std::string_view sql;
  /// Takes $1: true to report the columns, constraints, indexes and triggers
  /// that partitions inherit from their parent, false to fold them into it.
  bool uses_partition_flag;
  /// Reads relations and what belongs to them only, and takes $2 and $3
  /// (RelationScope): a partial read runs these queries alone.
  bool relation_bound = false;
};

/// The relations (pg_class oids) a partial read covers.
struct RelationScope {
  std::vector<long long> relations;   ///< read and reported
  std::vector<long long> referenced;  ///< their column names only, for foreign keys
};

/// The queries, in the order a snapshot runs them. Rules and views come
/// last: deparsing their bodies takes an AccessShareLock on every relation
/// they read, held until the transaction ends, which is right after them.
const std::vector<CatalogQuery>& catalog_queries();

/// The query's text with the partition flag written in for $1, and the
/// scope for $2 and $3: every relation without one (pipelined queries cannot
/// take parameters; both are driftwatch's own numbers).
std::string query_text(const CatalogQuery& query, bool report_partition_members,
                       const RelationScope* scope = nullptr);

/// The relations the "relations" query reports: relid, nspname, relname.
std::string_view relation_names_query();

/// The transaction's snapshot (pg_current_snapshot()): one row, one column.
/// Two equal ones mean no transaction committed in between.
std::string_view transaction_snapshot_query();

/// Run last in a REPEATABLE READ transaction: one row, one boolean column,
/// true when a transaction has committed since the transaction's snapshot
/// was taken. It reads age()'s reference, fixed at the transaction's first
/// call: valid only if no query called age() before the last catalog query
/// had run (none of catalog_queries() calls it; the fingerprint does).
std::string_view committed_since_snapshot_query();

}  // namespace driftwatch::probes
