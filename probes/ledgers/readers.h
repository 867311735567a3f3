// Turns a detected ledger's rows into its state. One reader per tool, in
// one table (readers.cpp); each lives in a file named after its tool.
#pragma once

#include "probes/ledgers/catalog_tables.h"
#include "probes/ledgers/detection.h"
#include "probes/ledgers/ledger_state.h"

namespace driftwatch::ledgers {

/// The ledger's state: applied and failed migrations, health, explanation
/// and the safe next step. Pure; never throws for odd rows (they become notes).
LedgerState read_ledger(const DetectedLedger& detected, const LedgerInput& input);

/// The finding for a database that has tables but no ledger at all (what
/// Prisma calls P3005): explanation and next step.
struct NoLedgerAdvice {
  std::string explanation;
  std::string next_step;
};
NoLedgerAdvice advise_no_ledger(std::size_t user_tables);

// The readers, one per tool. Each fills `state` (which read_ledger has
// already given the framework, table and confidence) from `input`.
void read_prisma(const LedgerInput& input, LedgerState& state);
void read_django(const LedgerInput& input, LedgerState& state);
void read_rails(const LedgerInput& input, LedgerState& state);
void read_alembic(const LedgerInput& input, LedgerState& state);
void read_flyway(const LedgerInput& input, LedgerState& state);
void read_liquibase(const LedgerInput& input, LedgerState& state);
void read_golang_migrate(const LedgerInput& input, LedgerState& state);
void read_goose(const LedgerInput& input, LedgerState& state);
void read_dbmate(const LedgerInput& input, LedgerState& state);
void read_sqitch(const LedgerInput& input, LedgerState& state);
void read_knex(const LedgerInput& input, LedgerState& state);
void read_sequelize(const LedgerInput& input, LedgerState& state);
void read_typeorm(const LedgerInput& input, LedgerState& state);
void read_drizzle(const LedgerInput& input, LedgerState& state);
void read_node_pg_migrate(const LedgerInput& input, LedgerState& state);
void read_ef_core(const LedgerInput& input, LedgerState& state);
void read_sqlx(const LedgerInput& input, LedgerState& state);
void read_supabase(const LedgerInput& input, LedgerState& state);
void read_atlas(const LedgerInput& input, LedgerState& state);
void read_laravel(const LedgerInput& input, LedgerState& state);
void read_ecto(const LedgerInput& input, LedgerState& state);
void read_diesel(const LedgerInput& input, LedgerState& state);
void read_hasura(const LedgerInput& input, LedgerState& state);
void read_unknown(const LedgerInput& input, LedgerState& state);

}  // namespace driftwatch::ledgers
