// Tests how poll reports become metric samples, and lock ages.
#include "daemon/poll_sample.h"

#include <catch2/catch.hpp>

namespace dw = driftwatch::daemon;
namespace ledgers = driftwatch::ledgers;

namespace {
// 2026-11-24T07:00:00Z
const dw::TimePoint kNow{std::chrono::seconds(1'795'503'600)};
}  // namespace

TEST_CASE("lock ages from the time formats ledgers record") {
  CHECK(dw::seconds_since("2026-11-24 06:59:00", kNow) == Approx(60));
  CHECK(dw::seconds_since("2026-11-24T06:59:00.123456", kNow) == Approx(59.877).margin(1));
  CHECK(dw::seconds_since("2026-11-24 08:58:00+02", kNow) == Approx(120));
  CHECK(dw::seconds_since("2026-11-24 01:29:00-05:30", kNow) == Approx(60));
  CHECK(dw::seconds_since("2026-11-25 00:00:00", kNow) == Approx(0));  // clock skew
  CHECK_FALSE(dw::seconds_since("yesterday", kNow));
  CHECK_FALSE(dw::seconds_since("", kNow));
}

TEST_CASE("a report becomes a sample") {
  dw::PollReport report;
  report.target = "shop";
  report.ok = true;
  report.elapsed = std::chrono::milliseconds(250);
  report.changes.resize(2);
  report.provenance.resize(2);
  report.provenance[0].cause = dw::Cause::migration;
  report.provenance[1].cause = dw::Cause::out_of_band;
  report.events.resize(1);
  report.events.front().type = dw::EventType::drift_detected;
  ledgers::LedgerState ledger;
  ledger.framework = ledgers::Framework::liquibase;
  ledger.schema = "public";
  ledger.table = "databasechangelog";
  ledger.health = ledgers::Health::locked;
  ledger.lock = ledgers::LockInfo{true, "2026-11-24 06:50:00", "host1"};
  report.ledgers = {ledger};
  const auto sample = dw::to_sample(report, kNow);
  CHECK(sample.seconds == Approx(0.25));
  CHECK(sample.changes_by_cause.at("migration") == 1);
  CHECK(sample.changes_by_cause.at("out_of_band") == 1);
  CHECK(sample.drift_detected);
  CHECK(sample.event_types == std::vector<std::string>{"drift_detected"});
  REQUIRE(sample.ledgers.size() == 1);
  CHECK(sample.ledgers.front().framework == "liquibase");
  CHECK(sample.ledgers.front().table == "public.databasechangelog");
  CHECK(sample.ledgers.front().locked);
  CHECK(sample.ledgers.front().lock_age_seconds == Approx(600));
  CHECK(sample.ledgers.front().state == "locked");
}

TEST_CASE("a sample says how the poll read the catalog") {
  dw::PollReport report;
  report.ok = true;
  CHECK(dw::to_sample(report, kNow).catalog_read.empty());
  report.read_catalog = true;
  CHECK(dw::to_sample(report, kNow).catalog_read == "whole");
  report.relations_reread = 3;
  CHECK(dw::to_sample(report, kNow).catalog_read == "partial");
}
