// The hashes of a snapshot: one per object, one per kind, one for the whole.
#pragma once

#include <string>
#include <vector>

#include "probes/schema/sha256.h"
#include "probes/schema/snapshot.h"

namespace driftwatch::schema {

struct KindSummary {
  Kind kind{};
  std::size_t count = 0;
  std::string hash;  ///< SHA-256 of the canonical text of this kind's objects
};

struct SnapshotHashes {
  /// SHA-256 of the whole canonical text (equal to `sha256sum` of the text format).
  std::string root;
  /// One entry per kind present, in canonical order.
  std::vector<KindSummary> kinds;
  /// Parallel to Snapshot::objects(). A table's, view's or materialized view's
  /// hash covers its own record and the records of its columns, constraints,
  /// indexes, triggers, policies and rules; any other object's covers its record.
  /// As bytes (to_hex() gives the text): one per object adds up.
  std::vector<Digest> objects;
};

SnapshotHashes compute_hashes(const Snapshot& snapshot);

/// SnapshotHashes::root alone, in one pass over the text: for a caller
/// that needs no more (the daemon's schema hash, after every change).
std::string root_hash(const Snapshot& snapshot);

}  // namespace driftwatch::schema
