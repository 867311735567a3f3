#include "probes/migration_sql/prediction.h"

#include "probes/migration_sql/effect_apply.h"
#include "probes/migration_sql/schema_model.h"
#include "probes/migration_sql/sql_parse.h"
#include "probes/migration_sql/statement_effects.h"

namespace driftwatch::migration_sql {
namespace {

using Class = StatementAnalysis::Class;
using State = ApplyOutcome::State;

class Simulation {
 public:
  Simulation(const schema::Snapshot& live, Prediction& prediction)
      : model_(live), prediction_(prediction) {}

  void run_file(const PendingSql& pending) {
    model_.set_search_path({});
    if (!pending.unreadable.empty()) {
      not_checked(pending, 0, {}, pending.unreadable);
      darken("migration " + pending.migration + " (" + pending.unreadable + ")");
      return;
    }
    const auto parsed = parse_sql(pending.sql);
    if (parsed.error) {
      const auto reason = "parse error at line " + std::to_string(parsed.error->line) + ": " +
                          parsed.error->message;
      not_checked(pending, parsed.error->line, {}, reason);
      darken("migration " + pending.migration + ", which could not be parsed");
      return;
    }
    for (const auto& statement : parsed.statements) run_statement(pending, statement);
  }

 private:
  void run_statement(const PendingSql& pending, const ParsedStatement& statement) {
    const auto analysis = analyse_statement(statement);
    switch (analysis.type) {
      case Class::search_path:
        model_.set_search_path(analysis.search_path);
        ++prediction_.statements_checked;
        return;
      case Class::inert:
        not_checked(pending, statement.line, statement.abridged, analysis.reason);
        return;
      case Class::opaque:
        not_checked(pending, statement.line, statement.abridged, analysis.reason);
        darken("the statement at " + pending.migration + " line " + std::to_string(statement.line) +
               " (" + analysis.reason + ")");
        return;
      case Class::modelled: break;
    }
    ++prediction_.statements_checked;
    // A statement is atomic: it changes the model only when every part passes.
    SchemaModel after = model_;
    std::string notes = analysis.reason;
    for (const auto& effect : analysis.effects) {
      const auto outcome = apply_effect(effect, after);
      if (outcome.state == State::failed) {
        prediction_.failures.push_back({pending.migration, pending.file, statement.line,
                                        statement.abridged, outcome.object, outcome.kind,
                                        outcome.error, outcome.sqlstate, caveat_.empty(), caveat_});
        return;
      }
      if (outcome.state == State::skipped && effect.op == Effect::Op::require_relation) break;
      if (outcome.state == State::unchecked) notes += (notes.empty() ? "" : "; ") + outcome.note;
    }
    if (!notes.empty()) {
      not_checked(pending, statement.line, statement.abridged, "partly checked: " + notes);
    }
    model_ = std::move(after);
  }

  void not_checked(const PendingSql& pending, int line, std::string statement, std::string reason) {
    prediction_.not_checked.push_back(
        {pending.migration, pending.file, line, std::move(statement), std::move(reason)});
  }

  // After the first thing that may change names unseen, findings stand only
  // as probable; the first cause is the one worth naming.
  void darken(const std::string& cause) {
    if (caveat_.empty()) caveat_ = "after " + cause + ", which may change the schema unseen";
  }

  SchemaModel model_;
  Prediction& prediction_;
  std::string caveat_;
};

}  // namespace

Prediction predict_pending(const std::vector<PendingSql>& in_run_order,
                           const schema::Snapshot& live) {
  Prediction prediction;
  Simulation simulation(live, prediction);
  for (const auto& pending : in_run_order) simulation.run_file(pending);
  return prediction;
}

}  // namespace driftwatch::migration_sql
