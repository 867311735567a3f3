// Ignore rules: which schemas, objects and kinds a snapshot keeps. Given on
// the command line (and later in the config file), applied to any snapshot.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "probes/schema/snapshot.h"

namespace driftwatch::schema {

/// A shell glob (fnmatch(3)) over object identities, optionally for one kind:
/// "public.tmp_*", "index:app.*_old".
struct ObjectPattern {
  std::optional<Kind> kind;
  std::string glob;
};

/// Reads "[KIND:]GLOB". The prefix counts as a kind only when it names one.
ObjectPattern parse_object_pattern(std::string_view text);

struct FilterRules {
  std::vector<std::string> include_schemas;  ///< globs over schema names; empty keeps all
  std::vector<std::string> exclude_schemas;
  std::vector<ObjectPattern> include_objects;  ///< empty keeps all
  std::vector<ObjectPattern> exclude_objects;
  std::vector<Kind> exclude_kinds;

  [[nodiscard]] bool empty() const;
};

/// Whether the rules keep this object. A pattern matches an object's identity
/// or, for a column, constraint, index, trigger, policy or rule, that of its
/// relation, so excluding a table excludes what belongs to it.
bool keeps(const FilterRules& rules, const SchemaObject& object);

/// The snapshot without the objects the rules drop.
Snapshot apply_filter(Snapshot snapshot, const FilterRules& rules);

}  // namespace driftwatch::schema
