// Tests the Drizzle reader: drizzle.__drizzle_migrations rows keyed by the
// journal's `when` (created_at), or by name where newer releases store it.
#include <catch2/catch.hpp>

#include "tests/ledgers/ledger_test_support.h"

namespace ledgers = driftwatch::ledgers;
using namespace driftwatch::ledgers::test;

namespace {

const ledgers::TableInfo kTable{"drizzle",
                                "__drizzle_migrations",
                                {{"id", "integer"}, {"hash", "text"}, {"created_at", "bigint"}}};

const ledgers::TableInfo kNamedTable{"drizzle",
                                     "__drizzle_migrations",
                                     {{"id", "integer"},
                                      {"hash", "text"},
                                      {"created_at", "bigint"},
                                      {"name", "text"},
                                      {"applied_at", "timestamp with time zone"}}};

const std::string kHash1(64, '1');
const std::string kHash2(64, '2');
const std::string kHash3(64, '3');

}  // namespace

TEST_CASE("drizzle: entries are applied by created_at then id, keyed by created_at", "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::drizzle, kTable,
                               {{"3", kHash3, "1714600000000"},
                                {"2", kHash2, "1714500000000"},
                                {"1", kHash1, "1714500000000"}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(applied_ids(state) ==
        std::vector<std::string>{"1714500000000", "1714500000000", "1714600000000"});
  CHECK(state.applied[0].checksum == kHash1);
  CHECK(state.applied[1].checksum == kHash2);
  CHECK_FALSE(state.applied[0].applied_at);
  CHECK_THAT(notes(state), Catch::Contains("newer than the greatest created_at (1714600000000)") &&
                               Catch::Contains("does not verify"));
  check_advice(state);
}

TEST_CASE("drizzle: where rows carry a name it is the identity", "[ledgers]") {
  const auto state =
      read_rows(ledgers::Framework::drizzle, kNamedTable,
                {{"1", kHash1, "1714500000000", "0000_init", "2024-05-01 10:00:00+00"},
                 {"2", kHash2, "1714600000000", std::nullopt, "2024-05-02 10:00:00+00"}});
  CHECK(applied_ids(state) == std::vector<std::string>{"0000_init", "1714600000000"});
  CHECK(state.applied[0].applied_at == "2024-05-01 10:00:00+00");
}

TEST_CASE("drizzle: an empty ledger is healthy", "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::drizzle, kTable, {});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.applied.empty());
}
