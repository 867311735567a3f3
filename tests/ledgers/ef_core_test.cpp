// Tests the Entity Framework Core reader: "__EFMigrationsHistory" MigrationIds.
#include <catch2/catch.hpp>

#include "tests/ledgers/ledger_test_support.h"

namespace ledgers = driftwatch::ledgers;
using namespace driftwatch::ledgers::test;

namespace {

const ledgers::TableInfo kTable{
    "public",
    "__EFMigrationsHistory",
    {{"MigrationId", "character varying(150)"}, {"ProductVersion", "character varying(32)"}}};

}  // namespace

TEST_CASE("ef-core: MigrationIds are applied in their timestamp order", "[ledgers]") {
  const auto state =
      read_rows(ledgers::Framework::ef_core, kTable,
                {{"20240201000000_AddPhone", "8.0.4"}, {"20240101000000_InitialCreate", "8.0.4"}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(applied_ids(state) ==
        std::vector<std::string>{"20240101000000_InitialCreate", "20240201000000_AddPhone"});
  check_advice(state);
}
