// Tests the goose reader: the latest goose_db_version row of each version
// decides, and the goose_lock table and advisory lock say whether it runs.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "probes/ledgers/readers.h"

namespace ledgers = driftwatch::ledgers;

namespace {

using Row = std::vector<std::optional<std::string>>;

// id, version_id, is_applied, tstamp
Row row(const char* id, const char* version, const char* applied) {
  return {id, version, applied, std::string("2024-05-01 10:00:0") + id};
}

ledgers::Rows lock_table(const char* locked) {
  return {{"lock_id", "locked", "locked_at", "locked_by", "lease_expires_at"},
          {{"5887940537704921958", locked, "2024-05-03 12:00:00+00", "deploy-1",
            "2024-05-03 12:05:00+00"}}};
}

ledgers::LedgerState read(std::vector<Row> values,
                          std::map<std::string, ledgers::Rows> related = {},
                          std::vector<ledgers::AdvisoryLock> locks = {}) {
  const std::vector<std::string> names{"id", "version_id", "is_applied", "tstamp"};
  ledgers::TableInfo table{"public", "goose_db_version", {}};
  for (const auto& name : names) table.columns.push_back({name, "text"});
  ledgers::DetectedLedger detected;
  detected.framework = ledgers::Framework::goose;
  detected.table = table;
  const ledgers::LedgerInput input{
      table, {names, std::move(values)}, std::move(related), std::move(locks), {}};
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

}  // namespace

TEST_CASE("goose: applied versions follow id order and version 0 is left out", "[ledgers]") {
  const auto state =
      read({row("3", "20240102", "t"), row("1", "0", "t"), row("2", "20240101", "t")});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(ids(state.applied) == std::vector<std::string>{"20240101", "20240102"});
  CHECK(state.applied[1].applied_at == "2024-05-01 10:00:03");
  CHECK(state.failed.empty());
  CHECK_FALSE(state.lock);
  CHECK_THAT(state.explanation, Catch::Contains("2 migrations applied"));
}

TEST_CASE("goose: a table with only the version 0 row has nothing applied", "[ledgers]") {
  const auto state = read({row("1", "0", "t")});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.applied.empty());
}

TEST_CASE("goose: an empty table is healthy with nothing applied", "[ledgers]") {
  const auto state = read({});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.applied.empty());
}

TEST_CASE("goose: a legacy is_applied false row as the latest means rolled back", "[ledgers]") {
  const auto state =
      read({row("1", "0", "t"), row("2", "1", "t"), row("3", "2", "t"), row("4", "2", "f")});
  CHECK(state.health == ledgers::Health::rolled_back);
  CHECK(ids(state.applied) == std::vector<std::string>{"1"});
  CHECK_THAT(state.explanation, Catch::Contains("version 2"));
  CHECK_FALSE(state.next_step.empty());
  CHECK(safe(state.next_step));
}

TEST_CASE("goose: a version applied again after a rollback counts as applied", "[ledgers]") {
  const auto state = read({row("1", "1", "t"), row("2", "1", "f"), row("3", "1", "t")});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(ids(state.applied) == std::vector<std::string>{"1"});
  CHECK(state.applied[0].applied_at == "2024-05-01 10:00:03");
}

TEST_CASE("goose: a held goose_lock row is a table lock, held or stale", "[ledgers]") {
  const auto state =
      read({row("1", "0", "t"), row("2", "1", "t")}, {{"goose_lock", lock_table("t")}});
  CHECK(state.health == ledgers::Health::locked);
  REQUIRE(state.lock);
  CHECK(state.lock->held);
  CHECK(state.lock->since == "2024-05-03 12:00:00+00");
  CHECK(state.lock->holder == "deploy-1");
  CHECK(ids(state.applied) == std::vector<std::string>{"1"});
  CHECK_THAT(state.explanation, Catch::Contains("2024-05-03 12:05:00+00"));
  CHECK_THAT(state.next_step, Catch::Contains("lease"));
  CHECK(safe(state.next_step));
}

TEST_CASE("goose: a released goose_lock row holds nothing", "[ledgers]") {
  const auto state = read({row("1", "1", "t")}, {{"goose_lock", lock_table("f")}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK_FALSE(state.lock);
}

TEST_CASE("goose: its advisory lock held by a session means a run in progress", "[ledgers]") {
  const auto state =
      read({row("1", "1", "t")}, {}, {{4097083626LL, true, "2024-05-03 12:00:00+00"}});
  CHECK(state.health == ledgers::Health::in_progress);
  REQUIRE(state.lock);
  CHECK(state.lock->since == "2024-05-03 12:00:00+00");
  CHECK_FALSE(state.explanation.empty());
  CHECK_FALSE(state.next_step.empty());
}

TEST_CASE("goose: the advisory lock key of earlier goose releases counts too", "[ledgers]") {
  const auto state = read({row("1", "1", "t")}, {}, {{5887940537704921958LL, true, std::nullopt}});
  CHECK(state.health == ledgers::Health::in_progress);
  CHECK_THAT(state.explanation, Catch::Contains("5887940537704921958"));
}

TEST_CASE("goose: an advisory lock that is only waited for is no run", "[ledgers]") {
  const auto state = read({row("1", "1", "t")}, {}, {{4097083626LL, false, std::nullopt}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK_FALSE(state.lock);
}
