// Which transaction last wrote each object's catalog rows: plain data read
// with a snapshot, and the wraparound-safe arithmetic on transaction ids.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "probes/schema/object.h"

namespace driftwatch::schema {

/// A 64-bit transaction id (xid8): epoch and 32-bit xid, never wraps.
using FullXid = std::uint64_t;

/// The full id of a 32-bit xid seen on a row, given a full id known to be
/// newer than the row's writer (the reading snapshot's xmax): the newest id
/// at or below `reference` whose low 32 bits are `raw`. Nothing for the
/// special ids 0-2 (invalid, bootstrap, frozen), which name no transaction.
std::optional<FullXid> full_xid(std::uint32_t raw, FullXid reference);

/// The 32-bit xid a full id is stored as on rows.
std::uint32_t raw_xid(FullXid xid);

/// Parses pg_current_snapshot()'s text "xmin:xmax:xip,...": xmin and xmax.
/// Nothing when the text is not a snapshot.
struct SnapshotBounds {
  FullXid xmin = 0;  ///< every transaction below it had ended when the snapshot was taken
  FullXid xmax = 0;  ///< every transaction at or above it had not
};
std::optional<SnapshotBounds> parse_snapshot_bounds(std::string_view text);

/// One catalog row written at or after a read's lower bound, named by the
/// object it defines (a column's attribute row, a view's rewrite rule...).
struct ObjectWrite {
  Kind kind{};
  std::vector<std::string> path;
  std::optional<std::string> args;  ///< routines: as the snapshot's keys write them
  FullXid xid = 0;
  std::optional<std::string> committed_at;  ///< with track_commit_timestamp on
  /// True for the row a dropped column leaves behind: it names the relation
  /// (path) and the transaction that dropped one of its columns.
  bool dropped_column = false;
};

/// The catalog writes a read saw since a lower bound: enough to name the
/// transaction behind each object that changed since the previous read.
struct CatalogWrites {
  bool read = false;       ///< false: not read (no lower bound yet), nothing is known
  FullXid since = 0;       ///< the lower bound the writes were read from
  FullXid next_since = 0;  ///< this read's snapshot xmin: the next read's lower bound
  std::vector<ObjectWrite> writes;
};

/// The writes looked up by object. Built once per poll: dating each change
/// of a large migration by scanning every write would be quadratic.
class WriteIndex {
 public:
  explicit WriteIndex(const CatalogWrites& writes);

  /// The newest write of the object's own rows, or nullptr.
  [[nodiscard]] const ObjectWrite* latest(const ObjectKey& key) const;
  /// The oldest: for an object created since the lower bound, its creation
  /// (later DDL elsewhere can rewrite one of its rows, as a foreign key
  /// referencing a table rewrites the table's pg_class row).
  [[nodiscard]] const ObjectWrite* earliest(const ObjectKey& key) const;
  /// The newest dropped-column row of the relation at `path`, or nullptr.
  [[nodiscard]] const ObjectWrite* latest_column_drop(const std::vector<std::string>& path) const;

 private:
  std::vector<const ObjectWrite*> sorted_;  ///< by dropped_column, kind, path
};

/// The 32-bit xid of a row's xmin as the server prints it, or nothing.
std::optional<std::uint32_t> parse_raw_xid(std::string_view text);

}  // namespace driftwatch::schema
