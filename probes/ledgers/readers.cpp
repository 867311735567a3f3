#include "probes/ledgers/readers.h"

#include <array>

#include "probes/ledgers/reader_support.h"
#include "probes/schema/identity.h"

namespace driftwatch::ledgers {
namespace {

using Reader = void (*)(const LedgerInput&, LedgerState&);

struct FrameworkReader {
  Framework framework;
  Reader read;
};

// One row per tool (readers.h); a tool without a row is read as unknown.
constexpr std::array kReaders{
    FrameworkReader{Framework::prisma, read_prisma},
    FrameworkReader{Framework::django, read_django},
    FrameworkReader{Framework::rails, read_rails},
    FrameworkReader{Framework::alembic, read_alembic},
    FrameworkReader{Framework::flyway, read_flyway},
    FrameworkReader{Framework::liquibase, read_liquibase},
    FrameworkReader{Framework::golang_migrate, read_golang_migrate},
    FrameworkReader{Framework::goose, read_goose},
    FrameworkReader{Framework::dbmate, read_dbmate},
    FrameworkReader{Framework::sqitch, read_sqitch},
    FrameworkReader{Framework::knex, read_knex},
    FrameworkReader{Framework::sequelize, read_sequelize},
    FrameworkReader{Framework::typeorm, read_typeorm},
    FrameworkReader{Framework::drizzle, read_drizzle},
    FrameworkReader{Framework::node_pg_migrate, read_node_pg_migrate},
    FrameworkReader{Framework::ef_core, read_ef_core},
    FrameworkReader{Framework::sqlx, read_sqlx},
    FrameworkReader{Framework::supabase, read_supabase},
    FrameworkReader{Framework::atlas, read_atlas},
    FrameworkReader{Framework::laravel, read_laravel},
    FrameworkReader{Framework::ecto, read_ecto},
    FrameworkReader{Framework::diesel, read_diesel},
    FrameworkReader{Framework::hasura, read_hasura},
    FrameworkReader{Framework::unknown, read_unknown},
};

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out;
}

}  // namespace

LedgerState read_ledger(const DetectedLedger& detected, const LedgerInput& input) {
  LedgerState state;
  state.framework = detected.framework;
  state.schema = detected.table.schema;
  state.table = detected.table.name;
  state.confidence = detected.confidence;
  state.notes = detected.notes;
  for (const auto& related : detected.related) state.related_tables.push_back(related.qualified());
  const std::string table = detected.table.qualified();
  const std::string tool(framework_name(detected.framework));

  if (!detected.table.readable) {
    state.health = Health::unreadable;
    const std::string lacks =
        " may not read " + table + " (it lacks SELECT on it), so the ledger's state is unknown.";
    if (input.role.empty()) {
      state.explanation = "The role driftwatch connects as" + lacks;
      state.next_step = "GRANT SELECT ON " + table + " TO the role driftwatch connects as.";
    } else {
      // Quoted always: a role's name may be a keyword, and the GRANT is
      // meant to be run as it is printed.
      const auto role = schema::quote_sql_identifier(input.role);
      state.explanation = "The role " + role + lacks;
      state.next_step = "GRANT SELECT ON " + table + " TO " + role + ";";
    }
    return state;
  }
  if (!detected.missing_columns.empty()) {
    state.health = Health::unexpected_shape;
    state.explanation =
        table + " has the name of " + tool + "'s ledger but not its shape: it lacks " +
        joined(detected.missing_columns) + ". Its state cannot be read as " + tool + "'s.";
    state.next_step =
        "If " + tool + " wrote it, check the " + tool +
        " version: driftwatch knows the ledger of current releases. If another tool did, name "
        "it with --ledger FRAMEWORK=" +
        state.schema + "." + state.table + ".";
    return state;
  }
  for (const auto& reader : kReaders) {
    if (reader.framework == detected.framework) {
      reader.read(input, state);
      return state;
    }
  }
  read_unknown(input, state);
  state.notes.push_back("driftwatch recognises this table as " + tool +
                        "'s ledger but cannot read its state yet");
  return state;
}

NoLedgerAdvice advise_no_ledger(std::size_t user_tables) {
  return {
      "The database has " + count_of(user_tables, "table", "tables") +
          " but no migration ledger: either its schema was made by hand or by a tool that keeps "
          "no ledger here, or the ledger is in a schema or under a name driftwatch did not look "
          "at. A migration tool deploying to it will find a non-empty schema (Prisma: P3005, "
          "\"The database schema is not empty\").",
      std::string("If a tool manages this database, baseline it: record the existing migrations "
                  "as applied without running them (Prisma: `prisma migrate resolve --applied "
                  "<initial migration>`; Flyway: `flyway baseline`; Django: `migrate "
                  "--fake-initial`; Alembic: `alembic stamp head`). If its ledger has a custom "
                  "name, give it with --ledger FRAMEWORK=SCHEMA.TABLE. ") +
          kNoReset};
}

}  // namespace driftwatch::ledgers
