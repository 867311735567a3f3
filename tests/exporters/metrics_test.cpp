// Tests the metrics: the exposition text for a known sequence of polls
// (golden; tests/exporters/promtool_check.sh lints it with promtool), and that
// series follow targets, hashes and ledgers as they come and go.
#include "exporters/metrics.h"

#include <catch2/catch.hpp>

#include <map>
#include <sstream>
#include <string>

#include "tests/support/golden.h"

namespace exporters = driftwatch::exporters;
namespace test = driftwatch::test;

namespace {

exporters::PollSample drifted_poll() {
  exporters::PollSample sample;
  sample.target = "shop";
  sample.ok = true;
  sample.reachable = true;
  sample.seconds = 0.042;
  sample.finished_at = 1'795'500'000;
  sample.objects_by_kind = {{"table", 3}, {"column", 12}, {"index", 4}};
  sample.drift_by_kind = {{"column", 1}};
  sample.changes_by_cause = {{"out_of_band", 1}};
  sample.catalog_read = "partial";
  sample.event_types = {"schema_changed", "drift_detected"};
  sample.drift_detected = true;
  sample.schema_hash = "5f1c";
  exporters::LedgerSample ledger;
  ledger.framework = "golang-migrate";
  ledger.table = "public.schema_migrations";
  ledger.state = "dirty";
  ledger.applied = 1;
  ledger.dirty = true;
  sample.ledgers = {ledger};
  return sample;
}

bool contains(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("metrics: golden exposition text") {
  exporters::Metrics metrics("1.2.3");
  metrics.add_target("billing");
  metrics.record_poll(drifted_poll());
  exporters::PollSample failed;
  failed.target = "billing";
  failed.seconds = 10;
  failed.error_reason = "connect";
  failed.event_types = {"target_down"};
  metrics.record_poll(failed);
  test::check_golden("metrics.prom", metrics.serialize());
}

TEST_CASE("metrics: a new schema hash replaces the old series") {
  exporters::Metrics metrics("1.2.3");
  metrics.record_poll(drifted_poll());
  auto next = drifted_poll();
  next.schema_hash = "9a9a";
  next.ledgers.clear();
  metrics.record_poll(next);
  const auto text = metrics.serialize();
  CHECK(contains(text, R"(driftwatch_schema_hash_info{hash="9a9a",target="shop"} 1)"));
  CHECK_FALSE(contains(text, R"(driftwatch_schema_hash_info{hash="5f1c",target="shop"} 1)"));
  CHECK(text.find("driftwatch_ledger_dirty{") == std::string::npos);
  CHECK(contains(text, R"(driftwatch_schema_changes_total{cause="out_of_band",target="shop"} 2)"));
}

TEST_CASE("metrics: a removed target takes its series with it") {
  exporters::Metrics metrics("1.2.3");
  metrics.record_poll(drifted_poll());
  metrics.remove_target("shop");
  const auto text = metrics.serialize();
  CHECK(text.find("shop") == std::string::npos);
  CHECK(contains(text, R"(driftwatch_build_info{version="1.2.3"} 1)"));
  metrics.record_poll(drifted_poll());  // and can come back
  CHECK(metrics.serialize().find(R"(driftwatch_drift{target="shop"} 1)") != std::string::npos);
}

TEST_CASE("metrics: a failed poll keeps the last known schema series") {
  exporters::Metrics metrics("1.2.3");
  metrics.record_poll(drifted_poll());
  exporters::PollSample failed;
  failed.target = "shop";
  failed.error_reason = "timeout";
  metrics.record_poll(failed);
  const auto text = metrics.serialize();
  CHECK(contains(text, R"(driftwatch_target_up{target="shop"} 0)"));
  CHECK(contains(text, R"(driftwatch_drift{target="shop"} 1)"));
  CHECK(contains(text, R"(driftwatch_poll_errors_total{reason="timeout",target="shop"} 1)"));
}

TEST_CASE("metrics: removing a target after series came and went") {
  exporters::Metrics metrics("1.2.3");
  for (const char* hash : {"a1", "b2", "c3"}) {
    auto sample = drifted_poll();
    sample.schema_hash = hash;
    metrics.record_poll(sample);
  }
  metrics.record_poll(drifted_poll());
  metrics.remove_target("shop");
  CHECK(metrics.serialize().find("shop") == std::string::npos);
}

TEST_CASE("metrics: catalog reads are counted by kind, only for polls that read") {
  exporters::Metrics metrics("1.2.3");
  auto sample = drifted_poll();
  metrics.record_poll(sample);  // partial
  sample.catalog_read = "whole";
  metrics.record_poll(sample);
  sample.catalog_read = "";  // the catalog had not changed
  metrics.record_poll(sample);
  sample.catalog_read = "whole";
  sample.ok = false;  // a failed poll's read does not count
  sample.error_reason = "timeout";
  metrics.record_poll(sample);
  const auto text = metrics.serialize();
  CHECK(contains(text, R"(driftwatch_catalog_reads_total{read="partial",target="shop"} 1)"));
  CHECK(contains(text, R"(driftwatch_catalog_reads_total{read="whole",target="shop"} 1)"));
}

TEST_CASE("metrics: each family is written once, with the series of every target") {
  exporters::Metrics metrics("1.2.3");
  for (const char* name : {"a", "b", "c"}) {
    auto sample = drifted_poll();
    sample.target = name;
    metrics.record_poll(sample);
  }
  const auto text = metrics.serialize();
  std::map<std::string, int> types;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("# TYPE ", 0) == 0) ++types[line];
  }
  CHECK(types.size() == 21);  // every family but driftwatch_poll_errors_total
  for (const auto& [line, count] : types) CHECK(count == 1);
  for (const char* name : {"a", "b", "c"}) {
    CHECK(contains(text, "driftwatch_drift{target=\"" + std::string(name) + "\"} 1"));
  }
  // A family's lines follow its TYPE line, not another family's.
  const auto type_line = text.find("# TYPE driftwatch_drift gauge\n");
  const auto next_type = text.find("# TYPE ", type_line + 1);
  for (const char* name : {"a", "b", "c"}) {
    const auto at = text.find("driftwatch_drift{target=\"" + std::string(name) + "\"}");
    CHECK(at > type_line);
    CHECK(at < next_type);
  }
}
