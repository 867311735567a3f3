// Tests the TypeORM reader: migrations rows are applied classes, in id order.
#include <catch2/catch.hpp>

#include "tests/ledgers/ledger_test_support.h"

namespace ledgers = driftwatch::ledgers;
using namespace driftwatch::ledgers::test;

namespace {

const ledgers::TableInfo kTable{
    "public",
    "migrations",
    {{"id", "integer"}, {"timestamp", "bigint"}, {"name", "character varying"}}};

}  // namespace

TEST_CASE("typeorm: migration class names are applied in id order", "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::typeorm, kTable,
                               {{"2", "1700000000000", "AddPhone1700000000000"},
                                {"1", "1690000000000", "CreateUser1690000000000"},
                                {"10", "1710000000000", "AddIndex1710000000000"}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(applied_ids(state) == std::vector<std::string>{"CreateUser1690000000000",
                                                       "AddPhone1700000000000",
                                                       "AddIndex1710000000000"});
  check_advice(state);
}
