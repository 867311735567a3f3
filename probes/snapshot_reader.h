// Reads a consistent schema snapshot from a live database.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "probes/schema/snapshot.h"
#include "probes/session.h"

namespace driftwatch::probes {

struct ReadOptions {
  bool fold_partitions = true;
  /// Reads to try when DDL commits while one runs, before giving up.
  int max_attempts = 3;
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
};

/// Reads every object kind, one query each, inside one REPEATABLE READ
/// read-only transaction; then view and rule bodies in a short transaction
/// of their own (deparsing them locks the relations they read). The server's
/// deparse functions read the latest catalog rather than the transaction's
/// snapshot, so a catalog fingerprint taken at the start and again at the end
/// must agree, or the read is retried. Throws std::runtime_error when every
/// attempt saw the schema change, and whatever the session throws.
CatalogRead read_catalog(Session& session, const ReadOptions& options);

}  // namespace driftwatch::probes
