// Tests the dbmate reader: schema_migrations holds one row per applied version.
#include <catch2/catch.hpp>

#include "tests/ledgers/ledger_test_support.h"

namespace ledgers = driftwatch::ledgers;
using namespace driftwatch::ledgers::test;

namespace {

const ledgers::TableInfo kTable{"public", "schema_migrations", {{"version", "character varying"}}};

}  // namespace

TEST_CASE("dbmate: versions are applied in version order", "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::dbmate, kTable,
                               {{"20240301000000"}, {"20240101000000"}, {"20240201000000"}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(applied_ids(state) ==
        std::vector<std::string>{"20240101000000", "20240201000000", "20240301000000"});
  CHECK(state.applied.front().name == "20240101000000");
  CHECK_FALSE(state.applied.front().applied_at);
  CHECK_THAT(state.explanation, Catch::Contains("3 migrations applied"));
  check_advice(state);
}

TEST_CASE("dbmate: an empty table is healthy", "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::dbmate, kTable, {});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.applied.empty());
}
