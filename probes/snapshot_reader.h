// Reads a consistent schema snapshot from a live database.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "probes/schema/provenance.h"
#include "probes/schema/snapshot.h"
#include "probes/session.h"

namespace driftwatch::probes {

struct ReadOptions {
  bool fold_partitions = true;
  /// Reads to try when DDL commits while one runs, before giving up.
  int max_attempts = 3;
  /// Take the catalog fingerprint of the state read, for CatalogRead: the
  /// daemon compares it with later ones. Without it, the fingerprint (a scan
  /// of the catalogs, a tenth of a read) is taken only when a transaction
  /// committed during the read, to check the catalog did not change.
  bool keep_fingerprint = true;
  /// Also read the catalog rows written by this transaction or later ones
  /// (a previous read's CatalogWrites::next_since): provenance.
  std::optional<schema::FullXid> writes_since;
};

/// What one catalog query cost: for finding the slowest kind.
struct QueryStat {
  std::string name;
  std::chrono::duration<double> elapsed{};
  std::size_t rows = 0;
  std::size_t bytes = 0;
};

/// What a read leaves for a later partial one: the state it saw.
struct ReadBase {
  std::string snapshot;     ///< the transaction's pg_current_snapshot()
  std::string fingerprint;  ///< catalog_fingerprint() of that state
  /// Every relation the read reported, by pg_class oid: {schema, name}.
  std::map<long long, std::vector<std::string>> relations;
};

struct CatalogRead {
  schema::Snapshot snapshot;
  std::vector<QueryStat> queries;  ///< of the successful attempt
  int attempts = 0;
  /// catalog_fingerprint() of the state read; empty when it was not kept
  /// and not needed (ReadOptions::keep_fingerprint).
  std::string fingerprint;
  /// Rows written since ReadOptions::writes_since, in the read's snapshot;
  /// next_since is set whenever the snapshot could be parsed.
  schema::CatalogWrites writes;
  /// For a partial read next time; empty when the fingerprint was not kept.
  ReadBase base;
};

/// A re-read of the relations whose catalog rows changed since a read.
struct PartialRead {
  schema::Snapshot fresh;  ///< every object of the relations re-read
  /// The relations, as {schema, name}, whose objects `fresh` replaces: their
  /// names in the previous read and now.
  std::set<std::vector<std::string>> replaced;
  std::size_t relations = 0;  ///< how many were re-read
  std::vector<QueryStat> queries;
  schema::CatalogWrites writes;
  ReadBase base;  ///< `since`, brought up to this read: its fingerprint is the state read's
};

/// Reads every object kind, one pipelined query each, inside one REPEATABLE
/// READ read-only transaction; view and rule bodies come last, as deparsing
/// them locks the relations they read until the transaction ends. The
/// server's deparse functions read the latest catalog rather than the
/// transaction's snapshot, so if any transaction committed during the read,
/// the catalog fingerprint of the read's snapshot and the latest one must
/// agree, or the read is retried. Throws std::runtime_error when every attempt saw
/// the schema change, and whatever the session throws.
CatalogRead read_catalog(Session& session, const ReadOptions& options);

/// Re-reads only the relations whose catalog rows were written since the
/// read `since` describes, with those whose definitions name them, in one
/// REPEATABLE READ read-only transaction. Nothing when that cannot be
/// trusted (see plan_partial_read), when DDL committed during the read, or
/// when more than `max_relations` would be re-read: then a whole read
/// (read_catalog) is needed. Throws whatever the session throws.
std::optional<PartialRead> read_changed_relations(Session& session, const ReadOptions& options,
                                                  const ReadBase& since, std::size_t max_relations);

/// What a partial read needs to start from the current state, without
/// reading it: for a poller that trusts a stored schema whose fingerprint
/// is the current one. Costs a fingerprint and a list of relation names.
ReadBase read_base(Session& session);

/// A digest of every catalog row's identity and transaction: it moves with
/// any committed DDL. Costs a scan of the catalogs, about a tenth of a read.
std::string catalog_fingerprint(Session& session);

}  // namespace driftwatch::probes
