// Tests the Django reader: a django_migrations row means applied, in id order.
#include <catch2/catch.hpp>

#include "tests/ledgers/ledger_test_support.h"

namespace ledgers = driftwatch::ledgers;
using namespace driftwatch::ledgers::test;

namespace {

const ledgers::TableInfo kTable{"public",
                                "django_migrations",
                                {{"id", "bigint"},
                                 {"app", "character varying(255)"},
                                 {"name", "character varying(255)"},
                                 {"applied", "timestamp with time zone"}}};

}  // namespace

TEST_CASE("django: each row is an applied app.name, in the order of its id", "[ledgers]") {
  const auto state =
      read_rows(ledgers::Framework::django, kTable,
                {{"10", "auth", "0002_alter_permission_name_max_length", "2024-05-01 10:00:01+00"},
                 {"2", "contenttypes", "0001_initial", "2024-05-01 10:00:00+00"},
                 {"11", "shop", "0001_squashed_0004", "2024-05-02 09:00:00+00"}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(applied_ids(state) == std::vector<std::string>{"contenttypes.0001_initial",
                                                       "auth.0002_alter_permission_name_max_length",
                                                       "shop.0001_squashed_0004"});
  CHECK(state.applied.back().applied_at == "2024-05-02 09:00:00+00");
  CHECK_FALSE(state.applied.back().checksum);
  CHECK_THAT(state.explanation,
             Catch::Contains("3 migrations applied") && Catch::Contains("shop.0001_squashed_0004"));
  check_advice(state);
}

TEST_CASE("django: an empty table records nothing applied and is healthy", "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::django, kTable, {});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.applied.empty());
  CHECK_THAT(state.explanation, Catch::Contains("no applied migration"));
}
