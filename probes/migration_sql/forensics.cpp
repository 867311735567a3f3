#include "probes/migration_sql/forensics.h"

#include <algorithm>

#include "probes/migration_sql/schema_model.h"
#include "probes/migration_sql/sql_parse.h"
#include "probes/migration_sql/statement_effects.h"
#include "probes/schema/identity.h"

namespace driftwatch::migration_sql {
namespace {

using Op = Effect::Op;
using Class = StatementAnalysis::Class;
using StatementState = StatementOutcome::State;
using schema::Kind;

/// A name change a statement makes: after it ran, the object at path is
/// present (created, added, renamed to) or absent (dropped, renamed from).
struct Fact {
  std::vector<std::string> path;
  Kind kind{};
  bool present = true;
};

QualifiedName where_relation(const SqlName& name, const SchemaModel& live,
                             const std::string& other_name = {}) {
  if (name.schema) return {*name.schema, name.name};
  if (const auto found = live.find_relation_schema(name.name)) return {*found, name.name};
  // A rename that happened is found under its new name.
  if (!other_name.empty()) {
    if (const auto found = live.find_relation_schema(other_name)) return {*found, name.name};
  }
  return {live.creation_schema().value_or(live.search_path().front()), name.name};
}

QualifiedName where_type(const SqlName& name, const SchemaModel& live) {
  if (name.schema) return {*name.schema, name.name};
  if (const auto found = live.find_type_schema(name.name)) return {*found, name.name};
  return {live.creation_schema().value_or(live.search_path().front()), name.name};
}

std::vector<std::string> path_of(const QualifiedName& name) { return {name.first, name.second}; }

std::vector<Fact> facts_of(const Effect& effect, const SchemaModel& live) {
  switch (effect.op) {
    case Op::create_schema:
    case Op::drop_schema:
      return {{{effect.name.name}, Kind::schema, effect.op == Op::create_schema}};
    case Op::create_relation:
      if (effect.kind == Kind::index) {
        const auto table = where_relation(*effect.table, live);
        return {{{table.first, effect.name.name}, Kind::index, true}};
      }
      return {{path_of(where_relation(effect.name, live)), effect.kind, true}};
    case Op::drop_relation:
      return {{path_of(where_relation(effect.name, live)), effect.kind, false}};
    case Op::rename_relation: {
      const auto old_name = where_relation(effect.name, live, effect.new_name);
      return {{path_of(old_name), effect.kind, false},
              {{old_name.first, effect.new_name}, effect.kind, true}};
    }
    case Op::add_column:
    case Op::drop_column:
    case Op::rename_column: {
      const auto table = where_relation(effect.name, live);
      std::vector<Fact> facts{
          {{table.first, table.second, effect.column}, Kind::column, effect.op == Op::add_column}};
      if (effect.op == Op::rename_column) {
        facts.push_back({{table.first, table.second, effect.new_name}, Kind::column, true});
      }
      return facts;
    }
    case Op::create_type:
    case Op::drop_type:
      return {{path_of(where_type(effect.name, live)), effect.kind, effect.op == Op::create_type}};
    case Op::require_relation:
    case Op::require_column: break;
  }
  return {};
}

bool exists(const Fact& fact, const SchemaModel& live) {
  if (fact.kind == Kind::schema) return live.has_schema(fact.path[0]);
  const QualifiedName name{fact.path[0], fact.path[1]};
  const auto* relation = live.relation(name);
  if (fact.kind == Kind::column) {
    return relation != nullptr && relation->columns.count(fact.path[2]) > 0;
  }
  if (fact.kind == Kind::enum_type || fact.kind == Kind::domain || fact.kind == Kind::range_type) {
    // DROP TYPE does not say which kind of type it drops.
    return live.plain_type(name).has_value() ||
           (relation != nullptr && relation->kind == Kind::composite_type);
  }
  return relation != nullptr && relation->kind == fact.kind;
}

std::string action_of(Op op) {
  switch (op) {
    case Op::create_schema:
    case Op::create_relation:
    case Op::create_type: return "created";
    case Op::add_column: return "added";
    case Op::drop_schema:
    case Op::drop_relation:
    case Op::drop_column:
    case Op::drop_type: return "dropped";
    case Op::rename_relation:
    case Op::rename_column: return "renamed";
    default: return {};
  }
}

// Whether a later fact changes the object of an earlier one, or what holds it.
bool overlaps(const Fact& earlier, const Fact& later) {
  return later.path.size() <= earlier.path.size() &&
         std::equal(later.path.begin(), later.path.end(), earlier.path.begin());
}

void judge(StatementOutcome& outcome, const std::vector<Fact>& facts, const SchemaModel& live) {
  std::size_t holding = 0;
  std::string found;
  for (const auto& fact : facts) {
    const bool is_there = exists(fact, live);
    if (is_there == fact.present) ++holding;
    found += (found.empty() ? "" : ", ") + schema::format_identity(fact.path) +
             (is_there ? " is present" : " is absent");
  }
  outcome.reason = found;
  if (holding == facts.size()) {
    outcome.state = StatementState::applied;
  } else if (holding == 0) {
    outcome.state = StatementState::not_applied;
  } else {
    outcome.state = StatementState::not_checked;
    outcome.reason = "partly present: " + found;
  }
}

std::string describe(const StatementOutcome& outcome) {
  return outcome.kind + " " + outcome.object + " (line " + std::to_string(outcome.line) + ")";
}

std::string join(const std::vector<std::string>& parts) {
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : ", ") + part;
  return text;
}

std::string summarise(const PartialRun& run) {
  std::vector<std::string> applied;
  std::vector<std::string> unchecked;
  std::vector<std::string> not_reached;
  std::vector<std::string> present_after_stop;
  for (std::size_t i = 0; i < run.statements.size(); ++i) {
    const auto& outcome = run.statements[i];
    const bool after_stop = run.stopped_at && i > *run.stopped_at;
    if (outcome.state == StatementState::applied && !outcome.object.empty()) {
      const auto text = outcome.action + " " + outcome.kind + " " + outcome.object;
      (after_stop ? present_after_stop : applied).push_back(text);
    } else if (after_stop) {
      not_reached.push_back(outcome.object.empty() ? "line " + std::to_string(outcome.line)
                                                   : describe(outcome));
    } else if (outcome.state == StatementState::not_checked && !run.stopped_at) {
      unchecked.push_back("line " + std::to_string(outcome.line));
    }
  }
  std::vector<std::string> clauses;
  clauses.push_back(applied.empty() ? "nothing applied" : join(applied));
  if (run.stopped_at) {
    const auto& stop = run.statements[*run.stopped_at];
    clauses.push_back("failed at or before " + describe(stop));
    if (!not_reached.empty()) clauses.push_back("not reached: " + join(not_reached));
    if (!present_after_stop.empty()) {
      clauses.push_back("present although after the stop (there before the run?): " +
                        join(present_after_stop));
    }
  } else {
    clauses.emplace_back("no checkable effect is missing");
    if (!unchecked.empty()) clauses.push_back("not checkable: " + join(unchecked));
  }
  std::string sentence;
  for (const auto& clause : clauses) sentence += (sentence.empty() ? "" : "; ") + clause;
  return sentence;
}

}  // namespace

PartialRun trace_partial_run(std::string_view sql, const schema::Snapshot& live) {
  PartialRun run;
  const auto parsed = parse_sql(sql);
  if (parsed.error) {
    StatementOutcome outcome;
    outcome.line = parsed.error->line;
    outcome.reason =
        "parse error at line " + std::to_string(parsed.error->line) + ": " + parsed.error->message;
    run.summary = "not checked: " + outcome.reason;
    run.statements.push_back(std::move(outcome));
    return run;
  }
  SchemaModel names(live);  // only its search_path changes
  std::vector<std::vector<Fact>> facts;
  for (const auto& statement : parsed.statements) {
    StatementOutcome outcome;
    outcome.line = statement.line;
    outcome.statement = statement.abridged;
    const auto analysis = analyse_statement(statement);
    std::vector<Fact> statement_facts;
    if (analysis.type == Class::search_path) {
      names.set_search_path(analysis.search_path);
      outcome.reason = "changes only the session's search_path";
    } else if (analysis.type != Class::modelled) {
      outcome.reason = analysis.reason;
    } else {
      for (const auto& effect : analysis.effects) {
        auto more = facts_of(effect, names);
        if (outcome.action.empty() && !more.empty()) outcome.action = action_of(effect.op);
        statement_facts.insert(statement_facts.end(), more.begin(), more.end());
      }
      if (statement_facts.empty()) {
        outcome.reason = analysis.reason.empty()
                             ? "it changes definitions, not names, which this check cannot see"
                             : analysis.reason;
      } else {
        outcome.object = schema::format_identity(statement_facts.front().path);
        outcome.kind = kind_word(statement_facts.front().kind);
        judge(outcome, statement_facts, names);
      }
    }
    facts.push_back(std::move(statement_facts));
    run.statements.push_back(std::move(outcome));
  }
  // An effect that a later statement changes again cannot be read off the
  // live schema: created then dropped looks like never created.
  for (std::size_t i = 0; i < facts.size(); ++i) {
    for (std::size_t j = i + 1; j < facts.size() && !facts[i].empty(); ++j) {
      const bool changed_later = std::any_of(facts[i].begin(), facts[i].end(), [&](const Fact& f) {
        return std::any_of(facts[j].begin(), facts[j].end(),
                           [&](const Fact& g) { return overlaps(f, g); });
      });
      if (changed_later) {
        run.statements[i].state = StatementState::not_checked;
        run.statements[i].reason =
            "line " + std::to_string(run.statements[j].line) + " changes the same object again";
        break;
      }
    }
  }
  for (std::size_t i = 0; i < run.statements.size(); ++i) {
    if (run.statements[i].state == StatementState::not_applied) {
      run.stopped_at = i;
      break;
    }
  }
  run.summary = summarise(run);
  return run;
}

}  // namespace driftwatch::migration_sql
