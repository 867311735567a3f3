// Decides from the rows written since a read whether re-reading some
// relations is enough, and which. Pure: reads one result row.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "probes/catalog_queries.h"
#include "probes/result_table.h"

namespace driftwatch::probes {

/// The fingerprint in the result of changed_relations_query(), as
/// catalog_fingerprint() writes it: "name=value;" for each of its columns.
std::string fingerprint_text(const ResultTable& changes);

/// The relations to re-read, from the result of changed_relations_query()
/// and the fingerprint of the read it was measured against; nothing when
/// only a whole read can be trusted:
/// - a catalog whose rows belong to no relation changed (schemas, functions,
///   types other than row types, extensions, collations, roles, ...);
/// - a row written since belongs to no relation, or to one that is gone;
/// - a row of pg_depend or pg_description disappeared. Dropping an index,
///   constraint, trigger, policy, rule, default, sequence or relation
///   always deletes its pg_depend rows, so this is how deletions, which
///   leave no new row behind, are seen;
/// - the previous read is too old to tell, its fingerprint does not parse,
///   or more than `max_relations` relations would be re-read.
std::optional<RelationScope> plan_partial_read(const ResultTable& changes,
                                               std::string_view previous_fingerprint,
                                               std::size_t max_relations);

}  // namespace driftwatch::probes
