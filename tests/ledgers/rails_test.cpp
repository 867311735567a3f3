// Tests the Rails reader: schema_migrations versions, and the environment
// that ar_internal_metadata records.
#include <catch2/catch.hpp>

#include "tests/ledgers/ledger_test_support.h"

namespace ledgers = driftwatch::ledgers;
using namespace driftwatch::ledgers::test;

namespace {

const ledgers::TableInfo kTable{"public", "schema_migrations", {{"version", "character varying"}}};

ledgers::Rows metadata() {
  return {{"key", "value", "created_at", "updated_at"},
          {{"environment", "production", "2024-05-01 10:00:00", "2024-05-01 10:00:00"},
           {"schema_sha1", "3b0c1bd1d8b9c5c7d1f5e0a4b0c9d8e7f6a5b4c3", "2024-05-01 10:00:00",
            "2024-05-01 10:00:00"}}};
}

}  // namespace

TEST_CASE("rails: versions are applied in order, and the environment is noted", "[ledgers]") {
  const auto state =
      read_rows(ledgers::Framework::rails, kTable, {{"20240102120000"}, {"20240101120000"}},
                {{"ar_internal_metadata", metadata()}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(applied_ids(state) == std::vector<std::string>{"20240101120000", "20240102120000"});
  CHECK(state.related_tables == std::vector<std::string>{"public.ar_internal_metadata"});
  CHECK_THAT(notes(state), Catch::Contains("the environment is production"));
  CHECK_THAT(state.explanation, Catch::Contains("20240102120000"));
  check_advice(state);
}

TEST_CASE("rails: without ar_internal_metadata rows there is no environment note", "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::rails, kTable, {{"20240101120000"}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.notes.empty());
}
