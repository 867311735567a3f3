// Which watched objects a migration's SQL could remove: what it drops,
// alters, renames or moves, by name, or that it cannot say.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "probes/schema/object.h"
#include "probes/schema/snapshot.h"

namespace driftwatch::migration_sql {

struct RemovalScope {
  /// False when some statement may remove objects it does not name (or the
  /// file does not parse): the scope then answers nothing.
  bool complete = true;
  std::string incomplete_because;  ///< "line N: why", when !complete
  std::set<std::string> schemas;   ///< schemas dropped or renamed (their old name)
  /// Bare names of tables, views, materialized views, indexes, sequences,
  /// foreign tables and composite types dropped, altered (ALTER TABLE/INDEX/
  /// VIEW/SEQUENCE/MATERIALIZED VIEW ...), renamed or moved (SET SCHEMA); also
  /// the table of a dropped or renamed trigger, policy or rule, and the table
  /// of a renamed column or constraint.
  std::set<std::string> relations;
  /// Bare names (no arguments) of functions, procedures, aggregates dropped,
  /// renamed or moved.
  std::set<std::string> routines;
  /// Bare names of types and domains dropped, altered (ALTER TYPE / ALTER
  /// DOMAIN), renamed or moved.
  std::set<std::string> types;
  std::set<std::string> extensions;  ///< extensions dropped or moved

  /// Whether removing the object could be this SQL's doing. `before` is the
  /// schema as it was before the removal (the object is in it), used to find
  /// the table of an index ("table" attribute, see schema::owner_relation_path),
  /// of a sequence ("owned_by" attribute: the owning column's identity) and
  /// the parents of a table ("partition_of" and "inherits" attributes: a
  /// parent's drop or ALTER reaches its partitions and children). Names are
  /// compared without their schema (bare names), which can only make covers()
  /// say yes more often. A routine is also covered when its argument list
  /// mentions a name in the scope (renaming a type renames the routine's
  /// identity). Meaningful only when complete: callers check that first.
  [[nodiscard]] bool covers(const schema::ObjectKey& key, const schema::Snapshot& before) const;
};

/// Parses and walks the SQL. Bad SQL is not an error: a parse error gives an
/// incomplete scope.
RemovalScope removal_scope(std::string_view sql);

}  // namespace driftwatch::migration_sql
