// Tests the Hasura reader: hdb_catalog.schema_migrations holds a row per
// applied version, each with a dirty flag.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "probes/ledgers/readers.h"

namespace ledgers = driftwatch::ledgers;

namespace {

using Row = std::vector<std::optional<std::string>>;

ledgers::LedgerState read(std::vector<Row> values) {
  const ledgers::TableInfo table{
      "hdb_catalog", "schema_migrations", {{"version", "bigint"}, {"dirty", "boolean"}}};
  ledgers::DetectedLedger detected;
  detected.framework = ledgers::Framework::hasura;
  detected.table = table;
  const ledgers::LedgerInput input{table, {{"version", "dirty"}, std::move(values)}, {}, {}, {}};
  return ledgers::read_ledger(detected, input);
}

template <typename Migration>
std::vector<std::string> ids(const std::vector<Migration>& migrations) {
  std::vector<std::string> out;
  out.reserve(migrations.size());
  for (const auto& migration : migrations) out.push_back(migration.id);
  return out;
}

bool safe(const std::string& next_step) {
  const bool destructive = next_step.find("reset") != std::string::npos ||
                           next_step.find("drop") != std::string::npos ||
                           next_step.find("flush") != std::string::npos ||
                           next_step.find("downgrade base") != std::string::npos;
  return !destructive || next_step.find("Do not") != std::string::npos;
}

}  // namespace

TEST_CASE("hasura: clean rows are applied versions in numeric order", "[ledgers]") {
  const auto state = read({{"1610000000002", "f"}, {"999", "f"}, {"1610000000001", "f"}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(ids(state.applied) == std::vector<std::string>{"999", "1610000000001", "1610000000002"});
  CHECK(state.failed.empty());
  CHECK_FALSE(state.lock);
  CHECK_THAT(state.explanation, Catch::Contains("3 migrations applied"));
}

TEST_CASE("hasura: a dirty row is a migration started and not finished", "[ledgers]") {
  const auto state = read({{"1610000000001", "f"}, {"1610000000002", "t"}});
  CHECK(state.health == ledgers::Health::dirty);
  CHECK(ids(state.applied) == std::vector<std::string>{"1610000000001"});
  CHECK(ids(state.failed) == std::vector<std::string>{"1610000000002"});
  CHECK_THAT(state.explanation, Catch::Contains("in part"));
  CHECK_THAT(state.next_step,
             Catch::Contains("UPDATE hdb_catalog.schema_migrations SET dirty = false WHERE "
                             "version = 1610000000002"));
  CHECK(safe(state.next_step));
}

TEST_CASE("hasura: several dirty rows are all listed", "[ledgers]") {
  const auto state = read({{"3", "t"}, {"1", "f"}, {"2", "t"}});
  CHECK(state.health == ledgers::Health::dirty);
  CHECK(ids(state.failed) == std::vector<std::string>{"2", "3"});
  CHECK_THAT(state.explanation, Catch::Contains("Versions 2, 3 are marked dirty"));
  CHECK_THAT(state.next_step, Catch::Contains("each dirty version (2, 3)"));
  CHECK(safe(state.next_step));
}

TEST_CASE("hasura: an empty table is healthy with nothing applied", "[ledgers]") {
  const auto state = read({});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.applied.empty());
  // The table may be a leftover of the CLI before v1.4: always said.
  std::string notes;
  for (const auto& note : state.notes) notes += note;
  CHECK_THAT(notes, Catch::Contains("cli_state"));
}
