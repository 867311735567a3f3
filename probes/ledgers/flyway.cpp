// Flyway's flyway_schema_history: one row per run of a migration, in
// installed_rank order, plus marker rows (baseline, schema creation, delete).
#include <algorithm>
#include <map>
#include <optional>

#include "probes/ledgers/reader_support.h"
#include "probes/ledgers/readers.h"

namespace driftwatch::ledgers {
namespace {

// Rows Flyway writes for its own bookkeeping rather than for a migration
// (CoreMigrationType.isSynthetic); a DELETE row never deletes one of them.
bool synthetic(const std::string& type) {
  return type == "SCHEMA" || type == "BASELINE" || type == "INIT" || type == "DELETE";
}

bool baseline(const std::string& type) { return type == "BASELINE" || type == "INIT"; }

struct Run {
  std::size_t row;
  std::string id;  // the version, or R:<description> for a repeatable migration
  std::string type;
  bool success;
  bool deleted = false;
};

}  // namespace

void read_flyway(const LedgerInput& input, LedgerState& state) {
  const auto& rows = input.rows;
  std::vector<Run> runs;
  std::size_t undo_rows = 0;
  for (std::size_t r : rows_ordered_by(rows, "installed_rank")) {
    const auto type = rows.get(r, "type").value_or("");
    const auto version = rows.get(r, "version");
    if (type == "SCHEMA") continue;  // "<< Flyway Schema Creation >>": not a migration
    // Other databases mark Flyway's insert-row lock with a negative rank.
    if (rows.get(r, "installed_rank").value_or("").starts_with("-")) continue;
    const std::string id = version ? *version : "R:" + rows.get(r, "description").value_or("");
    if (type.starts_with("UNDO")) {
      ++undo_rows;
      continue;
    }
    if (type == "DELETE") {
      // `flyway repair` marks a migration whose file is gone as deleted: the
      // latest earlier run with that identity no longer counts.
      if (!rows.flag(r, "success")) continue;
      auto deleted = std::find_if(runs.rbegin(), runs.rend(), [&](const Run& earlier) {
        return earlier.id == id && !synthetic(earlier.type);
      });
      if (deleted != runs.rend()) deleted->deleted = true;
      continue;
    }
    runs.push_back({r, id, type, rows.flag(r, "success")});
  }
  if (undo_rows > 0) {
    state.notes.push_back(count_of(undo_rows, "undo row", "undo rows") +
                          " (Flyway Teams) not taken into account: a version undone there may "
                          "still be listed as applied");
  }

  // A repeatable migration runs again whenever it changes; only its latest run
  // counts, and when that run is deleted no earlier one takes its place.
  std::map<std::string, std::size_t> latest_repeatable;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (runs[i].id.starts_with("R:")) latest_repeatable[runs[i].id] = i;
  }
  std::optional<std::string> baseline_version;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const auto& run = runs[i];
    if (run.deleted) continue;
    if (run.id.starts_with("R:") && latest_repeatable[run.id] != i) continue;
    const auto description = rows.get(run.row, "description").value_or("");
    const auto installed_on = rows.get(run.row, "installed_on");
    if (!run.success) {
      state.failed.push_back({run.id, description, installed_on, {}, rows.xid(run.row)});
      continue;
    }
    if (baseline(run.type)) baseline_version = run.id;
    state.applied.push_back(
        {run.id, description, installed_on, rows.get(run.row, "checksum"), rows.xid(run.row)});
  }
  if (baseline_version) {
    state.notes.push_back("baselined at version " + *baseline_version +
                          ": the migrations up to it were not run by Flyway but count as "
                          "applied");
  }

  if (!state.failed.empty()) {
    const auto& failed = state.failed.front();
    const std::string what = failed.id.starts_with("R:")
                                 ? "Repeatable migration " + failed.name
                                 : "Migration " + failed.id + " (" + failed.name + ")";
    state.health = Health::failed;
    state.explanation =
        what + " failed" + (failed.started_at ? " at " + *failed.started_at : std::string()) +
        " and Flyway will not migrate further until it is repaired. On PostgreSQL Flyway "
        "records a failure only when the migration did not run in a transaction (a rolled-back "
        "one leaves no row), so its script may have been applied in part.";
    state.next_step =
        "Check which statements of the failed script took effect and undo them by hand: "
        "`flyway repair` removes the failed row from the history, and the next migrate runs the "
        "whole script again, so anything left in place makes it fail again. Then run "
        "`flyway repair` and migrate again. " +
        std::string(kNoReset) + " (`flyway clean` drops every object in the schemas.)";
    return;
  }
  set_healthy(state);
}

}  // namespace driftwatch::ledgers
