// Tests the Atlas reader: atlas_schema_revisions rows with applied of total
// statements, a recorded error, and the type flags (baseline, resolved).
#include <catch2/catch.hpp>

#include <utility>

#include "tests/ledgers/ledger_test_support.h"

namespace ledgers = driftwatch::ledgers;
using namespace driftwatch::ledgers::test;

namespace {

const ledgers::TableInfo kTable{"atlas_schema_revisions",
                                "atlas_schema_revisions",
                                {{"version", "character varying"},
                                 {"description", "character varying"},
                                 {"type", "bigint"},
                                 {"applied", "bigint"},
                                 {"total", "bigint"},
                                 {"executed_at", "timestamp with time zone"},
                                 {"execution_time", "bigint"},
                                 {"error", "text"},
                                 {"error_stmt", "text"},
                                 {"hash", "character varying"},
                                 {"partial_hashes", "jsonb"},
                                 {"operator_version", "character varying"}}};

using Row = std::vector<std::optional<std::string>>;

// A revision row as Atlas writes it: "" (not NULL) when there is no error.
Row revision(std::string version, std::string description, std::string type, std::string applied,
             std::string total, std::optional<std::string> error = "",
             std::optional<std::string> error_stmt = "") {
  return {version,
          description,
          type,
          applied,
          total,
          "2024-05-01 10:00:0" + version.substr(version.size() - 1) + "+00",
          "1500000",
          std::move(error),
          std::move(error_stmt),
          "h-" + version,
          "null",
          "Atlas CLI v0.21.1"};
}

const Row kCloud{".atlas_cloud_identifier",
                 "3b2e1a5c-0000-4000-8000-000000000000",
                 "2",
                 "0",
                 "0",
                 "2024-05-01 09:00:00+00",
                 "0",
                 std::nullopt,
                 std::nullopt,
                 "",
                 std::nullopt,
                 "Atlas CLI v0.21.1"};

}  // namespace

TEST_CASE("atlas: complete revisions are applied in version order, without the cloud row",
          "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::atlas, kTable,
                               {revision("20240102000002", "add_phone", "2", "1", "1"), kCloud,
                                revision("20240101000001", "init", "2", "3", "3")});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(applied_ids(state) == std::vector<std::string>{"20240101000001", "20240102000002"});
  CHECK(state.applied.front().name == "init");
  CHECK(state.applied.front().checksum == "h-20240101000001");
  CHECK(state.applied.front().applied_at == "2024-05-01 10:00:01+00");
  CHECK(state.failed.empty());
  CHECK(state.notes.empty());
  check_advice(state);
}

TEST_CASE("atlas: NULL error columns read the same as Atlas's empty ones", "[ledgers]") {
  const auto state =
      read_rows(ledgers::Framework::atlas, kTable,
                {revision("20240101000001", "init", "2", "3", "3", std::nullopt, std::nullopt)});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.applied.size() == 1);
}

TEST_CASE("atlas: a revision with an error failed, and Atlas resumes after the applied ones",
          "[ledgers]") {
  const auto state =
      read_rows(ledgers::Framework::atlas, kTable,
                {revision("20240101000001", "init", "2", "3", "3"),
                 revision("20240102000002", "add_phone", "2", "1", "3",
                          "pq: column \"phone\" of relation \"users\" already exists",
                          "ALTER TABLE users ADD COLUMN phone text;")});
  CHECK(state.health == ledgers::Health::failed);
  CHECK(applied_ids(state) == std::vector<std::string>{"20240101000001"});
  REQUIRE(failed_ids(state) == std::vector<std::string>{"20240102000002"});
  const auto& failed = state.failed.front();
  CHECK(failed.name == "add_phone");
  CHECK(failed.started_at == "2024-05-01 10:00:02+00");
  CHECK(failed.error ==
        "pq: column \"phone\" of relation \"users\" already exists (statement: "
        "ALTER TABLE users ADD COLUMN phone text;)");
  CHECK_THAT(state.explanation, Catch::Contains("at statement 2") &&
                                    Catch::Contains("1 of its 3 statements as applied"));
  CHECK_THAT(state.next_step, Catch::Contains("Fix the cause of the error") &&
                                  Catch::Contains("`atlas migrate apply` resumes at statement 2") &&
                                  Catch::Contains("atlas migrate set") &&
                                  Catch::Contains("Do not reset"));
  check_advice(state);
}

TEST_CASE("atlas: applied < total with no error is partially applied (dirty)", "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::atlas, kTable,
                               {revision("20240101000001", "init", "2", "3", "3"),
                                revision("20240102000002", "add_phone", "2", "2", "4")});
  CHECK(state.health == ledgers::Health::dirty);
  REQUIRE(failed_ids(state) == std::vector<std::string>{"20240102000002"});
  CHECK_FALSE(state.failed.front().error);
  CHECK_THAT(state.explanation, Catch::Contains("partially applied") &&
                                    Catch::Contains("2 of its 4 statements") &&
                                    Catch::Contains("running it right now"));
  CHECK_THAT(state.next_step,
             Catch::Contains("resumes at statement 3") && Catch::Contains("atlas migrate set"));
  check_advice(state);
}

TEST_CASE("atlas: a failed or partial revision marked resolved counts as applied", "[ledgers]") {
  const auto state =
      read_rows(ledgers::Framework::atlas, kTable,
                {revision("20240101000001", "init", "6", "1", "3", "boom", "CREATE TABLE t ();")});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(applied_ids(state) == std::vector<std::string>{"20240101000001"});
  CHECK_THAT(notes(state), Catch::Contains("20240101000001 was marked applied by hand") &&
                               Catch::Contains("after it failed"));
}

TEST_CASE("atlas: a baseline and a revision set by hand are noted", "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::atlas, kTable,
                               {revision("20240101000001", "init", "1", "0", "0"),
                                revision("20240102000002", "add_phone", "4", "0", "0")});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(applied_ids(state) == std::vector<std::string>{"20240101000001", "20240102000002"});
  CHECK_THAT(notes(state), Catch::Contains("20240101000001 is the baseline") &&
                               Catch::Contains("20240102000002 was marked applied by hand") &&
                               !Catch::Contains("after it failed"));
}
