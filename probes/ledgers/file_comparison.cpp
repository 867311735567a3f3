// Compares a ledger with the migration files on disk: files not yet applied,
// applied migrations without a file, files edited after being applied, and
// two files with one identity.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <utility>

#include "probes/ledgers/migration_files.h"
#include "probes/ledgers/reader_support.h"

namespace driftwatch::ledgers {
namespace {

using Kind = FileProblem::Kind;

std::string tool_of(const LedgerState& state) {
  return std::string(framework_name(state.framework));
}

// The stored checksum in the form the file listing computes it: sqlx's
// BYTEA may come as "\x…" hex, Atlas's hash may keep atlas.sum's "h1:".
std::string comparable_checksum(Framework framework, std::string_view stored) {
  const auto first = stored.find_first_not_of(" \t\r\n");
  const auto last = stored.find_last_not_of(" \t\r\n");
  std::string text(first == std::string_view::npos ? "" : stored.substr(first, last - first + 1));
  if (framework == Framework::sqlx && text.starts_with("\\x")) text.erase(0, 2);
  if (framework == Framework::atlas && text.starts_with("h1:")) text.erase(0, 3);
  if (framework == Framework::sqlx || framework == Framework::drizzle ||
      framework == Framework::sqitch) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

bool checksum_matches(Framework framework, std::string_view stored, const MigrationFile& file) {
  const auto comparable = comparable_checksum(framework, stored);
  return comparable == *file.checksum ||
         std::find(file.accepted_checksums.begin(), file.accepted_checksums.end(), comparable) !=
             file.accepted_checksums.end();
}

std::string edited_detail(Framework framework, const MigrationFile& file, std::string_view stored) {
  std::string change = file.path + " changed after it was applied: the ledger recorded " +
                       std::string(stored) + ", the file now gives " + *file.checksum + ".";
  switch (framework) {
    case Framework::flyway:
      if (file.id.starts_with("R:")) {
        return change + " Flyway re-applies this repeatable migration on the next migrate.";
      }
      return change +
             " flyway validate and migrate fail until the file is restored (or flyway "
             "repair records the new checksum).";
    case Framework::sqlx: return change + " sqlx refuses to migrate (VersionMismatch).";
    case Framework::atlas:
      return change +
             " Atlas's hash covers this file and every file before it, so this file, "
             "or one before it, was edited, added or removed; the hashes of later "
             "applied files differ for the same reason and are not reported again.";
    case Framework::drizzle: return change + " Drizzle does not check this itself.";
    case Framework::prisma:
      return change + " prisma migrate dev reports that it was modified after it was applied.";
    default: return change;
  }
}

void report_missing(LedgerState& state, const std::string& id, const std::string& why) {
  state.file_problems.push_back({Kind::missing_file, id, why});
}

std::string missing_detail(const LedgerState& state) {
  return tool_of(state) +
         "'s ledger records it as applied, but no file in the migrations folder has this "
         "identity: it was deleted or renamed after being applied, or the folder is not the one "
         "deployments use.";
}

// Tools whose ledger holds one row per applied migration, matched by identity.
void compare_by_identity(LedgerState& state, const std::vector<MigrationFile>& files) {
  const auto framework = state.framework;
  // Sqitch: a reworked change is deployed again under the same name.
  const bool per_instance = framework == Framework::sqitch;
  std::set<std::string> django_apps;  // the folder holds one app's migrations
  for (const auto& file : files) django_apps.insert(file.id.substr(0, file.id.find('.')));
  std::vector<const AppliedMigration*> applied;
  std::map<std::string, std::vector<const AppliedMigration*>> applied_by_id;
  for (const auto& migration : state.applied) {
    const auto app = migration.id.substr(0, migration.id.find('.'));
    if (framework == Framework::django && django_apps.count(app) == 0) continue;
    if (framework == Framework::goose && migration.id == "0") continue;  // goose's own first row
    applied.push_back(&migration);
    applied_by_id[migration.id].push_back(&migration);
  }
  if (framework == Framework::django && files.empty()) {
    state.notes.emplace_back(
        "no Django migration files in the folder, so no app's entries could be checked against "
        "it");
  }
  std::map<std::string, std::size_t> files_per_id;
  for (const auto& file : files) ++files_per_id[file.id];
  std::map<std::string, std::size_t> instances_seen;
  bool atlas_edit_reported = false;
  // A failed migration is reported as failed, not again as pending.
  std::set<std::string> failed;
  for (const auto& migration : state.failed) failed.insert(migration.id);
  for (const auto& file : files) {
    if (failed.count(file.id) > 0 && applied_by_id.count(file.id) == 0) continue;
    const auto instance = instances_seen[file.id]++;
    const auto found = applied_by_id.find(file.id);
    const std::size_t times_applied = found == applied_by_id.end() ? 0 : found->second.size();
    if (per_instance ? instance >= times_applied : times_applied == 0) {
      state.pending.push_back({file.id, file.path});
      continue;
    }
    // With two files for one identity, which one was applied is unknown.
    if (!file.checksum || (!per_instance && files_per_id[file.id] > 1)) continue;
    // Repeated rows for one identity (Flyway re-runs): the latest counts.
    const auto* record = per_instance ? found->second[instance] : found->second.back();
    if (!record->checksum || checksum_matches(framework, *record->checksum, file)) continue;
    if (framework == Framework::atlas && std::exchange(atlas_edit_reported, true)) continue;
    state.file_problems.push_back(
        {Kind::edited, file.id, edited_detail(framework, file, *record->checksum)});
  }
  std::set<std::string> reported;
  for (const auto* migration : applied) {
    if (files_per_id.count(migration->id) == 0 && reported.insert(migration->id).second) {
      report_missing(state, migration->id, missing_detail(state));
    }
  }
}

// Alembic keeps only the heads: everything they descend from is applied.
void compare_alembic(LedgerState& state, const std::vector<MigrationFile>& files) {
  std::map<std::string, const MigrationFile*> by_revision;
  for (const auto& file : files) by_revision.emplace(file.id, &file);
  std::vector<std::string> heads = state.heads;
  if (heads.empty()) {
    for (const auto& migration : state.applied) heads.push_back(migration.id);
  }
  std::set<std::string> applied;
  std::vector<std::pair<std::string, std::string>> to_visit;  // revision, the one it precedes
  to_visit.reserve(heads.size());
  for (const auto& head : heads) to_visit.emplace_back(head, "");
  while (!to_visit.empty()) {
    const auto [revision, child] = to_visit.back();
    to_visit.pop_back();
    if (!applied.insert(revision).second) continue;
    const auto found = by_revision.find(revision);
    if (found == by_revision.end()) {
      std::string why =
          "The ledger's head revision has no file in the migrations folder: alembic cannot "
          "upgrade or downgrade from it (\"Can't locate revision\").";
      if (!child.empty()) {
        why = "Revision ";
        why.append(child).append(" names it as its down_revision, but no file declares it; ");
        why.append("it was applied before ").append(child).append(".");
      }
      report_missing(state, revision, why);
      continue;
    }
    for (const auto& parent : found->second->parents) to_visit.emplace_back(parent, revision);
  }
  for (const auto& file : files) {
    if (applied.count(file.id) == 0) state.pending.push_back({file.id, file.path});
  }
}

// Whether one version number (digits without leading zeros) is the larger.
int compare_versions(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

// golang-migrate keeps only the current version: files up to it are applied.
void compare_golang_migrate(LedgerState& state, const std::vector<MigrationFile>& files) {
  std::string current = state.heads.empty() ? "" : state.heads.back();
  if (current.starts_with("-")) current.clear();  // -1: a failed down from the first migration
  if (const auto first_digit = current.find_first_not_of('0'); !current.empty()) {
    current = first_digit == std::string::npos ? "0" : current.substr(first_digit);
  }
  bool current_has_file = false;
  for (const auto& file : files) {
    const int order = current.empty() ? 1 : compare_versions(file.id, current);
    if (order > 0) state.pending.push_back({file.id, file.path});
    current_has_file = current_has_file || order == 0;
  }
  if (!current.empty() && !current_has_file) {
    report_missing(state, current,
                   "The ledger is at version " + current +
                       ", but no up migration file has that version: golang-migrate cannot go "
                       "down from it (\"no migration found for version " +
                       current + "\").");
  }
  if (!current.empty()) {
    state.notes.push_back("golang-migrate keeps no history: every file up to version " + current +
                          " counts as applied");
  }
}

// Drizzle applies only journal entries newer than its latest row, so a
// pending entry older than that is skipped by every later migrate.
void note_drizzle_skips(LedgerState& state) {
  std::string latest;
  for (const auto& migration : state.applied) {
    if (latest.empty() || compare_versions(migration.id, latest) > 0) latest = migration.id;
  }
  std::size_t skipped = 0;
  for (const auto& pending : state.pending) {
    if (!latest.empty() && compare_versions(pending.id, latest) < 0) ++skipped;
  }
  if (skipped > 0) {
    state.notes.push_back(count_of(skipped, "pending migration is", "pending migrations are") +
                          " older than the latest applied one (" + latest +
                          "): drizzle migrate never applies them");
  }
}

void report_duplicates(LedgerState& state, const std::vector<MigrationFile>& files) {
  if (state.framework == Framework::sqitch) return;  // reworked changes share their name
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::string>> paths;
  for (const auto& file : files) {
    auto& same = paths[file.id];
    if (same.empty()) order.push_back(file.id);
    same.push_back(file.path);
  }
  for (const auto& id : order) {
    const auto& same = paths[id];
    if (same.size() < 2) continue;
    std::string list;
    for (const auto& path : same) list += (list.empty() ? "" : ", ") + path;
    state.file_problems.push_back(
        {Kind::duplicate_version, id,
         std::to_string(same.size()) + " files share this version: " + list + ". " +
             tool_of(state) + " applies one migration per version, and most tools refuse to run."});
  }
}

std::size_t problems_of(const LedgerState& state, Kind kind) {
  return static_cast<std::size_t>(
      std::count_if(state.file_problems.begin(), state.file_problems.end(),
                    [kind](const FileProblem& problem) { return problem.kind == kind; }));
}

}  // namespace

void compare_with_files(LedgerState& state, const std::vector<MigrationFile>& files) {
  if (state.framework == Framework::liquibase) {
    state.file_problems.push_back(
        {Kind::not_verified, "",
         "Liquibase's MD5SUM covers its own serialisation of each changeset (normalised, per "
         "checksum version), not the changelog file, so driftwatch cannot recompute it; "
         "`liquibase validate` checks the changelog against the ledger."});
    return;
  }
  if (state.framework == Framework::alembic) {
    compare_alembic(state, files);
  } else if (state.framework == Framework::golang_migrate) {
    compare_golang_migrate(state, files);
  } else {
    compare_by_identity(state, files);
  }
  if (state.framework == Framework::drizzle) note_drizzle_skips(state);
  report_duplicates(state, files);
  state.notes.push_back(
      "compared with " + count_of(files.size(), "migration file", "migration files") + ": " +
      std::to_string(state.pending.size()) + " pending, " +
      std::to_string(problems_of(state, Kind::missing_file)) + " applied without a file, " +
      std::to_string(problems_of(state, Kind::edited)) + " edited, " +
      std::to_string(problems_of(state, Kind::duplicate_version)) + " sharing a version");
}

}  // namespace driftwatch::ledgers
