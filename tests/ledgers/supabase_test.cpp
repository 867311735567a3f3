// Tests the Supabase CLI reader: supabase_migrations.schema_migrations versions and names.
#include <catch2/catch.hpp>

#include "tests/ledgers/ledger_test_support.h"

namespace ledgers = driftwatch::ledgers;
using namespace driftwatch::ledgers::test;

namespace {

const ledgers::TableInfo kTable{"supabase_migrations",
                                "schema_migrations",
                                {{"version", "text"}, {"statements", "text[]"}, {"name", "text"}}};

}  // namespace

TEST_CASE("supabase: versions are applied in order, named by the file's remainder", "[ledgers]") {
  const auto state =
      read_rows(ledgers::Framework::supabase, kTable,
                {{"20240201000000", "{\"alter table users add column phone text\"}", "add_phone"},
                 {"20240101000000", "{\"create table users (id bigint primary key)\"}", "init"}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(applied_ids(state) == std::vector<std::string>{"20240101000000", "20240201000000"});
  CHECK(state.applied.back().name == "add_phone");
  CHECK_THAT(state.explanation, Catch::Contains("add_phone"));
  check_advice(state);
}

TEST_CASE("supabase: a row from before the name column is named by its version", "[ledgers]") {
  const auto state =
      read_rows(ledgers::Framework::supabase, kTable, {{"20240101000000", "{}", std::nullopt}});
  REQUIRE(state.applied.size() == 1);
  CHECK(state.applied.front().name == "20240101000000");
}
