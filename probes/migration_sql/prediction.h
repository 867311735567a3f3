// Which statements of the pending migrations will fail against the live
// schema, found by simulating them, in run order, on the schema's names.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "probes/migration_sql/pending_sql.h"
#include "probes/schema/snapshot.h"

namespace driftwatch::migration_sql {

struct PredictedFailure {
  std::string migration;
  std::string file;
  int line = 0;
  std::string statement;  ///< abridged to one line
  std::string object;     ///< identity, "public.users.phone"
  std::string kind;       ///< "column", "table", "index", "schema", "type", ...
  std::string error;      ///< the message PostgreSQL will raise
  std::string sqlstate;   ///< "42701", "42P07", "42P01", "42703", "42P06", "42710", "3F000"...
  /// False when an earlier statement or file that the analyser does not
  /// understand (a DO block, a function call, a parse error, a non-SQL
  /// migration) runs before this one and may have changed these names:
  /// the finding is then probable, not certain. caveat names that statement.
  bool certain = true;
  std::string caveat;
};

struct NotChecked {
  std::string migration;
  std::string file;
  int line = 0;  ///< 0: the whole file
  std::string statement;
  std::string reason;
};

struct Prediction {
  std::vector<PredictedFailure> failures;
  std::vector<NotChecked> not_checked;
  std::size_t statements_checked = 0;
};

/// Runs the statements in order on a model of the live schema's names.
/// Unqualified names resolve through search_path, "public" at the start of
/// every file (the tools' default; "$user" schemas are assumed absent), and
/// simple SET search_path statements change it for the rest of that file.
/// A failing statement changes nothing (it is atomic) and the simulation goes
/// on, so one prediction lists every statement that will fail, not only the
/// first one, where the run will stop.
Prediction predict_pending(const std::vector<PendingSql>& in_run_order,
                           const schema::Snapshot& live);

}  // namespace driftwatch::migration_sql
