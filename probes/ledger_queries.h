// The SQL that finds migration ledgers and reads them. All ledger SQL of
// driftwatch lives in ledger_queries.cpp.
#pragma once

#include <string>
#include <vector>

namespace driftwatch::probes {

/// Tables that may be ledgers, with their columns (names and types in
/// order) and whether the role may read them: those whose name matches
/// `name_pattern` (case-insensitively), every table in `schemas`, and those
/// named in `extra_names`.
std::string ledger_candidates_query(const std::string& name_pattern,
                                    const std::vector<std::string>& schemas,
                                    const std::vector<std::string>& extra_names);

/// The number of user tables (not partitions, not extension members).
std::string user_table_count_query();

/// Advisory locks: the 64-bit key, whether granted, and since when the
/// holding session runs its current statement.
std::string advisory_locks_query();

/// Every row of one table, schema and name quoted, capped at `limit` rows.
std::string table_rows_query(const std::string& schema, const std::string& table, int limit);

}  // namespace driftwatch::probes
