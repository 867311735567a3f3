// Tests the Liquibase reader: databasechangelog rows in orderexecuted order,
// and the lock row in databasechangeloglock.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "probes/ledgers/readers.h"

namespace ledgers = driftwatch::ledgers;

namespace {

using Row = std::vector<std::optional<std::string>>;

// id, author, filename, dateexecuted, orderexecuted, exectype, md5sum
Row changeset(const char* id, const char* order, const char* exectype = "EXECUTED") {
  return {
      id,    "alice",  "db/changelog.xml",          std::string("2024-05-0") + order + " 09:00:00",
      order, exectype, std::string("9:0a1b2c") + id};
}

ledgers::Rows lock_table(const char* locked) {
  return {{"id", "locked", "lockgranted", "lockedby"},
          {{"1", locked, "2024-05-03 12:00:00", "build-7 (10.0.0.7)"}}};
}

ledgers::LedgerState read(std::vector<Row> values, std::map<std::string, ledgers::Rows> related) {
  const std::vector<std::string> names{
      "id", "author", "filename", "dateexecuted", "orderexecuted", "exectype", "md5sum"};
  ledgers::TableInfo table{"public", "databasechangelog", {}};
  for (const auto& name : names) table.columns.push_back({name, "text"});
  ledgers::DetectedLedger detected;
  detected.framework = ledgers::Framework::liquibase;
  detected.table = table;
  const ledgers::LedgerInput input{table, {names, std::move(values)}, std::move(related), {}, {}};
  return ledgers::read_ledger(detected, input);
}

std::vector<std::string> ids(const std::vector<ledgers::AppliedMigration>& applied) {
  std::vector<std::string> out;
  out.reserve(applied.size());
  for (const auto& migration : applied) out.push_back(migration.id);
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

TEST_CASE("liquibase: changesets are known by id, author and file, in orderexecuted order",
          "[ledgers]") {
  const auto state = read({changeset("2", "2"), changeset("1", "1")},
                          {{"databasechangeloglock", lock_table("f")}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(ids(state.applied) ==
        std::vector<std::string>{"1::alice::db/changelog.xml", "2::alice::db/changelog.xml"});
  CHECK(state.applied[0].name == "1");
  CHECK(state.applied[0].checksum == "9:0a1b2c1");
  CHECK(state.applied[0].applied_at == "2024-05-01 09:00:00");
  CHECK_FALSE(state.lock);
  CHECK(state.failed.empty());
  CHECK_THAT(state.explanation, Catch::Contains("2 migrations applied"));
}

TEST_CASE("liquibase: orderexecuted is compared as a number", "[ledgers]") {
  const auto state = read({changeset("ten", "10"), changeset("nine", "9")}, {});
  CHECK(state.applied.at(0).name == "nine");
  CHECK(state.applied.at(1).name == "ten");
}

TEST_CASE("liquibase: a held lock row means an update runs or a crashed one left it", "[ledgers]") {
  const auto state = read({changeset("1", "1")}, {{"databasechangeloglock", lock_table("t")}});
  CHECK(state.health == ledgers::Health::locked);
  REQUIRE(state.lock);
  CHECK(state.lock->held);
  CHECK(state.lock->since == "2024-05-03 12:00:00");
  CHECK(state.lock->holder == "build-7 (10.0.0.7)");
  CHECK(ids(state.applied) == std::vector<std::string>{"1::alice::db/changelog.xml"});
  CHECK_THAT(state.explanation, Catch::Contains("Could not acquire change log lock"));
  CHECK_THAT(state.next_step, Catch::Contains("liquibase release-locks"));
  CHECK_THAT(state.next_step, Catch::Contains("public.databasechangeloglock"));
  CHECK(safe(state.next_step));
}

TEST_CASE("liquibase: MARK_RAN and RERAN changesets are applied, and noted", "[ledgers]") {
  const auto state = read(
      {changeset("1", "1"), changeset("2", "2", "MARK_RAN"), changeset("3", "3", "RERAN")}, {});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.applied.size() == 3);
  const auto notes = all_notes(state);
  CHECK_THAT(notes, Catch::Contains("MARK_RAN"));
  CHECK_THAT(notes, Catch::Contains("2::alice::db/changelog.xml"));
  CHECK_THAT(notes, Catch::Contains("RERAN"));
}

TEST_CASE("liquibase: a changeset stored twice is listed once", "[ledgers]") {
  const auto state = read({changeset("1", "1"), changeset("1", "2")}, {});
  CHECK(state.applied.size() == 1);
  CHECK_THAT(all_notes(state), Catch::Contains("more than once"));
}

TEST_CASE("liquibase: an empty changelog without a lock table is healthy", "[ledgers]") {
  const auto state = read({}, {});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.applied.empty());
  CHECK_FALSE(state.lock);
}

TEST_CASE("liquibase: an empty lock table holds no lock", "[ledgers]") {
  const auto state =
      read({changeset("1", "1")}, {{"databasechangeloglock", {{"id", "locked"}, {}}}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK_FALSE(state.lock);
}
