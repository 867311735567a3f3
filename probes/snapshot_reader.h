// Reads a consistent schema snapshot from a live database.
#pragma once

#include <chrono>
#include <optional>
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

/// A digest of every catalog row's identity and transaction: it moves with
/// any committed DDL. Costs a scan of the catalogs, about a tenth of a read.
std::string catalog_fingerprint(Session& session);

}  // namespace driftwatch::probes
