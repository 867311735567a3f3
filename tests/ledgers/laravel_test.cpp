// Tests the Laravel reader: migrations rows with their batch, in id order.
#include <catch2/catch.hpp>

#include "tests/ledgers/ledger_test_support.h"

namespace ledgers = driftwatch::ledgers;
using namespace driftwatch::ledgers::test;

namespace {

const ledgers::TableInfo kTable{
    "public",
    "migrations",
    {{"id", "integer"}, {"migration", "character varying(255)"}, {"batch", "integer"}}};

}  // namespace

TEST_CASE("laravel: migrations are applied in id order and the latest batch is noted",
          "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::laravel, kTable,
                               {{"1", "2014_10_12_000000_create_users_table", "9"},
                                {"3", "2024_02_01_000000_add_phone_to_users", "10"},
                                {"2", "2019_08_19_000000_create_failed_jobs_table", "9"}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(applied_ids(state) == std::vector<std::string>{"2014_10_12_000000_create_users_table",
                                                       "2019_08_19_000000_create_failed_jobs_table",
                                                       "2024_02_01_000000_add_phone_to_users"});
  // Compared as numbers: batch 10 is after batch 9.
  CHECK_THAT(notes(state), Catch::Contains("the latest batch is 10"));
  check_advice(state);
}

TEST_CASE("laravel: an empty table has no batch note", "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::laravel, kTable, {});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.notes.empty());
}
