// What driftwatch remembers about a watched database between polls, and what
// one poll observed: plain data for the verdict functions and the store.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "probes/ledgers/ledger_state.h"
#include "probes/schema/provenance.h"
#include "probes/schema/snapshot.h"

namespace driftwatch::daemon {

using TimePoint = std::chrono::system_clock::time_point;

/// Which database a target's DSN reached: a DSN edited to point elsewhere
/// must not be compared with the old database's baseline.
struct TargetIdentity {
  std::string system_identifier;  ///< pg_control_system(), per cluster
  std::string database;           ///< current_database()

  friend bool operator==(const TargetIdentity&, const TargetIdentity&) = default;
};

/// The part of a ledger's state that later polls compare against.
struct LedgerSummary {
  std::string framework;  ///< framework_name()
  std::string table;      ///< schema-qualified
  ledgers::Health health = ledgers::Health::healthy;
  std::vector<std::string> applied;  ///< identities, in the tool's order
  std::vector<std::string> failed;   ///< identities
  std::size_t pending = 0;
  std::optional<std::string> lock_since;  ///< set while the tool's lock is held
  std::string explanation;
  std::string next_step;
  /// Pending statements certain to fail against the live schema, one line
  /// each: "ID line N: ERROR (OBJECT)".
  std::vector<std::string> will_fail;
  /// What each failed migration with a SQL file left: "ID: SUMMARY".
  std::vector<std::string> left_behind;
  /// The transaction that last wrote each migration's row (applied and
  /// failed), by identity, where known. Read for provenance; neither
  /// compared nor persisted: what a ledger says is the rest.
  std::map<std::string, std::uint64_t> row_xids;

  /// "framework schema.table": unique among a database's ledgers.
  [[nodiscard]] static std::string make_key(std::string_view framework, std::string_view table) {
    std::string key(framework);
    key.append(" ").append(table);
    return key;
  }
  [[nodiscard]] std::string key() const { return make_key(framework, table); }
  friend bool operator==(const LedgerSummary& a, const LedgerSummary& b) {
    return a.framework == b.framework && a.table == b.table && a.health == b.health &&
           a.applied == b.applied && a.failed == b.failed && a.pending == b.pending &&
           a.lock_since == b.lock_since && a.explanation == b.explanation &&
           a.next_step == b.next_step && a.will_fail == b.will_fail &&
           a.left_behind == b.left_behind;
  }
};

LedgerSummary summarize_ledger(const ledgers::LedgerState& ledger);

struct TargetState {
  bool has_baseline = false;
  TargetIdentity identity;
  schema::Snapshot baseline;  ///< the expected schema: first poll, plus migrations and accepts
  schema::Snapshot live;      ///< the schema as last seen
  std::vector<LedgerSummary> ledgers;
  bool down = false;  ///< the last poll could not reach the database
  /// The lower bound of the next catalog read's provenance: the snapshot
  /// xmin of the read `live` came from (0: none yet).
  schema::FullXid writes_since = 0;
  /// scope_text() of the ignore rules and partition folding `baseline` and
  /// `live` were recorded under (empty: unknown, from an older state).
  std::string scope;
  /// The catalog fingerprint of the read `live` came from (empty: unknown):
  /// a new poller compares it instead of reading the whole catalog again.
  std::string fingerprint;
};

/// (LedgerSummary::key(), migration id) -> the SQL its file runs ("up" part).
using MigrationSql = std::map<std::pair<std::string, std::string>, std::string>;

/// What one successful poll saw.
struct Observation {
  TimePoint time;
  TargetIdentity identity;
  schema::Snapshot live;
  std::vector<LedgerSummary> ledgers;
  /// The catalog rows written since the previous read (not read when the
  /// catalog was not read, or on the first read).
  schema::CatalogWrites writes;
  std::string scope;        ///< scope_text() of the scope `live` was read under
  std::string fingerprint;  ///< of the catalog read; empty when none was read
  /// The SQL files of the migrations recorded since the stored state, where
  /// migrations_dirs has them (new_migrations_sql).
  MigrationSql migration_sql;
};

}  // namespace driftwatch::daemon
