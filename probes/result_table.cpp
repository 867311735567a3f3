#include "probes/result_table.h"

#include <stdexcept>

namespace driftwatch::probes {

ResultTable::ResultTable(std::vector<std::string> columns,
                         std::initializer_list<std::vector<Cell>> rows)
    : columns_(std::move(columns)) {
  for (const auto& row : rows) add_row(row);
}

void ResultTable::add_row(const std::vector<Cell>& cells) {
  if (cells.size() != columns_.size()) {
    throw std::invalid_argument("row has " + std::to_string(cells.size()) + " cells, table has " +
                                std::to_string(columns_.size()) + " columns");
  }
  for (const auto& cell : cells) {
    append_cell(cell ? cell->data() : nullptr, cell ? cell->size() : 0, !cell.has_value());
  }
}

void ResultTable::reserve_cells(std::size_t cells) { ends_.reserve(ends_.size() + cells); }

void ResultTable::append_cell(const char* data, std::size_t size, bool is_null) {
  if (data_.size() + size >= kNullBit) {
    throw std::length_error("a query result holds more than 2 GiB of text");
  }
  if (size > 0) data_.append(data, size);
  ends_.push_back(static_cast<std::uint32_t>(data_.size()) | (is_null ? kNullBit : 0U));
}

std::size_t ResultTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i] == name) return i;
  }
  throw std::out_of_range("query result has no column \"" + std::string(name) + "\"");
}

std::size_t ResultTable::cell(std::size_t row, std::size_t col) const {
  const std::size_t index = row * columns_.size() + col;
  if (col >= columns_.size() || index + 1 >= ends_.size()) {
    throw std::out_of_range("cell (" + std::to_string(row) + ", " + std::to_string(col) +
                            ") is outside the query result");
  }
  return index;
}

bool ResultTable::is_null(std::size_t row, std::size_t col) const {
  return (ends_[cell(row, col) + 1] & kNullBit) != 0;
}

std::string_view ResultTable::text(std::size_t row, std::size_t col) const {
  const std::size_t i = cell(row, col);
  const std::size_t start = end_of(i);
  return std::string_view(data_).substr(start, end_of(i + 1) - start);
}

std::optional<std::string_view> ResultTable::optional_text(std::size_t row, std::size_t col) const {
  if (is_null(row, col)) return std::nullopt;
  return text(row, col);
}

std::string first_row_text(const ResultTable& rows, std::string_view last_column) {
  std::string text;
  for (std::size_t c = 0; c < rows.columns().size(); ++c) {
    text += rows.columns()[c] + "=" + std::string(rows.text(0, c)) + ";";
    if (rows.columns()[c] == last_column) break;
  }
  return text;
}

}  // namespace driftwatch::probes
