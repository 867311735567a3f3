// One modelled effect against the name model: the check PostgreSQL makes,
// with the error it raises, and the change when the check passes.
#pragma once

#include <string>

#include "probes/migration_sql/schema_model.h"
#include "probes/migration_sql/statement_effects.h"

namespace driftwatch::migration_sql {

struct ApplyOutcome {
  enum class State {
    applied,    ///< the check passed and the model changed
    skipped,    ///< IF [NOT] EXISTS turned an error into a notice; nothing changed
    failed,     ///< PostgreSQL raises error/sqlstate; nothing changed
    unchecked,  ///< the model lacks what the check needs (note says what); applied anyway
  };
  State state = State::applied;
  std::string object;  ///< identity of the object concerned, "public.users.phone"
  std::string kind;    ///< "column", "table", "index", "schema", "type", ...
  std::string error;   ///< the message PostgreSQL raises (failed) or its notice (skipped)
  std::string sqlstate;
  std::string note;  ///< unchecked: why
};

ApplyOutcome apply_effect(const Effect& effect, SchemaModel& model);

}  // namespace driftwatch::migration_sql
