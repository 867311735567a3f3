// Tests the Knex reader: knex_migrations rows by batch, and the <table>_lock row.
#include <catch2/catch.hpp>

#include "tests/ledgers/ledger_test_support.h"

namespace ledgers = driftwatch::ledgers;
using namespace driftwatch::ledgers::test;

namespace {

ledgers::TableInfo ledger_table(std::string name = "knex_migrations") {
  return {"public",
          std::move(name),
          {{"id", "integer"},
           {"name", "character varying(255)"},
           {"batch", "integer"},
           {"migration_time", "timestamp with time zone"}}};
}

ledgers::Rows lock_rows(const char* is_locked) {
  return {{"index", "is_locked"}, {{"1", is_locked}}};
}

const Values kApplied{
    {"1", "20240101000000_create_users.js", "1", "2024-05-01 10:00:00+00"},
    {"3", "20240301000000_add_index.js", "2", "2024-05-03 10:00:00+00"},
    {"2", "20240201000000_add_phone.js", "2", "2024-05-03 10:00:00+00"},
};

}  // namespace

TEST_CASE("knex: file names are applied in id order and the latest batch is noted", "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::knex, ledger_table(), kApplied,
                               {{"knex_migrations_lock", lock_rows("0")}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(applied_ids(state) == std::vector<std::string>{"20240101000000_create_users.js",
                                                       "20240201000000_add_phone.js",
                                                       "20240301000000_add_index.js"});
  CHECK(state.applied.back().applied_at == "2024-05-03 10:00:00+00");
  CHECK_THAT(notes(state), Catch::Contains("the latest batch is 2 (2 migrations)"));
  // The lock table was read and is free.
  REQUIRE(state.lock);
  CHECK_FALSE(state.lock->held);
  check_advice(state);
}

TEST_CASE("knex: is_locked = 1 in the lock table is a held lock", "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::knex, ledger_table(), kApplied,
                               {{"knex_migrations_lock", lock_rows("1")}});
  CHECK(state.health == ledgers::Health::locked);
  REQUIRE(state.lock);
  CHECK(state.lock->held);
  // What was applied is still reported.
  CHECK(state.applied.size() == 3);
  CHECK_THAT(state.explanation,
             Catch::Contains("Migration table is already locked") && Catch::Contains("crashed"));
  CHECK_THAT(state.next_step, Catch::Contains("knex migrate:unlock") &&
                                  Catch::Contains("no knex process is migrating"));
  check_advice(state);
}

TEST_CASE("knex: a renamed ledger's lock table carries its name", "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::knex, ledger_table("deploy_log"), kApplied,
                               {{"deploy_log_lock", lock_rows("1")}});
  CHECK(state.health == ledgers::Health::locked);
  CHECK_THAT(state.explanation, Catch::Contains("deploy_log_lock"));
}

TEST_CASE("knex: without a lock table the lock is unknown, not free", "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::knex, ledger_table(), kApplied);
  CHECK(state.health == ledgers::Health::healthy);
  CHECK_FALSE(state.lock);
}

TEST_CASE("knex: an empty ledger has no batch note", "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::knex, ledger_table(), {},
                               {{"knex_migrations_lock", lock_rows("0")}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.applied.empty());
  CHECK_THAT(notes(state), !Catch::Contains("batch"));
}
