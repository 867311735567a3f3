// Tests the Sqitch reader: the changes table is what is deployed, the events
// log tells failures and reverts.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "probes/ledgers/readers.h"

namespace ledgers = driftwatch::ledgers;

namespace {

using Row = std::vector<std::optional<std::string>>;

// change_id, script_hash, change, project, committed_at
Row change(const char* id, const char* name, const char* at) {
  return {id, std::string("hash-") + name, name, "flipr", at};
}

// event, change_id, change, project, committed_at, note
Row event(const char* kind, const char* id, const char* name, const char* at) {
  return {kind, id, name, "flipr", at, ""};
}

ledgers::Rows events(std::vector<Row> values) {
  return {{"event", "change_id", "change", "project", "committed_at", "note"}, std::move(values)};
}

ledgers::LedgerState read(std::vector<Row> changes, std::vector<Row> event_rows,
                          std::vector<ledgers::AdvisoryLock> locks = {}) {
  const std::vector<std::string> names{"change_id", "script_hash", "change", "project",
                                       "committed_at"};
  ledgers::TableInfo table{"sqitch", "changes", {}};
  for (const auto& name : names) table.columns.push_back({name, "text"});
  ledgers::DetectedLedger detected;
  detected.framework = ledgers::Framework::sqitch;
  detected.table = table;
  std::map<std::string, ledgers::Rows> related{{"events", events(std::move(event_rows))}};
  const ledgers::LedgerInput input{
      table, {names, std::move(changes)}, std::move(related), std::move(locks), {}};
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

TEST_CASE("sqitch: deployed changes are applied in committed_at order", "[ledgers]") {
  const auto state = read({change("b2", "users", "2024-05-02 10:00:00+00"),
                           change("a1", "appschema", "2024-05-01 10:00:00+00")},
                          {event("deploy", "a1", "appschema", "2024-05-01 10:00:00+00"),
                           event("deploy", "b2", "users", "2024-05-02 10:00:00+00")});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(ids(state.applied) == std::vector<std::string>{"appschema", "users"});
  CHECK(state.applied[1].checksum == "hash-users");
  CHECK(state.applied[1].applied_at == "2024-05-02 10:00:00+00");
  CHECK(state.failed.empty());
  CHECK_FALSE(state.lock);
}

TEST_CASE("sqitch: a change whose latest event is a failure is failed", "[ledgers]") {
  const auto state = read({change("a1", "appschema", "2024-05-01 10:00:00+00")},
                          {event("deploy", "a1", "appschema", "2024-05-01 10:00:00+00"),
                           event("fail", "c3", "flips", "2024-05-03 10:00:00+00")});
  CHECK(state.health == ledgers::Health::failed);
  CHECK(ids(state.applied) == std::vector<std::string>{"appschema"});
  REQUIRE(ids(state.failed) == std::vector<std::string>{"flips"});
  CHECK(state.failed[0].started_at == "2024-05-03 10:00:00+00");
  CHECK_THAT(state.explanation, Catch::Contains("in part"));
  CHECK_THAT(state.next_step, Catch::Contains("sqitch deploy"));
  CHECK_THAT(state.next_step, Catch::Contains("Do not run `sqitch revert --to @ROOT`"));
  CHECK(safe(state.next_step));
}

TEST_CASE("sqitch: a failure in mode all names the changes reverted with it", "[ledgers]") {
  // deploy --mode all (the default) reverts what the failed run had deployed.
  const auto state = read({change("a1", "appschema", "2024-05-01 10:00:00+00")},
                          {event("deploy", "a1", "appschema", "2024-05-01 10:00:00+00"),
                           event("deploy", "b2", "users", "2024-05-02 10:00:00+00"),
                           event("fail", "c3", "flips", "2024-05-02 10:00:01+00"),
                           event("revert", "b2", "users", "2024-05-02 10:00:02+00")});
  CHECK(state.health == ledgers::Health::failed);
  CHECK(ids(state.failed) == std::vector<std::string>{"flips"});
  CHECK_THAT(state.explanation, Catch::Contains("reverted the changes deployed earlier"));
  CHECK_THAT(state.explanation, Catch::Contains("users"));
}

TEST_CASE("sqitch: a failure does not claim reverts from earlier runs", "[ledgers]") {
  const auto state = read({change("a1", "appschema", "2024-05-01 10:00:00+00")},
                          {event("deploy", "a1", "appschema", "2024-05-01 10:00:00+00"),
                           event("deploy", "b2", "users", "2024-05-02 10:00:00+00"),
                           event("revert", "b2", "users", "2024-05-02 11:00:00+00"),
                           event("fail", "c3", "flips", "2024-05-03 10:00:00+00")});
  CHECK(state.health == ledgers::Health::failed);
  CHECK_THAT(state.explanation, !Catch::Contains("reverted the changes"));
}

TEST_CASE("sqitch: a failure fixed by a later deploy is no longer failed", "[ledgers]") {
  const auto state = read({change("c3", "flips", "2024-05-04 10:00:00+00")},
                          {event("fail", "c3", "flips", "2024-05-03 10:00:00+00"),
                           event("deploy", "c3", "flips", "2024-05-04 10:00:00+00")});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(ids(state.applied) == std::vector<std::string>{"flips"});
}

TEST_CASE("sqitch: a failure of an old change id is moot once that change is deployed",
          "[ledgers]") {
  // Editing the plan entry gives the change a new id.
  const auto state = read({change("new", "flips", "2024-05-04 10:00:00+00")},
                          {event("fail", "old", "flips", "2024-05-03 10:00:00+00"),
                           event("deploy", "new", "flips", "2024-05-04 10:00:00+00")});
  CHECK(state.health == ledgers::Health::healthy);
}

TEST_CASE("sqitch: a reworked change that fails is failed though its old version is deployed",
          "[ledgers]") {
  const auto state = read({change("v1", "flips", "2024-05-01 10:00:00+00")},
                          {event("deploy", "v1", "flips", "2024-05-01 10:00:00+00"),
                           event("fail", "v2", "flips", "2024-05-05 10:00:00+00")});
  CHECK(state.health == ledgers::Health::failed);
  CHECK(ids(state.failed) == std::vector<std::string>{"flips"});
}

TEST_CASE("sqitch: a change whose latest event is a revert is rolled back", "[ledgers]") {
  const auto state = read({change("a1", "appschema", "2024-05-01 10:00:00+00")},
                          {event("deploy", "a1", "appschema", "2024-05-01 10:00:00+00"),
                           event("deploy", "b2", "users", "2024-05-02 10:00:00+00"),
                           event("revert", "b2", "users", "2024-05-03 10:00:00+00")});
  CHECK(state.health == ledgers::Health::rolled_back);
  CHECK(ids(state.applied) == std::vector<std::string>{"appschema"});
  CHECK(state.failed.empty());
  CHECK_THAT(state.explanation, Catch::Contains("users"));
  CHECK_FALSE(state.next_step.empty());
  CHECK(safe(state.next_step));
}

TEST_CASE("sqitch: its advisory lock held means a deploy in progress", "[ledgers]") {
  const auto state = read({change("a1", "appschema", "2024-05-01 10:00:00+00")}, {},
                          {{75474063, true, "2024-05-05 10:00:00+00"}});
  CHECK(state.health == ledgers::Health::in_progress);
  REQUIRE(state.lock);
  CHECK(state.lock->held);
  CHECK_FALSE(state.next_step.empty());
}

TEST_CASE("sqitch: an empty registry is healthy with nothing applied", "[ledgers]") {
  const auto state = read({}, {});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.applied.empty());
  CHECK(state.failed.empty());
}

TEST_CASE("sqitch: without an events table only the deployed changes are read", "[ledgers]") {
  const std::vector<std::string> names{"change_id", "script_hash", "change", "project",
                                       "committed_at"};
  ledgers::TableInfo table{"sqitch", "changes", {}};
  ledgers::DetectedLedger detected;
  detected.framework = ledgers::Framework::sqitch;
  detected.table = table;
  const ledgers::LedgerInput input{
      table, {names, {change("a1", "appschema", "2024-05-01 10:00:00+00")}}, {}, {}, {}};
  const auto state = ledgers::read_ledger(detected, input);
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(ids(state.applied) == std::vector<std::string>{"appschema"});
}
