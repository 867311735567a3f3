// Tests the verdicts: baseline, attribution to migrations, drift and its
// resolution, ledger health, reachability, identity changes and accept.
#include "daemon/verdict.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>

#include "daemon/watch_scope.h"
#include "probes/schema/identity.h"

namespace dw = driftwatch::daemon;
namespace schema = driftwatch::schema;
namespace ledgers = driftwatch::ledgers;
using dw::EventType;
using K = schema::Kind;

namespace {

const dw::TargetIdentity kShop{"7311", "shop"};

schema::SchemaObject table(const std::string& name) {
  return {{K::table, {"public", name}, std::nullopt}, {{"owner", "app"}}};
}

schema::SchemaObject column(const std::string& table_name, const std::string& name,
                            const std::string& type) {
  return {{K::column, {"public", table_name, name}, std::nullopt}, {{"type", type}}};
}

dw::LedgerSummary ledger(std::vector<std::string> applied,
                         ledgers::Health health = ledgers::Health::healthy) {
  dw::LedgerSummary summary;
  summary.framework = "prisma";
  summary.table = "public._prisma_migrations";
  summary.applied = std::move(applied);
  summary.health = health;
  summary.explanation = health == ledgers::Health::healthy ? "" : "a migration failed";
  return summary;
}

dw::Observation observe(std::vector<schema::SchemaObject> objects,
                        std::vector<dw::LedgerSummary> ledgers = {ledger({"0001_init"})},
                        dw::TargetIdentity identity = kShop) {
  dw::Observation observation;
  observation.time = std::chrono::system_clock::time_point(std::chrono::seconds(1'795'500'000));
  observation.identity = std::move(identity);
  observation.live = schema::Snapshot(std::move(objects));
  observation.ledgers = std::move(ledgers);
  return observation;
}

std::vector<EventType> types(const dw::PollVerdict& verdict) {
  std::vector<EventType> out;
  for (const auto& event : verdict.events) out.push_back(event.type);
  return out;
}

const dw::Event& event_of(const dw::PollVerdict& verdict, EventType type) {
  auto it = std::find_if(verdict.events.begin(), verdict.events.end(),
                         [type](const dw::Event& event) { return event.type == type; });
  REQUIRE(it != verdict.events.end());
  return *it;
}

// Whether every change of the poll has that cause (and there are changes).
bool caused_by(const dw::PollVerdict& verdict, dw::Cause cause) {
  return !verdict.provenance.empty() &&
         std::all_of(verdict.provenance.begin(), verdict.provenance.end(),
                     [cause](const dw::Provenance& p) { return p.cause == cause; });
}

// A target whose baseline is users(id) with one applied migration.
dw::TargetState baselined() {
  return dw::judge_poll({}, observe({table("users"), column("users", "id", "integer")}), "shop")
      .next;
}

}  // namespace

TEST_CASE("the first poll records the baseline and reports no drift") {
  const auto verdict =
      dw::judge_poll({}, observe({table("users"), column("users", "id", "integer")}), "shop");
  CHECK(types(verdict) == std::vector{EventType::baseline_created});
  CHECK(verdict.next.has_baseline);
  CHECK(verdict.next.baseline.size() == 2);
  CHECK(dw::drift_of(verdict.next).empty());
  CHECK(verdict.events.front().target == "shop");
  CHECK_THAT(verdict.events.front().message, Catch::Contains("2 objects"));
}

TEST_CASE("an unhealthy ledger at the first poll raises ledger_failed") {
  const auto verdict = dw::judge_poll(
      {}, observe({table("users")}, {ledger({"0001_init"}, ledgers::Health::failed)}), "shop");
  CHECK(types(verdict) == std::vector{EventType::baseline_created, EventType::ledger_failed});
  CHECK(event_of(verdict, EventType::ledger_failed).ledger->health == ledgers::Health::failed);
}

TEST_CASE("a change without a new ledger row is out-of-band drift") {
  const auto before = baselined();
  const auto verdict = dw::judge_poll(
      before,
      observe({table("users"), column("users", "id", "integer"), column("users", "nick", "text")}),
      "shop");
  CHECK(types(verdict) == std::vector{EventType::schema_changed, EventType::drift_detected});
  CHECK(caused_by(verdict, dw::Cause::out_of_band));
  REQUIRE(verdict.changes.size() == 1);
  CHECK(verdict.changes.front().key.path.back() == "nick");
  const auto& drift = event_of(verdict, EventType::drift_detected);
  REQUIRE(drift.changes.size() == 1);
  CHECK(drift.changes.front().type == schema::ChangeType::added);
  CHECK(verdict.next.baseline.objects() == before.baseline.objects());
  CHECK(dw::drift_of(verdict.next).size() == 1);
}

TEST_CASE("a change in a window where the ledger gained a row is a migration, not drift") {
  const auto verdict = dw::judge_poll(
      baselined(),
      observe({table("users"), column("users", "id", "integer"), column("users", "email", "text")},
              {ledger({"0001_init", "0002_email"})}),
      "shop");
  CHECK(types(verdict) == std::vector{EventType::migration_applied, EventType::schema_changed});
  CHECK(caused_by(verdict, dw::Cause::migration));
  CHECK(event_of(verdict, EventType::migration_applied).migrations ==
        std::vector<std::string>{"0002_email"});
  CHECK(event_of(verdict, EventType::schema_changed).migrations ==
        std::vector<std::string>{"0002_email"});
  CHECK(dw::drift_of(verdict.next).empty());
  CHECK(verdict.next.baseline.size() == 3);
}

TEST_CASE("a ledger that advances without schema changes reports the migration only") {
  const auto verdict = dw::judge_poll(baselined(),
                                      observe({table("users"), column("users", "id", "integer")},
                                              {ledger({"0001_init", "0002_noop"})}),
                                      "shop");
  CHECK(types(verdict) == std::vector{EventType::migration_applied});
  CHECK(verdict.changes.empty());
}

TEST_CASE("drift survives a later migration of other objects") {
  auto state = dw::judge_poll(baselined(),
                              observe({table("users"), column("users", "id", "bigint")}), "shop")
                   .next;
  REQUIRE(dw::drift_of(state).size() == 1);
  const auto verdict =
      dw::judge_poll(state,
                     observe({table("users"), column("users", "id", "bigint"), table("orders")},
                             {ledger({"0001_init", "0002_orders"})}),
                     "shop");
  CHECK(caused_by(verdict, dw::Cause::migration));
  const auto drift = dw::drift_of(verdict.next);
  REQUIRE(drift.size() == 1);
  CHECK(drift.front().key.path.back() == "id");
  REQUIRE(drift.front().attributes.size() == 1);
  CHECK(drift.front().attributes.front().before == "integer");
  CHECK(drift.front().attributes.front().after == "bigint");
  // Not reported again: it was already drift.
  const auto seen = types(verdict);
  CHECK(std::count(seen.begin(), seen.end(), EventType::drift_detected) == 0);
}

TEST_CASE("drift clears when the object returns to its baseline shape") {
  auto state = dw::judge_poll(baselined(),
                              observe({table("users"), column("users", "id", "bigint")}), "shop")
                   .next;
  const auto verdict =
      dw::judge_poll(state, observe({table("users"), column("users", "id", "integer")}), "shop");
  CHECK(types(verdict) == std::vector{EventType::schema_changed, EventType::drift_resolved});
  CHECK(dw::drift_of(verdict.next).empty());
  CHECK_THAT(event_of(verdict, EventType::drift_resolved).message,
             Catch::Contains("column public.users.id"));
}

TEST_CASE("a drifted object that changes again is reported again") {
  auto state = dw::judge_poll(baselined(),
                              observe({table("users"), column("users", "id", "bigint")}), "shop")
                   .next;
  const auto verdict =
      dw::judge_poll(state, observe({table("users"), column("users", "id", "numeric")}), "shop");
  CHECK(types(verdict) == std::vector{EventType::schema_changed, EventType::drift_detected});
  CHECK(event_of(verdict, EventType::drift_detected).changes.front().attributes.front().after ==
        "numeric");
}

TEST_CASE("an unreachable target is down once, and back up without false drift") {
  const auto state = baselined();
  const auto down = dw::judge_failure(state, {}, "shop", "connection refused");
  CHECK(types(down) == std::vector{EventType::target_down});
  CHECK(down.next.down);
  CHECK(down.events.front().message == "connection refused");
  const auto still = dw::judge_failure(down.next, {}, "shop", "connection refused");
  CHECK(still.events.empty());
  const auto up = dw::judge_poll(
      still.next, observe({table("users"), column("users", "id", "integer")}), "shop");
  CHECK(types(up) == std::vector{EventType::target_up});
  CHECK_FALSE(up.next.down);
  CHECK(dw::drift_of(up.next).empty());
}

TEST_CASE("a DSN that reaches another database starts a new baseline") {
  const auto verdict = dw::judge_poll(
      baselined(), observe({table("invoices")}, {}, dw::TargetIdentity{"7311", "billing"}), "shop");
  CHECK(types(verdict) ==
        std::vector{EventType::target_identity_changed, EventType::baseline_created});
  CHECK_THAT(verdict.events.front().message, Catch::Contains("billing"));
  CHECK(dw::drift_of(verdict.next).empty());
  CHECK(verdict.changes.empty());
}

TEST_CASE("ledger health changes raise ledger_failed and ledger_recovered") {
  const auto state = baselined();
  const auto objects = std::vector{table("users"), column("users", "id", "integer")};
  const auto failed = dw::judge_poll(
      state, observe(objects, {ledger({"0001_init"}, ledgers::Health::dirty)}), "shop");
  CHECK(types(failed) == std::vector{EventType::ledger_failed});
  const auto same = dw::judge_poll(
      failed.next, observe(objects, {ledger({"0001_init"}, ledgers::Health::dirty)}), "shop");
  CHECK(same.events.empty());
  const auto recovered =
      dw::judge_poll(same.next, observe(objects, {ledger({"0001_init"})}), "shop");
  CHECK(types(recovered) == std::vector{EventType::ledger_recovered});
  CHECK_THAT(recovered.events.front().message, Catch::Contains("was dirty"));
}

TEST_CASE("accept makes drifted objects part of the baseline") {
  auto state = dw::judge_poll(
                   baselined(),
                   observe({table("users"), column("users", "id", "bigint"), table("tmp")}), "shop")
                   .next;
  REQUIRE(dw::drift_of(state).size() == 2);

  SECTION("one object, by identity") {
    const auto accepted = dw::accept_drift(state, {"public.tmp"}, "hotfix INC-42", {}, "shop");
    CHECK(accepted.event.type == EventType::accepted);
    CHECK_THAT(accepted.event.message, Catch::Contains("INC-42"));
    REQUIRE(accepted.event.changes.size() == 1);
    const auto drift = dw::drift_of(accepted.next);
    REQUIRE(drift.size() == 1);
    CHECK(drift.front().key.path.back() == "id");
  }
  SECTION("by kind and identity, named twice") {
    const auto accepted =
        dw::accept_drift(state, {"column:public.users.id", "public.users.id"}, "", {}, "shop");
    CHECK(accepted.event.changes.size() == 1);
  }
  SECTION("all of it") {
    const auto accepted = dw::accept_drift(state, {}, "", {}, "shop");
    CHECK(accepted.event.changes.size() == 2);
    CHECK(dw::drift_of(accepted.next).empty());
  }
  SECTION("an object that is not drifted") {
    CHECK_THROWS_WITH(
        dw::accept_drift(state, {"public.users"}, "", {}, "shop"),
        Catch::Contains("is not a drifted object") && Catch::Contains("column:public.users.id"));
  }
}

TEST_CASE("accept refuses when there is no drift") {
  CHECK_THROWS_AS(dw::accept_drift(baselined(), {}, "", {}, "shop"), std::invalid_argument);
}

TEST_CASE("a row that goes from failed to applied marks the window as a migration's") {
  const auto objects = std::vector{table("users"), column("users", "id", "integer")};
  auto started = ledger({"0001_init"});
  started.failed = {"0002_email"};  // Prisma writes its row before running the script
  const auto state = dw::judge_poll(baselined(), observe(objects, {started}), "shop").next;
  auto finished = ledger({"0001_init", "0002_email"});
  const auto verdict = dw::judge_poll(
      state,
      observe({table("users"), column("users", "id", "integer"), column("users", "email", "text")},
              {finished}),
      "shop");
  CHECK(caused_by(verdict, dw::Cause::migration));
  CHECK(dw::drift_of(verdict.next).empty());
}

TEST_CASE("the baseline event counts the ledgers") {
  const auto verdict = dw::judge_poll({}, observe({table("users")}), "shop");
  CHECK_THAT(verdict.events.front().message, Catch::Contains("1 migration ledger"));
}

TEST_CASE("a window with a migration and a manual change splits them by transaction") {
  auto ledgers = ledger({"0001_init", "0002_phone"});
  ledgers.row_xids = {{"0001_init", 600}, {"0002_phone", 726}};
  auto observation =
      observe({table("users"), column("users", "id", "integer"), column("users", "phone", "text"),
               column("users", "nickname", "text")},
              {ledgers});
  observation.writes.read = true;
  observation.writes.since = 700;
  observation.writes.next_since = 728;
  observation.writes.writes = {
      {K::column, {"public", "users", "phone"}, std::nullopt, 726, "2026-11-24T07:02:18Z", false},
      {K::column, {"public", "users", "nickname"}, std::nullopt, 727, {}, false}};
  const auto verdict = dw::judge_poll(baselined(), observation, "shop");
  CHECK(types(verdict) == std::vector{EventType::migration_applied, EventType::schema_changed,
                                      EventType::schema_changed, EventType::drift_detected});
  const auto& migrated = verdict.events[1];
  CHECK(migrated.cause == dw::Cause::migration);
  REQUIRE(migrated.changes.size() == 1);
  CHECK(migrated.changes.front().key.path.back() == "phone");
  CHECK(migrated.migrations == std::vector<std::string>{"0002_phone"});
  REQUIRE(migrated.provenance.size() == 1);
  CHECK(migrated.provenance.front().committed_at == "2026-11-24T07:02:18Z");
  const auto& manual = verdict.events[2];
  CHECK(manual.cause == dw::Cause::out_of_band);
  REQUIRE(manual.changes.size() == 1);
  CHECK(manual.changes.front().key.path.back() == "nickname");
  // A column's owner is its table's; the log line says where it came from.
  CHECK(manual.provenance.front().owner == "app");
  CHECK_THAT(manual.message, Catch::EndsWith("[transaction 727, owner app]"));
  const auto drift = dw::drift_of(verdict.next);
  REQUIRE(drift.size() == 1);
  CHECK(drift.front().key.path.back() == "nickname");
  CHECK(verdict.next.writes_since == 728u);
}

TEST_CASE("an out-of-band message counts the further transactions") {
  auto observation = observe({table("users"), column("users", "id", "integer"),
                              column("users", "a", "text"), column("users", "b", "text")});
  observation.writes.read = true;
  observation.writes.writes = {{K::column, {"public", "users", "a"}, std::nullopt, 801, {}, false},
                               {K::column, {"public", "users", "b"}, std::nullopt, 802, {}, false}};
  const auto verdict = dw::judge_poll(baselined(), observation, "shop");
  CHECK_THAT(event_of(verdict, EventType::schema_changed).message,
             Catch::EndsWith("[transaction 801, owner app; 1 more transaction]"));
}

TEST_CASE("a poll without a catalog read keeps the provenance lower bound") {
  auto state = baselined();
  state.writes_since = 900;
  const auto verdict =
      dw::judge_poll(state, observe({table("users"), column("users", "id", "integer")}), "shop");
  CHECK(verdict.next.writes_since == 900u);
}

TEST_CASE("a pending statement foreseen to fail is reported once, when first seen") {
  auto foreseen = ledger({"0001_init"});
  foreseen.will_fail = {
      "0002_phone line 1: column \"phone\" of relation \"users\" already exists "
      "(public.users.phone)"};
  const auto first = dw::judge_poll(
      baselined(), observe({table("users"), column("users", "id", "integer")}, {foreseen}), "shop");
  CHECK(types(first) == std::vector{EventType::migration_will_fail});
  const auto& event = event_of(first, EventType::migration_will_fail);
  CHECK(event.migrations == std::vector<std::string>{"0002_phone"});
  CHECK_THAT(event.message, Catch::Contains("already exists"));
  const auto again = dw::judge_poll(
      first.next, observe({table("users"), column("users", "id", "integer")}, {foreseen}), "shop");
  CHECK(again.events.empty());
}

TEST_CASE("a failed migration's event says what its run left") {
  auto failed = ledger({"0001_init"}, ledgers::Health::failed);
  failed.failed = {"0002_orders"};
  failed.left_behind = {
      "0002_orders: created table public.orders; failed at or before index "
      "public.orders_user_idx (line 2)"};
  const auto verdict = dw::judge_poll(
      baselined(), observe({table("users"), column("users", "id", "integer")}, {failed}), "shop");
  const auto& event = event_of(verdict, EventType::ledger_failed);
  CHECK_THAT(event.message, Catch::Contains("Left by 0002_orders: created table public.orders"));
}

TEST_CASE("editing the ignore rules is not a schema change") {
  dw::WatchScope all;
  dw::WatchScope no_tmp;
  no_tmp.rules.exclude_objects = {schema::parse_object_pattern("public.tmp_*")};
  auto first = observe({table("users"), column("users", "id", "integer"), table("tmp_x")});
  first.scope = dw::scope_text(all);
  const auto stored = dw::judge_poll({}, first, "shop").next;
  CHECK(stored.scope == dw::scope_text(all));

  // tmp_x leaves the scope while users gains a column by hand.
  auto next =
      observe({table("users"), column("users", "id", "integer"), column("users", "nick", "text")});
  next.scope = dw::scope_text(no_tmp);
  const auto verdict = dw::judge_poll(stored, next, "shop");
  CHECK(types(verdict) == std::vector<EventType>{EventType::scope_changed,
                                                 EventType::schema_changed,
                                                 EventType::drift_detected});
  CHECK(event_of(verdict, EventType::scope_changed).message ==
        "what is watched changed (ignore rules or partitions): 0 objects newly watched, taken as "
        "they are; 1 object no longer watched");
  REQUIRE(verdict.changes.size() == 1);
  CHECK(schema::format_identity(verdict.changes[0].key) == "public.users.nick");
  CHECK(verdict.next.scope == dw::scope_text(no_tmp));
  CHECK(verdict.next.baseline.find(table("tmp_x").key) == nullptr);

  // And back: tmp_x is watched again, as it is, without a change.
  auto again = observe({table("users"), column("users", "id", "integer"),
                        column("users", "nick", "text"), table("tmp_x")});
  again.scope = dw::scope_text(all);
  const auto back = dw::judge_poll(verdict.next, again, "shop");
  CHECK(types(back) == std::vector<EventType>{EventType::scope_changed});
  CHECK(dw::drift_of(back.next).size() == 1);  // users.nick, still
}

TEST_CASE("a state without a recorded scope takes the current one without an event") {
  auto state = baselined();
  state.scope.clear();  // written by an earlier version
  auto next = observe({table("users"), column("users", "id", "integer")});
  next.scope = dw::scope_text(dw::WatchScope{});
  const auto verdict = dw::judge_poll(state, next, "shop");
  CHECK(verdict.events.empty());
  CHECK(verdict.next.scope == next.scope);
}

TEST_CASE("the stored fingerprint is the last catalog read's") {
  auto first = observe({table("users")});
  first.fingerprint = "f1";
  const auto stored = dw::judge_poll({}, first, "shop").next;
  CHECK(stored.fingerprint == "f1");
  auto unread = observe({table("users")});  // a poll that did not read the catalog
  CHECK(dw::judge_poll(stored, unread, "shop").next.fingerprint == "f1");
  auto read = observe({table("users"), column("users", "id", "integer")});
  read.fingerprint = "f2";
  CHECK(dw::judge_poll(stored, read, "shop").next.fingerprint == "f2");
}
