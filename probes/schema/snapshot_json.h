// The JSON snapshot format (docs/snapshot-format.md): what `driftwatch
// snapshot --format json` writes and `driftwatch diff` reads back.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "probes/schema/hashes.h"
#include "probes/schema/snapshot.h"

namespace driftwatch::schema {

/// Writes the snapshot with its hashes, one object per line. Bytes are
/// deterministic: the same snapshot always gives the same output.
void write_snapshot_json(std::ostream& out, const Snapshot& snapshot, const SnapshotHashes& hashes);

/// Reads a JSON snapshot. Throws SnapshotError naming the origin (a file
/// name), then what is wrong and where.
Snapshot read_snapshot_json(std::string_view text, std::string_view origin);

/// One object as a single-line JSON document {"kind","path","args","attributes"}:
/// how the daemon's state store keeps objects.
std::string object_to_json(const SchemaObject& object);

/// The inverse of object_to_json. Throws SnapshotError naming `origin`.
SchemaObject object_from_json(std::string_view text, std::string_view origin);

/// Reads either format: JSON when the text starts with '{', canonical text otherwise.
Snapshot read_snapshot(std::string_view text, std::string_view origin);

}  // namespace driftwatch::schema
