// Tests the golang-migrate reader: one row, the current version and its dirty flag.
#include <catch2/catch.hpp>

#include "tests/ledgers/ledger_test_support.h"

namespace ledgers = driftwatch::ledgers;
using namespace driftwatch::ledgers::test;

namespace {

const ledgers::TableInfo kTable{
    "public", "schema_migrations", {{"version", "bigint"}, {"dirty", "boolean"}}};

ledgers::LedgerState read(Values values) {
  return read_rows(ledgers::Framework::golang_migrate, kTable, std::move(values));
}

}  // namespace

TEST_CASE("golang-migrate: a dirty version failed or was interrupted", "[ledgers]") {
  const auto state = read({{"20240102000000", "t"}});
  CHECK(state.health == ledgers::Health::dirty);
  CHECK(state.heads == std::vector<std::string>{"20240102000000"});
  CHECK(failed_ids(state) == std::vector<std::string>{"20240102000000"});
  CHECK(state.applied.empty());
  CHECK_THAT(state.explanation, Catch::Contains("Dirty database version 20240102000000"));
  CHECK_THAT(state.next_step,
             Catch::Contains("migrate force 20240102000000") && Catch::Contains("Do not reset"));
  check_advice(state);
}

TEST_CASE("golang-migrate: a clean version counts every migration up to it as applied",
          "[ledgers]") {
  const auto state = read({{"3", "f"}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.heads == std::vector<std::string>{"3"});
  CHECK(applied_ids(state) == std::vector<std::string>{"3"});
  CHECK(state.failed.empty());
  CHECK_THAT(state.explanation, Catch::Contains("At version 3"));
  check_advice(state);
}

TEST_CASE("golang-migrate: an empty table means nothing was applied", "[ledgers]") {
  const auto state = read({});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.applied.empty());
  CHECK(state.heads.empty());
  check_advice(state);
}

TEST_CASE("golang-migrate: more than one row is noted and the highest version is used",
          "[ledgers]") {
  const auto state = read({{"10", "f"}, {"9", "t"}, {"2", "f"}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.heads == std::vector<std::string>{"10"});
  CHECK_THAT(notes(state), Catch::Contains("this table has 3"));
}
