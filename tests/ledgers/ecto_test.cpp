// Tests the Ecto reader: schema_migrations versions with their inserted_at.
#include <catch2/catch.hpp>

#include "tests/ledgers/ledger_test_support.h"

namespace ledgers = driftwatch::ledgers;
using namespace driftwatch::ledgers::test;

namespace {

const ledgers::TableInfo kTable{
    "public",
    "schema_migrations",
    {{"version", "bigint"}, {"inserted_at", "timestamp(0) without time zone"}}};

}  // namespace

TEST_CASE("ecto: versions are applied in numeric order, with their insert time", "[ledgers]") {
  const auto state = read_rows(
      ledgers::Framework::ecto, kTable,
      {{"20240201000000", "2024-05-02 10:00:00"}, {"20240101000000", "2024-05-01 10:00:00"}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(applied_ids(state) == std::vector<std::string>{"20240101000000", "20240201000000"});
  CHECK(state.applied.front().applied_at == "2024-05-01 10:00:00");
  check_advice(state);
}
