// Tests the Flyway reader: flyway_schema_history in installed_rank order, with
// its baseline, schema, delete and repeatable rows.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "probes/ledgers/readers.h"

namespace ledgers = driftwatch::ledgers;

namespace {

using Row = std::vector<std::optional<std::string>>;

// installed_rank, version, description, type, script, checksum, installed_on, success
Row row(const char* rank, std::optional<std::string> version, const char* description,
        const char* type, std::optional<std::string> checksum, const char* success) {
  return {rank,
          std::move(version),
          description,
          type,
          std::string("V__.sql"),
          std::move(checksum),
          "flyway",
          std::string("2024-05-0") + rank + " 10:00:00",
          "12",
          success};
}

ledgers::LedgerState read(std::vector<Row> values) {
  const std::vector<std::string> names{"installed_rank", "version",  "description",  "type",
                                       "script",         "checksum", "installed_by", "installed_on",
                                       "execution_time", "success"};
  ledgers::TableInfo table{"public", "flyway_schema_history", {}};
  for (const auto& name : names) table.columns.push_back({name, "text"});
  ledgers::DetectedLedger detected;
  detected.framework = ledgers::Framework::flyway;
  detected.table = table;
  const ledgers::LedgerInput input{table, {names, std::move(values)}, {}, {}, {}};
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

std::string all_notes(const ledgers::LedgerState& state) {
  std::string out;
  for (const auto& note : state.notes) out += note + "\n";
  return out;
}

}  // namespace

TEST_CASE("flyway: successful versioned rows are applied in installed_rank order", "[ledgers]") {
  // Out of order on purpose: the reader orders by installed_rank.
  const auto state = read({row("2", "1.1", "add users", "SQL", "-1522384470", "t"),
                           row("1", "1", "init", "SQL", "1139530000", "t")});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(ids(state.applied) == std::vector<std::string>{"1", "1.1"});
  CHECK(state.applied[1].name == "add users");
  CHECK(state.applied[1].checksum == "-1522384470");
  CHECK(state.applied[1].applied_at == "2024-05-02 10:00:00");
  CHECK(state.failed.empty());
  CHECK_FALSE(state.lock);
  CHECK_THAT(state.explanation, Catch::Contains("2 migrations applied"));
}

TEST_CASE("flyway: a row with success false is a failed, possibly half-applied migration",
          "[ledgers]") {
  const auto state =
      read({row("1", "1", "init", "SQL", "10", "t"), row("2", "1.1", "add users", "SQL", "11", "t"),
            row("3", "2", "create index", "SQL", "12", "f")});
  CHECK(state.health == ledgers::Health::failed);
  CHECK(ids(state.applied) == std::vector<std::string>{"1", "1.1"});
  REQUIRE(ids(state.failed) == std::vector<std::string>{"2"});
  CHECK(state.failed[0].name == "create index");
  CHECK(state.failed[0].started_at == "2024-05-03 10:00:00");
  CHECK_THAT(state.explanation, Catch::Contains("in part"));
  CHECK_THAT(state.explanation, Catch::Contains("transaction"));
  CHECK_THAT(state.next_step, Catch::Contains("flyway repair"));
  CHECK(safe(state.next_step));
}

TEST_CASE("flyway: a baseline row counts as applied, with a note", "[ledgers]") {
  const auto state = read({row("1", "1", "<< Flyway Baseline >>", "BASELINE", std::nullopt, "t"),
                           row("2", "2", "add orders", "SQL", "5", "t")});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(ids(state.applied) == std::vector<std::string>{"1", "2"});
  CHECK_FALSE(state.applied[0].checksum);
  CHECK_THAT(all_notes(state), Catch::Contains("baselined at version 1"));
}

TEST_CASE("flyway: the schema creation marker is not a migration", "[ledgers]") {
  const auto state =
      read({row("0", std::nullopt, "<< Flyway Schema Creation >>", "SCHEMA", std::nullopt, "t"),
            row("1", "1", "init", "SQL", "5", "t")});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(ids(state.applied) == std::vector<std::string>{"1"});
}

TEST_CASE("flyway: only the latest run of a repeatable migration counts", "[ledgers]") {
  const auto state = read({row("1", "1", "init", "SQL", "5", "t"),
                           row("2", std::nullopt, "views", "SQL", "100", "t"),
                           row("3", "2", "add column", "SQL", "6", "t"),
                           row("4", std::nullopt, "views", "SQL", "200", "t")});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(ids(state.applied) == std::vector<std::string>{"1", "2", "R:views"});
  CHECK(state.applied[2].checksum == "200");
}

TEST_CASE("flyway: a failed latest run of a repeatable migration is a failure", "[ledgers]") {
  const auto state = read({row("1", std::nullopt, "views", "SQL", "100", "t"),
                           row("2", std::nullopt, "views", "SQL", "200", "f")});
  CHECK(state.health == ledgers::Health::failed);
  CHECK(state.applied.empty());
  CHECK(ids(state.failed) == std::vector<std::string>{"R:views"});
  CHECK_THAT(state.explanation, Catch::Contains("Repeatable migration views"));
}

TEST_CASE("flyway: an older failed run of a repeatable migration is superseded", "[ledgers]") {
  const auto state = read({row("1", std::nullopt, "views", "SQL", "100", "f"),
                           row("2", std::nullopt, "views", "SQL", "200", "t")});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(ids(state.applied) == std::vector<std::string>{"R:views"});
}

TEST_CASE("flyway: a DELETE row removes the migration it marks deleted", "[ledgers]") {
  const auto state =
      read({row("1", "1", "init", "SQL", "5", "t"), row("2", "2", "gone", "SQL", "6", "t"),
            row("3", "2", "gone", "DELETE", std::nullopt, "t")});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(ids(state.applied) == std::vector<std::string>{"1"});
}

TEST_CASE("flyway: a deleted repeatable migration leaves no earlier run of it applied",
          "[ledgers]") {
  const auto state = read({row("1", std::nullopt, "views", "SQL", "100", "t"),
                           row("2", std::nullopt, "views", "SQL", "200", "t"),
                           row("3", std::nullopt, "views", "DELETE", std::nullopt, "t")});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.applied.empty());
}

TEST_CASE("flyway: a DELETE row can clear a failed migration", "[ledgers]") {
  const auto state =
      read({row("1", "1", "init", "SQL", "5", "t"), row("2", "2", "broken", "SQL", "6", "f"),
            row("3", "2", "broken", "DELETE", std::nullopt, "t")});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.failed.empty());
  CHECK(ids(state.applied) == std::vector<std::string>{"1"});
}

TEST_CASE("flyway: an empty history is healthy with nothing applied", "[ledgers]") {
  const auto state = read({});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.applied.empty());
  CHECK_FALSE(state.explanation.empty());
}

TEST_CASE("flyway: undo rows are noted rather than guessed at", "[ledgers]") {
  const auto state =
      read({row("1", "1", "init", "SQL", "5", "t"), row("2", "1", "init", "UNDO_SQL", "7", "t")});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(ids(state.applied) == std::vector<std::string>{"1"});
  CHECK_THAT(all_notes(state), Catch::Contains("undo row"));
}
