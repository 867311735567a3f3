// Tests the Diesel reader: __diesel_schema_migrations versions with their run_on time.
#include <catch2/catch.hpp>

#include "tests/ledgers/ledger_test_support.h"

namespace ledgers = driftwatch::ledgers;
using namespace driftwatch::ledgers::test;

namespace {

const ledgers::TableInfo kTable{
    "public",
    "__diesel_schema_migrations",
    {{"version", "character varying(50)"}, {"run_on", "timestamp without time zone"}}};

}  // namespace

TEST_CASE("diesel: versions are applied in order, with their run_on time", "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::diesel, kTable,
                               {{"20240201000000", "2024-05-02 10:00:00"},
                                {"00000000000000", "2024-05-01 09:00:00"},
                                {"20240101000000", "2024-05-01 10:00:00"}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(applied_ids(state) ==
        std::vector<std::string>{"00000000000000", "20240101000000", "20240201000000"});
  CHECK(state.applied.back().applied_at == "2024-05-02 10:00:00");
  check_advice(state);
}
