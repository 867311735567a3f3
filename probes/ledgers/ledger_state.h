// What driftwatch reports about one migration ledger: which tool wrote it,
// what it says was applied, whether it is healthy, and what to do if not.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "probes/ledgers/framework.h"
#include "probes/migration_sql/forensics.h"
#include "probes/migration_sql/prediction.h"

namespace driftwatch::ledgers {

/// The ledger's condition, most serious first.
enum class Health {
  failed,            ///< a migration failed and the tool will not go on
  dirty,             ///< a migration started and did not finish (golang-migrate, Atlas partial)
  locked,            ///< the tool's lock is held (a run in progress, or a stale lock)
  in_progress,       ///< a migration is running right now (its lock is held)
  multiple_heads,    ///< Alembic: more than one head revision
  rolled_back,       ///< the latest record of a migration says it was rolled back
  unexpected_shape,  ///< a ledger table without the columns its tool writes
  unreadable,        ///< the role may not read the ledger
  unknown,           ///< a ledger-like table of a tool driftwatch does not know
  healthy,
};

std::string_view health_name(Health health);

/// True for every state but healthy and unknown: something for a person to look at.
bool needs_attention(Health health);

struct AppliedMigration {
  std::string id;                         ///< the identity as the tool writes it
  std::string name;                       ///< a readable name (often the id)
  std::optional<std::string> applied_at;  ///< when recorded
  std::optional<std::string> checksum;    ///< as the tool stores it, when it does
  std::uint64_t xid = 0;  ///< the transaction that last wrote its row (full xid); 0 unknown
};

struct FailedMigration {
  std::string id;
  std::string name;
  std::optional<std::string> started_at;
  std::optional<std::string> error;  ///< the tool's own record of what went wrong
  std::uint64_t xid = 0;             ///< the transaction that last wrote its row; 0 unknown
};

struct LockInfo {
  bool held = false;
  std::optional<std::string> since;
  std::optional<std::string> holder;  ///< what the tool records, or the holding session
};

/// A migration file on disk not in the ledger.
struct PendingMigration {
  std::string id;
  std::string file;
};

/// A disagreement between the ledger and the migration files.
struct FileProblem {
  enum class Kind {
    missing_file,       ///< applied, but no file has its identity (deleted or renamed)
    edited,             ///< the file's checksum differs from the one recorded when applied
    duplicate_version,  ///< two files share one version or timestamp
    not_verified,       ///< the tool records a checksum driftwatch cannot recompute
  };
  Kind kind{};
  std::string id;
  std::string detail;
};

std::string_view file_problem_name(FileProblem::Kind kind);

/// What a failed migration's run left, traced from its SQL file.
struct PartialRunReport {
  std::string id;
  std::string file;
  migration_sql::PartialRun run;
};

struct LedgerState {
  Framework framework = Framework::unknown;
  std::string schema;
  std::string table;
  std::vector<std::string> related_tables;  ///< schema-qualified: lock tables, companions
  /// "certain" when the table's name and columns are the tool's own; "likely"
  /// when only the columns are (a renamed table) or two tools write alike.
  std::string confidence = "certain";
  Health health = Health::healthy;
  std::vector<AppliedMigration> applied;  ///< in the order the tool applied them
  std::vector<FailedMigration> failed;
  std::vector<std::string> heads;  ///< Alembic heads; golang-migrate's current version
  std::optional<LockInfo> lock;
  std::vector<PendingMigration> pending;
  std::vector<FileProblem> file_problems;
  /// The pending migrations' statements run in thought on the live schema;
  /// set when the migration files and the live schema were both at hand.
  std::optional<migration_sql::Prediction> forecast;
  std::vector<PartialRunReport> partial_runs;  ///< per failed migration with a SQL file
  std::vector<std::string> notes;              ///< facts a reader may need: ambiguity, oddities
  std::string explanation;                     ///< what the state means, in plain words
  std::string next_step;                       ///< the safe thing to do about it
};

/// "schema.table", quoted where needed.
std::string qualified_table(const LedgerState& ledger);

}  // namespace driftwatch::ledgers
