// Pending and failed migrations against the live schema (migration_sql).
#include "daemon/migration_forecast.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>
#include <utility>

#include "daemon/watch_state.h"
#include "probes/migration_sql/forensics.h"
#include "probes/migration_sql/pending_sql.h"
#include "probes/migration_sql/prediction.h"
#include "probes/schema/identity.h"

namespace driftwatch::daemon {

std::string up_section(ledgers::Framework framework, std::string sql) {
  std::string_view down_marker;
  std::string_view up_marker;
  switch (framework) {
    case ledgers::Framework::dbmate:
      up_marker = "migrate:up";
      down_marker = "migrate:down";
      break;
    case ledgers::Framework::goose:
      up_marker = "+goose up";
      down_marker = "+goose down";
      break;
    case ledgers::Framework::node_pg_migrate:
      up_marker = "up migration";
      down_marker = "down migration";
      break;
    default: return sql;
  }
  // A marker is a comment line: "--", blanks, the marker, in any case.
  const auto marker_of = [](std::string_view line) {
    std::string text;
    if (line.substr(0, 2) != "--") return text;
    line.remove_prefix(2);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
      line.remove_suffix(1);
    }
    for (const char c : line) {
      text += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
  };
  bool down = false;
  std::size_t start = 0;
  while (start < sql.size()) {
    auto end = sql.find('\n', start);
    if (end == std::string::npos) end = sql.size();
    const auto marker = marker_of(std::string_view(sql).substr(start, end - start));
    if (marker == down_marker) down = true;
    if (marker == up_marker) down = false;
    // Blanked, not removed: line numbers stay those of the file.
    if (down) {
      std::fill(sql.begin() + static_cast<std::ptrdiff_t>(start),
                sql.begin() + static_cast<std::ptrdiff_t>(end), ' ');
    }
    start = end + 1;
  }
  return sql;
}

namespace {

std::string quoted_path(const std::vector<std::string>& parts, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count && i < parts.size(); ++i) {
    if (i > 0) out += '.';
    out += '"';
    for (const char c : parts[i]) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += '"';
  }
  return out;
}

// The statement that removes what one applied statement created, or
// nothing when there is none to offer (drops and renames are not undone
// from here: what was dropped is gone).
std::optional<std::string> undo_of(const migration_sql::StatementOutcome& outcome) {
  if (outcome.state != migration_sql::StatementOutcome::State::applied) return std::nullopt;
  if (outcome.action != "created" && outcome.action != "added") return std::nullopt;
  const auto parsed = schema::parse_identity(outcome.object);
  if (!parsed) return std::nullopt;
  const auto& path = parsed->path;
  if (outcome.kind == "column" && path.size() == 3) {
    return "ALTER TABLE " + quoted_path(path, 2) + " DROP COLUMN " + quoted_path({path[2]}, 1);
  }
  static const std::vector<std::pair<std::string_view, std::string_view>> drops{
      {"table", "DROP TABLE "},         {"index", "DROP INDEX "},
      {"view", "DROP VIEW "},           {"materialized_view", "DROP MATERIALIZED VIEW "},
      {"sequence", "DROP SEQUENCE "},   {"type", "DROP TYPE "},
      {"composite_type", "DROP TYPE "}, {"range_type", "DROP TYPE "},
      {"domain", "DROP DOMAIN "},       {"schema", "DROP SCHEMA "},
  };
  for (const auto& [kind, drop] : drops) {
    if (outcome.kind == kind) return std::string(drop) + quoted_path(path, path.size());
  }
  return std::nullopt;
}

// The two ways out of a half-applied migration, made concrete: finish it
// from where it stopped, or undo what it did, newest first.
std::string ways_out(const ledgers::PartialRunReport& report) {
  const auto& run = report.run;
  std::string text = " What the run of " + report.id + " left: " + run.summary + ".";
  if (run.stopped_at) {
    text += " To finish it by hand, apply " + report.file + " from line " +
            std::to_string(run.statements[*run.stopped_at].line) + " on;";
  }
  std::vector<std::string> undo;
  for (const auto& outcome : run.statements) {
    if (auto statement = undo_of(outcome)) undo.push_back(*statement);
  }
  std::reverse(undo.begin(), undo.end());  // newest first
  if (!undo.empty()) {
    text += " to undo it instead, run: ";
    for (std::size_t i = 0; i < undo.size(); ++i) text += (i > 0 ? "; " : "") + undo[i];
    text += ".";
  }
  return text + " Either way, then record it in the ledger as the start of this step says.";
}

// The memo's key: every file's id, path and up section, pending then failed.
std::string files_text(const std::vector<migration_sql::PendingSql>& pending,
                       const std::vector<migration_sql::PendingSql>& failed) {
  std::string text;
  for (const auto* files : {&pending, &failed}) {
    for (const auto& file : *files) {
      for (const auto* part : {&file.migration, &file.file, &file.unreadable, &file.sql}) {
        text.append(std::to_string(part->size())).append(":").append(*part);
      }
    }
    text.append(";");
  }
  return text;
}

}  // namespace

const ForecastMemo::Entry* ForecastMemo::find(const std::string& ledger_key,
                                              const std::string& files_text) const {
  const auto found = entries_.find(ledger_key);
  if (found == entries_.end() || found->second.files_text != files_text) return nullptr;
  return &found->second;
}

const ForecastMemo::Entry& ForecastMemo::keep(const std::string& ledger_key, Entry entry) {
  return entries_.insert_or_assign(ledger_key, std::move(entry)).first->second;
}

void forecast_migrations(ledgers::LedgerState& ledger,
                         const std::vector<ledgers::MigrationFile>& files,
                         const schema::Snapshot& live, ForecastMemo* memo) {
  std::vector<std::pair<std::string, std::string>> pending;
  pending.reserve(ledger.pending.size());
  for (const auto& migration : ledger.pending) pending.emplace_back(migration.id, migration.file);
  auto pending_sql = migration_sql::read_pending_files(pending);
  for (auto& file : pending_sql) file.sql = up_section(ledger.framework, std::move(file.sql));
  std::vector<migration_sql::PendingSql> failed_sql;
  for (const auto& failed : ledger.failed) {
    const auto file = std::find_if(files.begin(), files.end(), [&](const auto& candidate) {
      return candidate.id == failed.id;
    });
    if (file == files.end()) continue;
    auto read = migration_sql::read_pending_files({{failed.id, file->path}});
    if (read.empty() || !read.front().unreadable.empty()) continue;
    read.front().sql = up_section(ledger.framework, std::move(read.front().sql));
    failed_sql.push_back(std::move(read.front()));
  }

  const auto key = LedgerSummary::make_key(ledgers::framework_name(ledger.framework),
                                           ledgers::qualified_table(ledger));
  ForecastMemo::Entry made;
  if (memo != nullptr) made.files_text = files_text(pending_sql, failed_sql);
  const ForecastMemo::Entry* known = memo != nullptr ? memo->find(key, made.files_text) : nullptr;
  if (known == nullptr) {
    if (!pending_sql.empty()) made.forecast = migration_sql::predict_pending(pending_sql, live);
    for (const auto& file : failed_sql) {
      made.partial_runs.push_back(
          {file.migration, file.file, migration_sql::trace_partial_run(file.sql, live)});
    }
    known = memo != nullptr ? &memo->keep(key, std::move(made)) : &made;
  }
  if (!ledger.pending.empty()) ledger.forecast = known->forecast;
  ledger.partial_runs = known->partial_runs;
  for (const auto& report : ledger.partial_runs) ledger.next_step += ways_out(report);
}

}  // namespace driftwatch::daemon
