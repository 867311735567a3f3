// Small helpers for the ledger reader tests: run a reader on literal rows the
// way read_ledger is called in production, and look at what it said.
#pragma once

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "probes/ledgers/readers.h"

namespace driftwatch::ledgers::test {

using Values = std::vector<std::vector<std::optional<std::string>>>;

/// The ledger `table` of `framework` as detection reports it, with these
/// rows, companion tables (by name) and advisory locks.
inline LedgerState read_rows(Framework framework, const TableInfo& table, Values values,
                             std::map<std::string, Rows> related = {},
                             std::vector<AdvisoryLock> locks = {}) {
  DetectedLedger detected;
  detected.framework = framework;
  detected.table = table;
  for (const auto& [name, rows] : related) detected.related.push_back({table.schema, name, {}});
  Rows rows;
  for (const auto& column : table.columns) rows.columns.push_back(column.name);
  rows.values = std::move(values);
  const LedgerInput input{table, std::move(rows), std::move(related), std::move(locks), {}};
  return read_ledger(detected, input);
}

inline std::vector<std::string> applied_ids(const LedgerState& state) {
  std::vector<std::string> out;
  for (const auto& migration : state.applied) out.push_back(migration.id);
  return out;
}

inline std::vector<std::string> failed_ids(const LedgerState& state) {
  std::vector<std::string> out;
  for (const auto& migration : state.failed) out.push_back(migration.id);
  return out;
}

/// Every note, one a line, to search with Catch::Contains.
inline std::string notes(const LedgerState& state) {
  std::string out;
  for (const auto& note : state.notes) out += note + "\n";
  return out;
}

/// What every reader owes a person: a state that needs attention is
/// explained, comes with a next step, and that step never tells them to
/// reset, drop or flush anything except to warn against it.
inline void check_advice(const LedgerState& state) {
  INFO("health: " << health_name(state.health));
  CHECK_FALSE(state.explanation.empty());
  if (!needs_attention(state.health)) return;
  CHECK_FALSE(state.next_step.empty());
  for (std::string_view word : {"reset", "drop", "flush", "truncate"}) {
    std::string lower;
    for (char c : state.next_step) {
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (lower.find(word) == std::string::npos) continue;
    INFO("the next step names \"" << word << "\": " << state.next_step);
    CHECK((lower.find("do not") != std::string::npos || lower.find("never") != std::string::npos));
  }
}

}  // namespace driftwatch::ledgers::test
