// Puts a fresh read of some relations in place of what a snapshot held of them.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "probes/schema/snapshot.h"

namespace driftwatch::schema {

/// The relation an object is or belongs to, as {schema, name}: its own path
/// for a table, view, materialized view or sequence, its owner's for a
/// column, constraint, trigger, policy, rule or index; nothing otherwise.
std::optional<std::vector<std::string>> relation_path_of(const SchemaObject& object);

/// `base` without the objects of the relations named in `replaced`, plus
/// every object of `fresh`. Nothing when an object of `fresh` is also among
/// those kept: the read and the base disagree, and only a whole read can
/// tell which is right.
std::optional<Snapshot> replace_relations(const Snapshot& base,
                                          const std::set<std::vector<std::string>>& replaced,
                                          const Snapshot& fresh);

}  // namespace driftwatch::schema
