// Tests the node-pg-migrate reader: pgmigrations rows with their run_on time.
#include <catch2/catch.hpp>

#include "tests/ledgers/ledger_test_support.h"

namespace ledgers = driftwatch::ledgers;
using namespace driftwatch::ledgers::test;

namespace {

const ledgers::TableInfo kTable{"public",
                                "pgmigrations",
                                {{"id", "integer"},
                                 {"name", "character varying(255)"},
                                 {"run_on", "timestamp without time zone"}}};

}  // namespace

TEST_CASE("node-pg-migrate: names are applied in id order, with their run_on time", "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::node_pg_migrate, kTable,
                               {{"2", "1700000000000_add-phone", "2024-05-02 10:00:00"},
                                {"1", "1690000000000_create-user", "2024-05-01 10:00:00"}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(applied_ids(state) ==
        std::vector<std::string>{"1690000000000_create-user", "1700000000000_add-phone"});
  CHECK(state.applied.back().applied_at == "2024-05-02 10:00:00");
  CHECK_THAT(state.explanation, Catch::Contains("applied 2024-05-02 10:00:00"));
  check_advice(state);
}
