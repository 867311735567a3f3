// Query results as plain data: the seam between the one file that talks to
// PostgreSQL (session.cpp) and the pure functions that interpret catalog rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace driftwatch::probes {

/// A rectangular table of nullable text cells with named columns.
class ResultTable {
 public:
  using Cell = std::optional<std::string>;

  ResultTable() = default;
  explicit ResultTable(std::vector<std::string> columns) : columns_(std::move(columns)) {}

  /// Literal tables for tests: {{"nspname", "relname"}, {{"app", "users"}}}.
  ResultTable(std::vector<std::string> columns, std::initializer_list<std::vector<Cell>> rows);

  void add_row(const std::vector<Cell>& cells);

  /// Makes room for this many more cells, so that a large result is copied
  /// in without growing its index as it goes.
  void reserve_cells(std::size_t cells);

  /// Appends one cell; rows fill left to right. For building large results
  /// without a per-cell allocation. Throws std::length_error past 2 GiB of
  /// cell bytes.
  void append_cell(const char* data, std::size_t size, bool is_null);

  [[nodiscard]] std::size_t rows() const {
    return columns_.empty() ? 0 : (ends_.size() - 1) / columns_.size();
  }
  [[nodiscard]] const std::vector<std::string>& columns() const { return columns_; }

  /// The index of a column. Throws std::out_of_range naming the column, so a
  /// query and its reader that disagree fail loudly.
  [[nodiscard]] std::size_t column(std::string_view name) const;

  [[nodiscard]] bool is_null(std::size_t row, std::size_t col) const;
  /// The cell's text; empty for NULL.
  [[nodiscard]] std::string_view text(std::size_t row, std::size_t col) const;
  [[nodiscard]] std::optional<std::string_view> optional_text(std::size_t row,
                                                              std::size_t col) const;
  /// PostgreSQL booleans arrive as "t" / "f".
  [[nodiscard]] bool flag(std::size_t row, std::size_t col) const { return text(row, col) == "t"; }

  /// Bytes held in cells: what a query shipped.
  [[nodiscard]] std::size_t payload_bytes() const { return data_.size(); }

 private:
  [[nodiscard]] std::size_t cell(std::size_t row, std::size_t col) const;

  // A result of 2 million cells (the columns of a 10,000-table schema) holds
  // more index than text: each cell costs 4 bytes here, NULL flag included.
  static constexpr std::uint32_t kNullBit = 0x80000000U;
  [[nodiscard]] std::size_t end_of(std::size_t entry) const { return ends_[entry] & ~kNullBit; }

  std::vector<std::string> columns_;
  std::string data_;  ///< every cell's bytes, back to back
  /// Entry i + 1: where cell i ends in data_ (it starts where cell i - 1
  /// ends), with kNullBit set when the cell is NULL.
  std::vector<std::uint32_t> ends_{0};
};

/// The first row as "column=value;" for each column, through `last_column`
/// when one is named: a one-row answer (a fingerprint, a transaction
/// snapshot) as text to store and compare.
std::string first_row_text(const ResultTable& rows, std::string_view last_column = {});

}  // namespace driftwatch::probes
