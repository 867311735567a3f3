#include "probes/ledgers/status_report.h"

#include <nlohmann/json.hpp>

#include <utility>

namespace driftwatch::ledgers {
namespace {

using ordered_json = nlohmann::ordered_json;

ordered_json optional_json(const std::optional<std::string>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

bool has_file_trouble(const LedgerState& ledger) {
  for (const auto& problem : ledger.file_problems) {
    if (problem.kind != FileProblem::Kind::not_verified) return true;
  }
  return false;
}

// Predicted failures that are certain: the ones that count as trouble.
std::size_t certain_failures(const LedgerState& ledger) {
  if (!ledger.forecast) return 0;
  std::size_t count = 0;
  for (const auto& failure : ledger.forecast->failures) count += failure.certain ? 1 : 0;
  return count;
}

ordered_json forecast_json(const std::optional<migration_sql::Prediction>& forecast) {
  if (!forecast) return nullptr;
  ordered_json failures = ordered_json::array();
  for (const auto& f : forecast->failures) {
    failures.push_back(
        {{"id", f.migration},
         {"file", f.file},
         {"line", f.line},
         {"statement", f.statement},
         {"object", f.object},
         {"kind", f.kind},
         {"error", f.error},
         {"sqlstate", f.sqlstate},
         {"certain", f.certain},
         {"caveat", f.caveat.empty() ? ordered_json(nullptr) : ordered_json(f.caveat)}});
  }
  ordered_json not_checked = ordered_json::array();
  for (const auto& n : forecast->not_checked) {
    not_checked.push_back({{"id", n.migration},
                           {"file", n.file},
                           {"line", n.line},
                           {"statement", n.statement},
                           {"reason", n.reason}});
  }
  return {{"statements_checked", forecast->statements_checked},
          {"failures", std::move(failures)},
          {"not_checked", std::move(not_checked)}};
}

std::string_view outcome_name(migration_sql::StatementOutcome::State state) {
  switch (state) {
    case migration_sql::StatementOutcome::State::applied: return "applied";
    case migration_sql::StatementOutcome::State::not_applied: return "not_applied";
    case migration_sql::StatementOutcome::State::not_checked: break;
  }
  return "not_checked";
}

ordered_json partial_runs_json(const std::vector<PartialRunReport>& runs) {
  ordered_json out = ordered_json::array();
  for (const auto& report : runs) {
    ordered_json statements = ordered_json::array();
    for (const auto& s : report.run.statements) {
      statements.push_back(
          {{"line", s.line},
           {"statement", s.statement},
           {"object", s.object.empty() ? ordered_json(nullptr) : ordered_json(s.object)},
           {"kind", s.kind.empty() ? ordered_json(nullptr) : ordered_json(s.kind)},
           {"action", s.action.empty() ? ordered_json(nullptr) : ordered_json(s.action)},
           {"state", outcome_name(s.state)},
           {"reason", s.reason}});
    }
    const auto& stopped = report.run.stopped_at;
    out.push_back({{"id", report.id},
                   {"file", report.file},
                   {"stopped_at_line", stopped ? ordered_json(report.run.statements[*stopped].line)
                                               : ordered_json(nullptr)},
                   {"summary", report.run.summary},
                   {"statements", std::move(statements)}});
  }
  return out;
}

ordered_json ledger_json(const LedgerState& ledger) {
  ordered_json out;
  out["framework"] = framework_name(ledger.framework);
  out["table"] = qualified_table(ledger);
  out["confidence"] = ledger.confidence;
  out["state"] = health_name(ledger.health);
  out["explanation"] = ledger.explanation;
  out["next_step"] =
      ledger.next_step.empty() ? ordered_json(nullptr) : ordered_json(ledger.next_step);
  ordered_json applied = ordered_json::array();
  for (const auto& m : ledger.applied) {
    applied.push_back({{"id", m.id},
                       {"name", m.name},
                       {"applied_at", optional_json(m.applied_at)},
                       {"checksum", optional_json(m.checksum)}});
  }
  out["applied"] = std::move(applied);
  ordered_json failed = ordered_json::array();
  for (const auto& m : ledger.failed) {
    failed.push_back({{"id", m.id},
                      {"name", m.name},
                      {"started_at", optional_json(m.started_at)},
                      {"error", optional_json(m.error)}});
  }
  out["failed"] = std::move(failed);
  ordered_json pending = ordered_json::array();
  for (const auto& m : ledger.pending) pending.push_back({{"id", m.id}, {"file", m.file}});
  out["pending"] = std::move(pending);
  ordered_json problems = ordered_json::array();
  for (const auto& p : ledger.file_problems) {
    problems.push_back({{"kind", file_problem_name(p.kind)}, {"id", p.id}, {"detail", p.detail}});
  }
  out["file_problems"] = std::move(problems);
  out["forecast"] = forecast_json(ledger.forecast);
  out["partial_runs"] = partial_runs_json(ledger.partial_runs);
  out["heads"] = ledger.heads;
  if (ledger.lock) {
    out["lock"] = {{"held", ledger.lock->held},
                   {"since", optional_json(ledger.lock->since)},
                   {"holder", optional_json(ledger.lock->holder)}};
  } else {
    out["lock"] = nullptr;
  }
  out["related_tables"] = ledger.related_tables;
  out["notes"] = ledger.notes;
  return out;
}

// Continuation lines of a multi-line value (an error message) indented
// under the line that starts it.
std::string indented(std::string_view text, std::string_view indent) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    // No indent for an empty line: it would only be trailing blanks.
    if (text[i] == '\n' && i + 1 < text.size() && text[i + 1] != '\n') out += indent;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  return out;
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return out;
}

}  // namespace

std::string ledger_state_json(const LedgerState& ledger) {
  return ledger_json(ledger).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool needs_attention(const StatusReport& report, bool pending_counts) {
  if (report.no_ledger) return true;
  for (const auto& ledger : report.ledgers) {
    if (needs_attention(ledger.health) || has_file_trouble(ledger)) return true;
    if (certain_failures(ledger) > 0) return true;
    if (pending_counts && !ledger.pending.empty()) return true;
  }
  return false;
}

void write_status_json(std::ostream& out, const StatusReport& report, bool pending_counts) {
  ordered_json doc;
  doc["database"] = report.database;
  doc["status"] = needs_attention(report, pending_counts) ? "attention" : "healthy";
  ordered_json ledgers = ordered_json::array();
  for (const auto& ledger : report.ledgers) ledgers.push_back(ledger_json(ledger));
  doc["ledgers"] = std::move(ledgers);
  doc["user_tables"] = report.user_tables;
  if (report.no_ledger) {
    doc["no_ledger"] = {{"explanation", report.no_ledger->explanation},
                        {"next_step", report.no_ledger->next_step}};
  } else {
    doc["no_ledger"] = nullptr;
  }
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void write_status_text(std::ostream& out, const StatusReport& report) {
  if (report.ledgers.empty()) {
    out << "No migration ledger found in " << report.database << ".\n";
    if (report.no_ledger) {
      out << "  " << report.no_ledger->explanation << "\n  Next: " << report.no_ledger->next_step
          << '\n';
    }
    return;
  }
  bool first = true;
  for (const auto& ledger : report.ledgers) {
    if (!std::exchange(first, false)) out << '\n';
    out << qualified_table(ledger) << "  " << framework_name(ledger.framework);
    if (ledger.confidence != "certain") out << " (" << ledger.confidence << ")";
    out << "  " << upper(health_name(ledger.health)) << '\n';
    out << "  " << ledger.explanation << '\n';
    if (!ledger.next_step.empty()) out << "  Next: " << ledger.next_step << '\n';
    for (const auto& failed : ledger.failed) {
      out << "  failed: " << failed.name;
      if (failed.error) out << "\n    error: " << indented(*failed.error, "    ");
      out << '\n';
    }
    if (ledger.lock && ledger.lock->held) {
      out << "  lock held" << (ledger.lock->since ? " since " + *ledger.lock->since : "")
          << (ledger.lock->holder ? " by " + *ledger.lock->holder : "") << '\n';
    }
    for (const auto& run : ledger.partial_runs) {
      out << "  left by " << run.id << ": " << run.run.summary << '\n';
    }
    for (const auto& pending : ledger.pending) {
      out << "  pending: " << pending.id << " (" << pending.file << ")\n";
    }
    if (ledger.forecast) {
      for (const auto& f : ledger.forecast->failures) {
        out << "  will fail: " << f.migration << " line " << f.line << ": " << f.error
            << (f.certain ? "" : " (probably: " + f.caveat + ")") << "\n    " << f.statement
            << '\n';
      }
      if (!ledger.forecast->not_checked.empty()) {
        out << "  not checked: " << ledger.forecast->not_checked.size()
            << " statement(s) of the pending migrations (see --format json)\n";
      }
    }
    for (const auto& problem : ledger.file_problems) {
      out << "  " << file_problem_name(problem.kind) << ": " << problem.id << ": " << problem.detail
          << '\n';
    }
    for (const auto& note : ledger.notes) out << "  note: " << note << '\n';
  }
}

}  // namespace driftwatch::ledgers
