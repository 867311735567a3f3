// Tests read_ledger's own cases (an unreadable ledger, a tool without a
// reader) and the advice for a database with no ledger at all.
#include <catch2/catch.hpp>

#include "tests/ledgers/ledger_test_support.h"

namespace ledgers = driftwatch::ledgers;
using namespace driftwatch::ledgers::test;

TEST_CASE("readers: a ledger the role may not read says which grant is missing", "[ledgers]") {
  ledgers::DetectedLedger detected;
  detected.framework = ledgers::Framework::knex;
  detected.table = {"ops", "knex_migrations", {{"id", "integer"}}, false};
  const auto state = ledgers::read_ledger(detected, {detected.table, {}, {}, {}, {}});
  CHECK(state.health == ledgers::Health::unreadable);
  CHECK(state.framework == ledgers::Framework::knex);
  CHECK_THAT(state.next_step, Catch::Contains("GRANT SELECT ON ops.knex_migrations"));
  check_advice(state);

  // With the session's role known, the GRANT can be run as printed.
  ledgers::LedgerInput input{detected.table, {}, {}, {}, {}};
  input.role = "Monitor \"ro\"";
  const auto named = ledgers::read_ledger(detected, input);
  CHECK(named.next_step == "GRANT SELECT ON ops.knex_migrations TO \"Monitor \"\"ro\"\"\";");
  CHECK_THAT(named.explanation, Catch::StartsWith("The role \"Monitor \"\"ro\"\"\" may not read"));
}

TEST_CASE("readers: every known tool's rows are read by its own reader", "[ledgers]") {
  // An empty ledger of each tool: no tool falls through to the unknown reader.
  for (auto framework : ledgers::all_frameworks()) {
    if (framework == ledgers::Framework::unknown) continue;
    INFO(ledgers::framework_name(framework));
    const auto state = read_rows(framework, {"public", "ledger", {}}, {});
    CHECK(state.health != ledgers::Health::unknown);
    CHECK_THAT(notes(state), !Catch::Contains("cannot read its state yet"));
    check_advice(state);
  }
}

TEST_CASE("readers: the detection's table, confidence and notes are carried over", "[ledgers]") {
  ledgers::DetectedLedger detected;
  detected.framework = ledgers::Framework::dbmate;
  detected.table = {"app", "schema_migrations", {{"version", "character varying"}}};
  detected.related = {{"app", "ar_internal_metadata", {}}};
  detected.confidence = "likely";
  detected.notes = {"a detection note"};
  const auto state = ledgers::read_ledger(
      detected, {detected.table, {{"version"}, {{"20240101000000"}}}, {}, {}, {}});
  CHECK(state.framework == ledgers::Framework::dbmate);
  CHECK(state.schema == "app");
  CHECK(state.table == "schema_migrations");
  CHECK(ledgers::qualified_table(state) == "app.schema_migrations");
  CHECK(state.confidence == "likely");
  CHECK(state.notes.front() == "a detection note");
  CHECK(state.related_tables == std::vector<std::string>{"app.ar_internal_metadata"});
}

TEST_CASE("readers: a database with tables but no ledger is told to baseline, not reset",
          "[ledgers]") {
  const auto advice = ledgers::advise_no_ledger(3);
  CHECK_THAT(advice.explanation, Catch::Contains("3 tables") && Catch::Contains("P3005"));
  CHECK_THAT(advice.next_step, Catch::Contains("baseline") && Catch::Contains("Do not reset"));
  CHECK_THAT(ledgers::advise_no_ledger(1).explanation, Catch::Contains("1 table "));
}
