// The SQL behind provenance: catalog rows and ledger rows with the
// transaction that wrote them. All of it lives in provenance_queries.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace driftwatch::probes {

/// The catalog rows of user objects written by transaction `since` (a
/// 32-bit xid) or a later one: kind, schema, relation, member, args, xmin
/// (raw, as text) and committed_at (NULL unless track_commit_timestamp is
/// on). Comparing through age() keeps it right across xid wraparound.
/// With `relations` (pg_class oids), only the rows of those relations and
/// of what belongs to them: what a partial read re-reads.
std::string catalog_writes_query(std::uint32_t since,
                                 const std::vector<long long>* relations = nullptr);

/// The name of the column ledger row reads add: the row's raw xmin.
inline constexpr std::string_view kRowXminColumn = "driftwatch.xmin";

}  // namespace driftwatch::probes
