// Atlas's atlas_schema_revisions: one row per migration file, written before it
// runs and after each statement (applied of total), with the error if one failed.
#include <algorithm>

#include "probes/ledgers/reader_support.h"
#include "probes/ledgers/readers.h"

namespace driftwatch::ledgers {
namespace {

// Not a migration: the row that names the revisions table for Atlas Cloud.
constexpr std::string_view kCloudIdentifier = ".atlas_cloud_identifier";

// The bits of the type column (sql/migrate RevisionType).
constexpr long long kBaseline = 1;
constexpr long long kResolved = 4;

// Atlas writes "" rather than NULL when there is no error.
std::optional<std::string> text_at(const Rows& rows, std::size_t r, std::string_view column) {
  auto value = rows.get(r, column);
  if (value && value->empty()) return std::nullopt;
  return value;
}

}  // namespace

void read_atlas(const LedgerInput& input, LedgerState& state) {
  const auto& rows = input.rows;
  std::vector<std::size_t> partial;  // rows stopped part-way with no error
  std::vector<std::size_t> errored;  // rows whose failed statement Atlas recorded
  for (std::size_t r : rows_ordered_by(rows, "version")) {
    const auto version = rows.get(r, "version").value_or("");
    if (version == kCloudIdentifier) continue;
    auto name = rows.get(r, "description").value_or("");
    if (name.empty()) name = version;
    const auto type = integer_at(rows, r, "type").value_or(0);
    const auto applied = integer_at(rows, r, "applied").value_or(0);
    const auto total = integer_at(rows, r, "total").value_or(0);
    const auto error = text_at(rows, r, "error");
    const auto executed_at = rows.get(r, "executed_at");
    // `atlas migrate set` marks a failed or partial file resolved and keeps
    // its error for the record; Atlas then counts it as applied.
    if ((type & kResolved) != 0) {
      state.applied.push_back({version, name, executed_at, rows.get(r, "hash"), rows.xid(r)});
      state.notes.push_back(
          "version " + version + " was marked applied by hand (resolved" +
          (error || applied < total ? ", after it failed or stopped part-way" : std::string()) +
          "), not run to the end by Atlas");
      continue;
    }
    if (error) {
      std::string what = *error;
      if (const auto statement = text_at(rows, r, "error_stmt")) {
        what += " (statement: " + *statement + ")";
      }
      state.failed.push_back({version, name, executed_at, what, rows.xid(r)});
      errored.push_back(r);
      continue;
    }
    if (applied < total) {
      state.failed.push_back({version, name, executed_at, {}, rows.xid(r)});
      partial.push_back(r);
      continue;
    }
    state.applied.push_back({version, name, executed_at, rows.get(r, "hash"), rows.xid(r)});
    if ((type & kBaseline) != 0) {
      state.notes.push_back("version " + version +
                            " is the baseline: Atlas recorded it as the starting point without "
                            "running it or any earlier file");
    }
  }
  set_healthy(state);
  if (errored.empty() && partial.empty()) return;

  // A recorded error is the more serious; Atlas stops at the first file either way.
  const bool failed = !errored.empty();
  const std::size_t r = failed ? errored.front() : partial.front();
  const auto version = rows.get(r, "version").value_or("");
  const auto& entry = *std::find_if(state.failed.begin(), state.failed.end(),
                                    [&](const FailedMigration& m) { return m.id == version; });
  const auto applied = integer_at(rows, r, "applied").value_or(0);
  const auto total = integer_at(rows, r, "total").value_or(0);
  const std::string next = std::to_string(applied + 1);
  const std::string recorded = "Atlas records " + std::to_string(applied) + " of its " +
                               std::to_string(total) + " statements as applied";
  const std::string resume =
      "`atlas migrate apply` resumes at statement " + next +
      ", after checking that the statements already applied are unchanged (their partial "
      "hashes), so do not edit those. If you finish or undo the file by hand instead, record "
      "the result with `atlas migrate set` (" +
      version + " if finished, the version before it if undone). " + kNoReset;
  if (failed) {
    state.health = Health::failed;
    state.explanation = "Atlas failed to apply migration " + version + " (" + entry.name +
                        ") at statement " + next + ": " + entry.error.value_or("") + ". " +
                        recorded + "; the rest did not run. Atlas does not go past " + version +
                        " until the file completes.";
    state.next_step =
        "Fix the cause of the error (the statement, or the schema it ran against); then " + resume;
    return;
  }
  state.health = Health::dirty;
  state.explanation = "Migration " + version + " (" + entry.name +
                      ") is partially applied: " + recorded +
                      ", and no error. Either `atlas migrate apply` is running it right now, or "
                      "a run stopped part-way (killed, or its connection lost) before it could "
                      "record one. Atlas resumes at statement " +
                      next + " on its next run.";
  state.next_step =
      "Make sure no `atlas migrate apply` is running against this database "
      "(pg_stat_activity). If none is, check whether statement " +
      next +
      " took effect without being recorded (a connection lost in between), as "
      "Atlas would run it again; then " +
      resume;
}

}  // namespace driftwatch::ledgers
