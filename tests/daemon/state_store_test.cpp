// Tests the state store: round trips, deltas, the generation check that
// protects accept, event ids, and a state file from a newer release.
#include "daemon/state_store.h"

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/support/temp_folder.h"

namespace dw = driftwatch::daemon;
namespace schema = driftwatch::schema;
using K = schema::Kind;
using driftwatch::test::TempFolder;

namespace {

schema::SchemaObject column(const std::string& name, const std::string& type) {
  return {{K::column, {"public", "users", name}, std::nullopt}, {{"type", type}}};
}

dw::TargetState sample_state() {
  dw::TargetState state;
  state.has_baseline = true;
  state.identity = {"7311", "shop"};
  state.baseline = schema::Snapshot({column("id", "integer")});
  state.live = schema::Snapshot({column("id", "integer"), column("nick", "text \"quoted\"\n")});
  dw::LedgerSummary ledger;
  ledger.framework = "flyway";
  ledger.table = "public.flyway_schema_history";
  ledger.health = driftwatch::ledgers::Health::failed;
  ledger.applied = {"1", "2"};
  ledger.failed = {"3"};
  ledger.pending = 4;
  ledger.lock_since = "2026-11-24 07:00:00";
  ledger.explanation = "failed";
  ledger.next_step = "flyway repair";
  state.ledgers = {ledger};
  state.writes_since = (std::uint64_t{2} << 32) + 748;  // epoch 2: above 32 bits
  state.scope = R"({"partitions":"full"})";
  state.fingerprint = "2fd4e1c6";
  return state;
}

dw::Event event(dw::EventType type) {
  dw::Event e;
  e.type = type;
  e.target = "shop";
  e.message = "m";
  return e;
}

}  // namespace

TEST_CASE("a stored state loads back as it was") {
  TempFolder dir;
  const auto state = sample_state();
  {
    dw::StateStore store(dir.path());
    std::vector<dw::Event> events{event(dw::EventType::baseline_created)};
    REQUIRE(store.commit("shop", {}, state, events, 0));
    CHECK(events.front().id == 1);
  }
  dw::StateStore reopened(dir.path());
  const auto loaded = reopened.load("shop");
  CHECK(loaded.generation == 0);
  CHECK(loaded.state.has_baseline);
  CHECK(loaded.state.identity == state.identity);
  CHECK(loaded.state.baseline.objects() == state.baseline.objects());
  CHECK(loaded.state.live.objects() == state.live.objects());
  CHECK(loaded.state.ledgers == state.ledgers);
  CHECK(loaded.state.writes_since == state.writes_since);
  CHECK(loaded.state.scope == state.scope);
  CHECK(loaded.state.fingerprint == state.fingerprint);
  CHECK(reopened.targets() == std::vector<std::string>{"shop"});
}

TEST_CASE("an unknown target loads as a target without baseline") {
  TempFolder dir;
  dw::StateStore store(dir.path());
  const auto loaded = store.load("nobody");
  CHECK_FALSE(loaded.state.has_baseline);
  CHECK(loaded.state.live.empty());
}

TEST_CASE("commits write the difference and keep the rest") {
  TempFolder dir;
  dw::StateStore store(dir.path());
  const auto first = sample_state();
  std::vector<dw::Event> none;
  REQUIRE(store.commit("shop", {}, first, none, 0));
  auto second = first;
  second.live = schema::Snapshot({column("id", "bigint")});
  second.down = true;
  REQUIRE(store.commit("shop", first, second, none, 0));
  const auto loaded = store.load("shop");
  CHECK(loaded.state.live.objects() == second.live.objects());
  CHECK(loaded.state.baseline.objects() == first.baseline.objects());
  CHECK(loaded.state.down);
}

TEST_CASE("a writer with a stale generation is refused") {
  TempFolder dir;
  dw::StateStore store(dir.path());
  const auto state = sample_state();
  std::vector<dw::Event> none;
  REQUIRE(store.commit("shop", {}, state, none, 0));
  std::vector<dw::Event> accepted{event(dw::EventType::accepted)};
  REQUIRE(store.commit_external("shop", state, state, accepted, 0));
  CHECK(store.load("shop").generation == 1);
  std::vector<dw::Event> stale{event(dw::EventType::drift_detected)};
  CHECK_FALSE(store.commit("shop", state, state, stale, 0));
  CHECK(store.last_event_id() == 1);  // the refused commit stored nothing
  CHECK(store.commit("shop", state, state, stale, 1));
}

TEST_CASE("events get increasing ids and are read back in order") {
  TempFolder dir;
  dw::StateStore store(dir.path());
  std::vector<dw::Event> events{event(dw::EventType::baseline_created),
                                event(dw::EventType::drift_detected)};
  REQUIRE(store.commit("shop", {}, sample_state(), events, 0));
  std::vector<dw::Event> more{event(dw::EventType::accepted)};
  REQUIRE(store.commit_external("shop", sample_state(), sample_state(), more, 0));
  CHECK(more.front().id == 3);
  const auto after_one = store.events_after(1, 10);
  REQUIRE(after_one.size() == 2);
  CHECK(after_one[0].first == 2);
  CHECK(nlohmann::json::parse(after_one[0].second)["type"] == "drift_detected");
  CHECK(nlohmann::json::parse(after_one[1].second)["id"] == 3);
  CHECK(store.events_after(0, 1).size() == 1);
  CHECK(store.events_after(3, 10).empty());
}

TEST_CASE("a state file from before provenance, scopes and fingerprints gains their columns") {
  TempFolder dir;
  {
    dw::StateStore store(dir.path());
    std::vector<dw::Event> events;
    REQUIRE(store.commit("shop", {}, sample_state(), events, 0));
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir.path() / "state.db").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db,
                       "ALTER TABLE targets DROP COLUMN writes_since;"
                       "ALTER TABLE targets DROP COLUMN scope;"
                       "ALTER TABLE targets DROP COLUMN fingerprint",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  dw::StateStore store(dir.path());
  const auto old = store.load("shop");
  CHECK(old.state.has_baseline);
  CHECK(old.state.writes_since == 0);
  CHECK(old.state.scope.empty());  // unknown: the next poll records it
  CHECK(old.state.fingerprint.empty());
  auto state = sample_state();
  std::vector<dw::Event> events;
  REQUIRE(store.commit("shop", old.state, state, events, old.generation));
  CHECK(store.load("shop").state.writes_since == state.writes_since);
  CHECK(store.load("shop").state.scope == state.scope);
  CHECK(store.load("shop").state.fingerprint == state.fingerprint);
}

TEST_CASE("a state file of another schema version is refused with a clear message") {
  TempFolder dir;
  { dw::StateStore store(dir.path()); }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir.path() / "state.db").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "UPDATE meta SET value = '99' WHERE key = 'schema_version'", nullptr,
                       nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  CHECK_THROWS_WITH(dw::StateStore(dir.path()), Catch::Contains("schema version 99"));
}

TEST_CASE("a state directory that cannot be written is an error naming the file") {
  CHECK_THROWS_WITH(dw::StateStore("/proc/driftwatch-no-such-dir"),
                    Catch::Contains("/proc/driftwatch-no-such-dir/state.db"));
}
