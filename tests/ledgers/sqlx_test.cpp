// Tests the sqlx reader: _sqlx_migrations rows, success = false as dirty, the
// bytea checksum as hex, and execution_time = -1 as a lost timing update.
#include <catch2/catch.hpp>

#include "tests/ledgers/ledger_test_support.h"

namespace ledgers = driftwatch::ledgers;
using namespace driftwatch::ledgers::test;

namespace {

const ledgers::TableInfo kTable{"public",
                                "_sqlx_migrations",
                                {{"version", "bigint"},
                                 {"description", "text"},
                                 {"installed_on", "timestamp with time zone"},
                                 {"success", "boolean"},
                                 {"checksum", "bytea"},
                                 {"execution_time", "bigint"}}};

// 48 bytes, as PostgreSQL prints a bytea.
const std::string kChecksum = "\\x" + std::string(94, 'A') + "0f";
const std::string kHex = std::string(94, 'a') + "0f";

}  // namespace

TEST_CASE("sqlx: successful rows are applied in version order, with hex checksums", "[ledgers]") {
  const auto state = read_rows(
      ledgers::Framework::sqlx, kTable,
      {{"20240201000000", "add phone", "2024-05-02 10:00:00+00", "t", kChecksum, "1200000"},
       {"20240101000000", "init", "2024-05-01 10:00:00+00", "t", kChecksum, "900000"}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(applied_ids(state) == std::vector<std::string>{"20240101000000", "20240201000000"});
  CHECK(state.applied.front().name == "init");
  CHECK(state.applied.front().applied_at == "2024-05-01 10:00:00+00");
  CHECK(state.applied.front().checksum == kHex);
  CHECK(state.notes.empty());
  check_advice(state);
}

TEST_CASE("sqlx: a row with success = false makes the database dirty", "[ledgers]") {
  const auto state =
      read_rows(ledgers::Framework::sqlx, kTable,
                {{"20240101000000", "init", "2024-05-01 10:00:00+00", "t", kChecksum, "900000"},
                 {"20240201000000", "add phone", "2024-05-02 10:00:00+00", "f", kChecksum, "-1"}});
  CHECK(state.health == ledgers::Health::failed);
  CHECK(applied_ids(state) == std::vector<std::string>{"20240101000000"});
  REQUIRE(failed_ids(state) == std::vector<std::string>{"20240201000000"});
  CHECK(state.failed.front().name == "add phone");
  CHECK(state.failed.front().started_at == "2024-05-02 10:00:00+00");
  CHECK_THAT(state.explanation,
             Catch::Contains("success = false") &&
                 Catch::Contains("migration 20240201000000 is partially applied") &&
                 Catch::Contains("-- no-transaction"));
  CHECK_THAT(
      state.next_step,
      Catch::Contains("DELETE FROM public._sqlx_migrations WHERE version = 20240201000000") &&
          Catch::Contains("SET success = true") && Catch::Contains("no repair command") &&
          Catch::Contains("Do not reset"));
  check_advice(state);
}

TEST_CASE("sqlx: of several dirty rows the lowest version is the one sqlx names", "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::sqlx, kTable,
                               {{"3", "c", "2024-05-03 10:00:00+00", "f", kChecksum, "-1"},
                                {"2", "b", "2024-05-02 10:00:00+00", "f", kChecksum, "-1"}});
  CHECK(failed_ids(state) == std::vector<std::string>{"2", "3"});
  CHECK_THAT(state.explanation,
             Catch::Contains("Migration 2 (b)") && Catch::Contains("2 rows are marked so"));
}

TEST_CASE("sqlx: execution_time = -1 on a successful row means its timing update was lost",
          "[ledgers]") {
  const auto state =
      read_rows(ledgers::Framework::sqlx, kTable,
                {{"20240101000000", "init", "2024-05-01 10:00:00+00", "t", kChecksum, "-1"}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK_THAT(notes(state),
             Catch::Contains("migration 20240101000000 applied, but its timing update was lost"));
}

TEST_CASE("sqlx: a checksum not printed as hex is left out, with a note", "[ledgers]") {
  const auto state =
      read_rows(ledgers::Framework::sqlx, kTable,
                {{"1", "init", "2024-05-01 10:00:00+00", "t", "\\336\\255\\276\\357", "100"}});
  REQUIRE(state.applied.size() == 1);
  CHECK_FALSE(state.applied.front().checksum);
  CHECK_THAT(notes(state), Catch::Contains("bytea as hex"));
}
