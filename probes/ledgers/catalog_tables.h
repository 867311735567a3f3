// What a ledger reader is given: the candidate tables found in the catalog,
// their rows as plain text, and the advisory locks held on the server.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace driftwatch::ledgers {

struct Column {
  std::string name;
  std::string type;  ///< as format_type() prints it
};

/// A table that may be a ledger, with its columns.
struct TableInfo {
  std::string schema;
  std::string name;
  std::vector<Column> columns;
  bool readable = true;  ///< the role has SELECT on it

  [[nodiscard]] const Column* column(std::string_view column_name) const;
  [[nodiscard]] bool has_columns(const std::vector<std::string_view>& names) const;
  /// The named columns it lacks.
  [[nodiscard]] std::vector<std::string> missing_columns(
      const std::vector<std::string_view>& names) const;
  /// "schema.table", quoted where needed.
  [[nodiscard]] std::string qualified() const;
};

/// A table's rows, every value as text (NULL as nothing), in the order read.
struct Rows {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> values;
  /// The transaction that last wrote each row (a full xid), when read.
  std::vector<std::uint64_t> xids{};

  [[nodiscard]] std::size_t size() const { return values.size(); }
  /// The column's index, or nothing when the table has no such column.
  [[nodiscard]] std::optional<std::size_t> column(std::string_view name) const;
  /// The value at (row, column name); nothing for NULL or a missing column.
  [[nodiscard]] std::optional<std::string> get(std::size_t row, std::string_view name) const;
  /// "t" as true; anything else as false.
  [[nodiscard]] bool flag(std::size_t row, std::string_view name) const;
  /// The transaction that last wrote the row; 0 when unknown.
  [[nodiscard]] std::uint64_t xid(std::size_t row) const {
    return row < xids.size() ? xids[row] : 0;
  }
};

/// An advisory lock in pg_locks: the 64-bit key the tools pass to
/// pg_advisory_lock(bigint), and whether it is granted.
struct AdvisoryLock {
  long long key = 0;
  bool granted = false;
  std::optional<std::string> since;  ///< when the holding session's current query began
};

/// Everything about one ledger that its reader may look at.
struct LedgerInput {
  TableInfo table;
  Rows rows;
  /// Companion tables (lock tables, sqitch's registry), by table name.
  std::map<std::string, Rows> related;
  std::vector<AdvisoryLock> advisory_locks;
  /// The role that reads the ledger, for the GRANT a missing privilege
  /// needs; empty when not known.
  std::string role;
};

}  // namespace driftwatch::ledgers
