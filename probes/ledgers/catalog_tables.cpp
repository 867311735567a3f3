#include "probes/ledgers/catalog_tables.h"

#include <algorithm>

#include "probes/schema/identity.h"

namespace driftwatch::ledgers {

const Column* TableInfo::column(std::string_view column_name) const {
  auto it = std::find_if(columns.begin(), columns.end(),
                         [&](const Column& c) { return c.name == column_name; });
  return it == columns.end() ? nullptr : &*it;
}

bool TableInfo::has_columns(const std::vector<std::string_view>& names) const {
  return std::all_of(names.begin(), names.end(),
                     [&](std::string_view wanted) { return column(wanted) != nullptr; });
}

std::vector<std::string> TableInfo::missing_columns(
    const std::vector<std::string_view>& names) const {
  std::vector<std::string> missing;
  for (auto wanted : names) {
    if (column(wanted) == nullptr) missing.emplace_back(wanted);
  }
  return missing;
}

std::string TableInfo::qualified() const { return schema::format_identity({schema, name}); }

std::optional<std::size_t> Rows::column(std::string_view name) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return i;
  }
  return std::nullopt;
}

std::optional<std::string> Rows::get(std::size_t row, std::string_view name) const {
  const auto index = column(name);
  if (!index || row >= values.size() || *index >= values[row].size()) return std::nullopt;
  return values[row][*index];
}

bool Rows::flag(std::size_t row, std::string_view name) const { return get(row, name) == "t"; }

}  // namespace driftwatch::ledgers
