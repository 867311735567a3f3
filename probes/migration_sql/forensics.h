// After a migration failed part-way without a transaction (psql -f, Prisma),
// which of its statements left their effect in the live schema, and where
// the run stopped.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "probes/schema/snapshot.h"

namespace driftwatch::migration_sql {

struct StatementOutcome {
  enum class State { applied, not_applied, not_checked };
  int line = 0;
  std::string statement;  ///< abridged to one line
  std::string object;     ///< identity of the (first) object it changes, if any
  std::string kind;       ///< that object's kind
  std::string action;     ///< "created", "added", "dropped", "renamed"; empty when none
  State state = State::not_checked;
  std::string reason;  ///< not_checked: why; otherwise what was found
};

struct PartialRun {
  std::vector<StatementOutcome> statements;
  /// The first statement whose effect is absent: where the run stopped (the
  /// failing statement is this one, or an unchecked one just before it).
  std::optional<std::size_t> stopped_at;
  std::string summary;  ///< one sentence for a person
};

/// Each statement's effect is looked up in the live schema, as the name
/// changes it makes (created, dropped, renamed). Changes to a definition
/// (ALTER COLUMN ... TYPE) leave no name to look up and are not checked, and
/// neither is an effect that a later statement of the same script changes
/// again (created, then dropped). Unqualified names resolve as in
/// predict_pending.
PartialRun trace_partial_run(std::string_view sql, const schema::Snapshot& live);

}  // namespace driftwatch::migration_sql
