// Tests trace_partial_run: which statements of a migration that stopped
// part-way left their effect in the live schema.
#include "probes/migration_sql/forensics.h"

#include <catch2/catch.hpp>

#include <string>

#include "tests/migration_sql/snapshot_fixture.h"

namespace msql = driftwatch::migration_sql;
using msql::test::object;
using State = msql::StatementOutcome::State;
using K = driftwatch::schema::Kind;

namespace {

constexpr const char* kScript =
    "-- 0005_orders: not in a transaction\n"
    "CREATE TABLE orders (id bigint PRIMARY KEY, user_id int);\n"
    "ALTER TABLE users ADD COLUMN nickname text;\n"
    "\n"
    "CREATE INDEX orders_user_id_idx\n"
    "  ON orders (user_id);\n"
    "ALTER TABLE orders ADD COLUMN total numeric;\n";

// The live schema after the first two statements ran.
driftwatch::schema::Snapshot after_two_statements() {
  auto objects = msql::test::live_schema().objects();
  objects.push_back(object(K::table, {"public", "orders"}));
  objects.push_back(object(K::column, {"public", "orders", "id"}));
  objects.push_back(object(K::column, {"public", "orders", "user_id"}));
  objects.push_back(object(K::column, {"public", "users", "nickname"}));
  return driftwatch::schema::Snapshot(std::move(objects));
}

}  // namespace

TEST_CASE("forensics: the first absent effect is where the run stopped", "[migration_sql]") {
  const auto run = msql::trace_partial_run(kScript, after_two_statements());
  REQUIRE(run.statements.size() == 4);
  CHECK(run.statements[0].line == 2);
  CHECK(run.statements[0].state == State::applied);
  CHECK(run.statements[0].object == "public.orders");
  CHECK(run.statements[0].kind == "table");
  CHECK(run.statements[1].state == State::applied);
  CHECK(run.statements[1].object == "public.users.nickname");
  CHECK(run.statements[2].line == 5);
  CHECK(run.statements[2].state == State::not_applied);
  CHECK(run.statements[2].object == "public.orders_user_id_idx");
  CHECK(run.statements[2].statement == "CREATE INDEX orders_user_id_idx ON orders (user_id)");
  CHECK(run.statements[3].state == State::not_applied);
  REQUIRE(run.stopped_at.has_value());
  CHECK(*run.stopped_at == 2);
  CHECK(run.summary ==
        "created table public.orders, added column public.users.nickname; failed at or before "
        "index public.orders_user_id_idx (line 5); not reached: column public.orders.total "
        "(line 7)");
}

TEST_CASE("forensics: a run that left nothing stopped at the first statement", "[migration_sql]") {
  const auto run = msql::trace_partial_run(kScript, msql::test::live_schema());
  REQUIRE(run.stopped_at.has_value());
  CHECK(*run.stopped_at == 0);
  CHECK(run.summary.rfind("nothing applied; failed at or before table public.orders (line 2)", 0) ==
        0);
}

TEST_CASE("forensics: a complete run has no stop", "[migration_sql]") {
  auto objects = after_two_statements().objects();
  objects.push_back(
      object(K::index, {"public", "orders_user_id_idx"}, {{"table", "public.orders"}}));
  objects.push_back(object(K::column, {"public", "orders", "total"}));
  const auto run =
      msql::trace_partial_run(kScript, driftwatch::schema::Snapshot(std::move(objects)));
  CHECK_FALSE(run.stopped_at.has_value());
  for (const auto& statement : run.statements) CHECK(statement.state == State::applied);
  CHECK(run.summary.find("no checkable effect is missing") != std::string::npos);
}

TEST_CASE("forensics: drops, renames and what cannot be read off the schema", "[migration_sql]") {
  const auto run = msql::trace_partial_run(
      "DROP INDEX users_email_idx;\n"
      "ALTER TABLE users RENAME COLUMN phone TO mobile;\n"
      "DO $$ BEGIN PERFORM 1; END $$;\n"
      "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n"
      "CREATE TABLE tmp (id int);\n"
      "DROP TABLE tmp;\n"
      "ALTER TABLE users DROP COLUMN email;\n",
      msql::test::live_schema());
  REQUIRE(run.statements.size() == 7);
  CHECK(run.statements[0].state == State::not_applied);  // the index is still there
  CHECK(run.statements[0].action == "dropped");
  CHECK(run.statements[1].state == State::not_applied);
  CHECK(run.statements[1].action == "renamed");
  CHECK(run.statements[2].state == State::not_checked);
  CHECK(run.statements[2].reason.find("DO block") != std::string::npos);
  CHECK(run.statements[3].state == State::not_checked);
  CHECK(run.statements[4].state == State::not_checked);  // dropped again at line 6
  CHECK(run.statements[4].reason == "line 6 changes the same object again");
  CHECK(run.statements[5].state == State::applied);  // tmp is absent
  CHECK(run.statements[6].state == State::not_applied);
  REQUIRE(run.stopped_at.has_value());
  CHECK(*run.stopped_at == 0);
  CHECK(run.summary.find("present although after the stop") != std::string::npos);
}

TEST_CASE("forensics: a parse error is reported, not guessed", "[migration_sql]") {
  const auto run = msql::trace_partial_run("CREATE TABLE a (id int);\nALTER TABLE;\n",
                                           msql::test::live_schema());
  CHECK_FALSE(run.stopped_at.has_value());
  REQUIRE(run.statements.size() == 1);
  CHECK(run.statements[0].state == State::not_checked);
  CHECK(run.statements[0].line == 2);
  CHECK(run.summary == "not checked: parse error at line 2: syntax error at or near \";\"");
}
