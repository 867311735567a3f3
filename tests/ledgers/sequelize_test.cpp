// Tests the Sequelize reader: "SequelizeMeta" holds the applied file names.
#include <catch2/catch.hpp>

#include "tests/ledgers/ledger_test_support.h"

namespace ledgers = driftwatch::ledgers;
using namespace driftwatch::ledgers::test;

namespace {

const ledgers::TableInfo kTable{"public", "SequelizeMeta", {{"name", "character varying(255)"}}};

}  // namespace

TEST_CASE("sequelize: file names are applied in name order, as sequelize-cli sorts them",
          "[ledgers]") {
  const auto state = read_rows(ledgers::Framework::sequelize, kTable,
                               {{"20240201-add-phone.js"}, {"20240101-create-user.js"}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(applied_ids(state) ==
        std::vector<std::string>{"20240101-create-user.js", "20240201-add-phone.js"});
  CHECK_THAT(state.explanation, Catch::Contains("20240201-add-phone.js"));
  check_advice(state);
}
