// Golden tests of the externally visible JSON: events, /api/v1/targets,
// /api/v1/events and `driftwatch check --format json`.
#include "daemon/api_json.h"

#include <catch2/catch.hpp>

#include "daemon/exit_codes.h"
#include "tests/support/golden.h"

namespace dw = driftwatch::daemon;
namespace schema = driftwatch::schema;
namespace ledgers = driftwatch::ledgers;
namespace test = driftwatch::test;

namespace {

const dw::TimePoint kTime{std::chrono::seconds(1'795'500'000)};

schema::ObjectChange nickname_added() {
  return {{schema::Kind::column, {"public", "users", "nick name"}, std::nullopt},
          schema::ChangeType::added,
          {{"type", std::nullopt, "text"}, {"not_null", std::nullopt, "false"}}};
}

schema::ObjectChange id_retyped() {
  return {{schema::Kind::column, {"public", "users", "id"}, std::nullopt},
          schema::ChangeType::changed,
          {{"type", "integer", "bigint"}}};
}

dw::LedgerSummary failed_ledger() {
  dw::LedgerSummary ledger;
  ledger.framework = "prisma";
  ledger.table = "public._prisma_migrations";
  ledger.health = ledgers::Health::failed;
  ledger.applied = {"20261101_init"};
  ledger.failed = {"20261120_add_orders"};
  ledger.explanation = "Migration 20261120_add_orders failed.";
  ledger.next_step = "prisma migrate resolve --rolled-back 20261120_add_orders";
  return ledger;
}

dw::PollReport drift_report() {
  dw::PollReport report;
  report.target = "shop";
  report.ok = true;
  report.changes = {nickname_added()};
  dw::Provenance provenance;
  provenance.cause = dw::Cause::out_of_band;
  provenance.transaction = 727;
  provenance.committed_at = "2026-11-24T07:02:18.123456Z";
  provenance.confidence = dw::Confidence::exact;
  provenance.reason = "transaction 727 wrote no ledger row";
  report.provenance = {provenance};
  report.drift = {id_retyped(), nickname_added()};
  ledgers::LedgerState ledger;
  ledger.framework = ledgers::Framework::golang_migrate;
  ledger.schema = "public";
  ledger.table = "schema_migrations";
  ledger.applied = {{"3", "3", std::nullopt, std::nullopt}};
  report.ledgers = {ledger};
  dw::Event event;
  event.id = 7;
  event.time = kTime;
  event.target = "shop";
  event.type = dw::EventType::drift_detected;
  event.cause = dw::Cause::out_of_band;
  event.message = "1 object now differs from the baseline: column public.users.\"nick name\" added";
  event.changes = {nickname_added()};
  report.events = {event};
  return report;
}

}  // namespace

TEST_CASE("event JSON: a drift event") {
  test::check_golden("event_drift.json", dw::event_json(drift_report().events.front()) + "\n");
}

TEST_CASE("event JSON: each change of a schema_changed event carries its provenance") {
  dw::Event event;
  event.id = 9;
  event.time = kTime;
  event.target = "shop";
  event.type = dw::EventType::schema_changed;
  event.cause = dw::Cause::migration;
  event.migrations = {"0002_phone"};
  event.message = "1 object changed (migration): column public.users.\"nick name\" added";
  event.changes = {nickname_added()};
  dw::Provenance provenance;
  provenance.cause = dw::Cause::migration;
  provenance.migration = "0002_phone";
  provenance.ledger = "golang-migrate public.schema_migrations";
  provenance.transaction = 726;
  provenance.committed_at = "2026-11-24T07:02:18.123456Z";
  provenance.confidence = dw::Confidence::exact;
  provenance.reason = "transaction 726 changed the object and recorded 0002_phone";
  provenance.owner = "app";
  event.provenance = {provenance};
  test::check_golden("event_schema_changed.json", dw::event_json(event) + "\n");
}

TEST_CASE("event JSON: a ledger event carries the ledger and the migrations") {
  dw::Event event;
  event.id = 8;
  event.time = kTime;
  event.target = "shop";
  event.labels = {{"team", "payments"}, {"env", "prod"}};
  event.type = dw::EventType::ledger_failed;
  event.ledger = failed_ledger();
  event.migrations = failed_ledger().failed;
  event.message = "prisma ledger public._prisma_migrations is failed";
  test::check_golden("event_ledger.json", dw::event_json(event) + "\n");
}

TEST_CASE("event type names read back") {
  for (int t = 0; t <= static_cast<int>(dw::EventType::target_identity_changed); ++t) {
    const auto type = static_cast<dw::EventType>(t);
    CHECK(dw::parse_event_type(dw::event_type_name(type)) == type);
  }
  CHECK_FALSE(dw::parse_event_type("drift"));
}

TEST_CASE("/api/v1/targets") {
  dw::TargetStatus up;
  up.name = "shop";
  up.labels = {{"team", "payments"}};
  up.database = "host=127.0.0.1 port=5432 dbname=shop user=watcher";
  up.polled = true;
  up.up = true;
  up.last_poll = kTime;
  up.last_success = kTime;
  up.schema_hash = "ab12";
  up.objects = 42;
  up.drift = {id_retyped()};
  up.ledgers = {failed_ledger()};
  dw::TargetStatus waiting;
  waiting.name = "billing";
  waiting.database = "service=billing";
  test::check_golden("api_targets.json", dw::targets_json({up, waiting}));
}

TEST_CASE("/api/v1/events") {
  const std::vector<std::pair<std::int64_t, std::string>> events{
      {4, R"({"id":4,"type":"target_down"})"}, {5, R"({"id":5,"type":"target_up"})"}};
  CHECK(dw::events_json(events, 3) ==
        "{\"events\":[{\"id\":4,\"type\":\"target_down\"},{\"id\":5,\"type\":\"target_up\"}],"
        "\"last_id\":5}\n");
  CHECK(dw::events_json({}, 9) == "{\"events\":[],\"last_id\":9}\n");
}

TEST_CASE("check JSON and exit codes") {
  auto failed = dw::PollReport{};
  failed.target = "billing";
  failed.error = "host=db2 port=5432 dbname=billing user=watcher: connection refused";
  failed.error_reason = "connect";
  test::check_golden("check.json", dw::check_json({drift_report(), failed}));
  CHECK(dw::check_exit_code(drift_report()) == driftwatch::daemon::kExitDifferent);
  CHECK(dw::check_exit_code(failed) == driftwatch::daemon::kExitError);
  dw::PollReport clean;
  clean.ok = true;
  CHECK(dw::check_exit_code(clean) == driftwatch::daemon::kExitOk);
  clean.ledgers.emplace_back();
  clean.ledgers.back().health = ledgers::Health::dirty;
  CHECK(dw::check_exit_code(clean) == driftwatch::daemon::kExitDifferent);
}
