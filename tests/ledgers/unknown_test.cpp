// Tests the reader for ledger-like tables of tools driftwatch does not know.
#include <catch2/catch.hpp>

#include "tests/ledgers/ledger_test_support.h"

namespace ledgers = driftwatch::ledgers;
using namespace driftwatch::ledgers::test;

namespace {

const ledgers::TableInfo kTable{
    "app", "app_migrations", {{"step", "integer"}, {"label", "text"}, {"done_on", "date"}}};

}  // namespace

TEST_CASE("unknown: the table's columns, row count and greatest first value are noted",
          "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::unknown, kTable,
                               {{"9", "nine", "2024-05-01"}, {"12", "twelve", "2024-05-02"}});
  CHECK(state.health == ledgers::Health::unknown);
  CHECK_FALSE(ledgers::needs_attention(state.health));
  CHECK(state.confidence == "likely");
  CHECK(state.applied.empty());
  CHECK_THAT(notes(state), Catch::Contains("columns: step integer, label text, done_on date") &&
                               Catch::Contains("2 rows") && Catch::Contains("greatest step: 12"));
  CHECK_THAT(state.explanation, Catch::Contains("match no migration tool"));
  CHECK_THAT(state.next_step, Catch::Contains("--ledger FRAMEWORK=app.app_migrations"));
  check_advice(state);
}

TEST_CASE("unknown: an empty table gives no greatest value", "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::unknown, kTable, {});
  CHECK_THAT(notes(state), Catch::Contains("0 rows") && !Catch::Contains("greatest"));
}
