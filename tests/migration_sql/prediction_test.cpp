// Tests predict_pending: which pending statements fail against the live
// schema, simulated in order across statements and migrations.
#include "probes/migration_sql/prediction.h"

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "tests/migration_sql/snapshot_fixture.h"

namespace msql = driftwatch::migration_sql;
using msql::test::live_schema;

namespace {

msql::Prediction predict(const std::vector<std::pair<std::string, std::string>>& migrations) {
  std::vector<msql::PendingSql> pending;
  pending.reserve(migrations.size());
  for (const auto& [id, sql] : migrations) pending.push_back({id, id + ".sql", sql, {}});
  return msql::predict_pending(pending, live_schema());
}

msql::Prediction predict_one(const std::string& sql) { return predict({{"0001_one", sql}}); }

}  // namespace

TEST_CASE("prediction: adding an existing column fails with PostgreSQL's error",
          "[migration_sql]") {
  const auto prediction = predict_one(
      "-- add a phone number\n"
      "ALTER TABLE users ADD COLUMN nickname text;\n"
      "\n"
      "ALTER TABLE users\n"
      "  ADD COLUMN phone text;\n");
  REQUIRE(prediction.failures.size() == 1);
  const auto& failure = prediction.failures[0];
  CHECK(failure.migration == "0001_one");
  CHECK(failure.file == "0001_one.sql");
  CHECK(failure.line == 4);
  CHECK(failure.statement == "ALTER TABLE users ADD COLUMN phone text");
  CHECK(failure.object == "public.users.phone");
  CHECK(failure.kind == "column");
  CHECK(failure.error == "column \"phone\" of relation \"users\" already exists");
  CHECK(failure.sqlstate == "42701");
  CHECK(failure.certain);
  CHECK(prediction.statements_checked == 2);
  CHECK(prediction.not_checked.empty());
}

TEST_CASE("prediction: a clean migration gives no failure", "[migration_sql]") {
  const auto prediction = predict_one(
      "CREATE TABLE orders (id bigint PRIMARY KEY, user_id int);\n"
      "CREATE INDEX orders_user_id_idx ON orders (user_id);\n"
      "ALTER TABLE users ADD COLUMN nickname text, ALTER COLUMN email SET NOT NULL;\n"
      "DROP INDEX users_email_idx;\n"
      "CREATE TYPE status AS ENUM ('new', 'done');\n"
      "CREATE SCHEMA reporting;\n"
      "CREATE VIEW reporting.totals AS SELECT 1;\n");
  CHECK(prediction.failures.empty());
  CHECK(prediction.not_checked.empty());
  CHECK(prediction.statements_checked == 7);
}

TEST_CASE("prediction: CREATE TABLE, INDEX, TYPE and SCHEMA of existing objects fail",
          "[migration_sql]") {
  const auto prediction = predict_one(
      "CREATE TABLE users (id int);\n"
      "CREATE INDEX users_email_idx ON users (email);\n"
      "CREATE TYPE mood AS ENUM ('happy');\n"
      "CREATE SCHEMA app;\n"
      "CREATE SEQUENCE users;\n");
  REQUIRE(prediction.failures.size() == 5);
  CHECK(prediction.failures[0].error == "relation \"users\" already exists");
  CHECK(prediction.failures[0].sqlstate == "42P07");
  CHECK(prediction.failures[0].kind == "table");
  CHECK(prediction.failures[1].object == "public.users_email_idx");
  CHECK(prediction.failures[1].kind == "index");
  CHECK(prediction.failures[1].error == "relation \"users_email_idx\" already exists");
  CHECK(prediction.failures[1].line == 2);
  CHECK(prediction.failures[2].error == "type \"mood\" already exists");
  CHECK(prediction.failures[2].sqlstate == "42710");
  CHECK(prediction.failures[3].error == "schema \"app\" already exists");
  CHECK(prediction.failures[3].sqlstate == "42P06");
  CHECK(prediction.failures[4].kind == "sequence");
  CHECK(prediction.failures[4].sqlstate == "42P07");
}

TEST_CASE("prediction: IF NOT EXISTS, IF EXISTS and OR REPLACE never fail", "[migration_sql]") {
  const auto prediction = predict_one(
      "CREATE INDEX IF NOT EXISTS users_email_idx ON users (email);\n"
      "CREATE TABLE IF NOT EXISTS users (id int);\n"
      "ALTER TABLE users ADD COLUMN IF NOT EXISTS phone text;\n"
      "ALTER TABLE IF EXISTS missing ADD COLUMN x int;\n"
      "ALTER TABLE users DROP COLUMN IF EXISTS fax;\n"
      "DROP TABLE IF EXISTS missing, also_missing;\n"
      "CREATE SCHEMA IF NOT EXISTS app;\n"
      "CREATE OR REPLACE VIEW active_users AS SELECT 1;\n");
  CHECK(prediction.failures.empty());
  CHECK(prediction.statements_checked == 8);
}

TEST_CASE("prediction: CREATE OR REPLACE VIEW over a table fails", "[migration_sql]") {
  const auto prediction = predict_one("CREATE OR REPLACE VIEW users AS SELECT 1;");
  REQUIRE(prediction.failures.size() == 1);
  CHECK(prediction.failures[0].error == "\"users\" is not a view");
  CHECK(prediction.failures[0].sqlstate == "42809");
}

TEST_CASE("prediction: missing relations and columns", "[migration_sql]") {
  const auto prediction = predict_one(
      "ALTER TABLE accounts ADD COLUMN x int;\n"
      "ALTER TABLE users DROP COLUMN fax;\n"
      "ALTER TABLE users ALTER COLUMN fax TYPE text;\n"
      "DROP TABLE sessions;\n"
      "DROP INDEX sessions_idx;\n"
      "CREATE INDEX sessions_user_idx ON sessions (user_id);\n"
      "DROP VIEW users;\n");
  REQUIRE(prediction.failures.size() == 7);
  CHECK(prediction.failures[0].error == "relation \"accounts\" does not exist");
  CHECK(prediction.failures[0].sqlstate == "42P01");
  CHECK(prediction.failures[0].object == "public.accounts");
  CHECK(prediction.failures[1].error == "column \"fax\" of relation \"users\" does not exist");
  CHECK(prediction.failures[1].sqlstate == "42703");
  CHECK(prediction.failures[1].object == "public.users.fax");
  CHECK(prediction.failures[2].sqlstate == "42703");
  CHECK(prediction.failures[3].error == "table \"sessions\" does not exist");
  CHECK(prediction.failures[3].sqlstate == "42P01");
  CHECK(prediction.failures[4].error == "index \"sessions_idx\" does not exist");
  CHECK(prediction.failures[4].sqlstate == "42704");
  CHECK(prediction.failures[5].error == "relation \"sessions\" does not exist");
  CHECK(prediction.failures[5].kind == "table");
  CHECK(prediction.failures[6].error == "\"users\" is not a view");
}

TEST_CASE("prediction: tables, views, sequences and indexes share one namespace",
          "[migration_sql]") {
  const auto prediction = predict_one(
      "CREATE TABLE users_email_idx (id int);\n"
      "CREATE VIEW users AS SELECT 1;\n"
      "CREATE INDEX active_users ON users (id);\n"
      "CREATE TABLE mood (id int);\n");
  REQUIRE(prediction.failures.size() == 4);
  CHECK(prediction.failures[0].object == "public.users_email_idx");
  CHECK(prediction.failures[0].kind == "table");
  CHECK(prediction.failures[0].error == "relation \"users_email_idx\" already exists");
  CHECK(prediction.failures[1].kind == "view");
  CHECK(prediction.failures[1].sqlstate == "42P07");
  CHECK(prediction.failures[2].kind == "index");
  CHECK(prediction.failures[2].sqlstate == "42P07");
  // A table's row type collides with an existing type of that name.
  CHECK(prediction.failures[3].error == "type \"mood\" already exists");
  CHECK(prediction.failures[3].sqlstate == "42710");
}

TEST_CASE("prediction: effects carry over across statements and migrations", "[migration_sql]") {
  SECTION("a table created by migration 1 exists for migration 2") {
    const auto prediction = predict({
        {"0001_orders", "CREATE TABLE orders (id int);"},
        {"0002_total",
         "ALTER TABLE orders ADD COLUMN total numeric;\n"
         "CREATE INDEX orders_total_idx ON orders (total);"},
    });
    CHECK(prediction.failures.empty());
    CHECK(prediction.statements_checked == 3);
  }
  SECTION("a column migration 1 added cannot be added again by migration 2") {
    const auto prediction = predict({
        {"0001_nick", "ALTER TABLE users ADD COLUMN nickname text;"},
        {"0002_nick_again", "SELECT 1;\nALTER TABLE users ADD COLUMN nickname varchar(20);"},
    });
    REQUIRE(prediction.failures.size() == 1);
    CHECK(prediction.failures[0].migration == "0002_nick_again");
    CHECK(prediction.failures[0].line == 2);
    CHECK(prediction.failures[0].object == "public.users.nickname");
    CHECK(prediction.failures[0].sqlstate == "42701");
  }
  SECTION("a dropped table no longer exists, and its indexes went with it") {
    const auto prediction = predict({
        {"0001_drop", "DROP TABLE users;"},
        {"0002_use",
         "ALTER TABLE users ADD COLUMN x int;\n"
         "CREATE INDEX users_email_idx ON active_users_missing (x);\n"
         "CREATE TABLE users_email_idx (id int);"},
    });
    REQUIRE(prediction.failures.size() == 2);
    CHECK(prediction.failures[0].error == "relation \"users\" does not exist");
    CHECK(prediction.failures[1].line == 2);
    CHECK(prediction.failures[1].object == "public.active_users_missing");
  }
  SECTION("a failing statement changes nothing, not even its other sub-commands") {
    const auto prediction = predict_one(
        "ALTER TABLE users ADD COLUMN nickname text, ADD COLUMN phone text;\n"
        "ALTER TABLE users DROP COLUMN nickname;");
    REQUIRE(prediction.failures.size() == 2);
    CHECK(prediction.failures[0].object == "public.users.phone");
    CHECK(prediction.failures[1].object == "public.users.nickname");
    CHECK(prediction.failures[1].sqlstate == "42703");
  }
}

TEST_CASE("prediction: renames move names", "[migration_sql]") {
  const auto prediction = predict_one(
      "ALTER TABLE users RENAME TO customers;\n"
      "ALTER TABLE customers RENAME COLUMN phone TO mobile;\n"
      "ALTER TABLE customers ADD COLUMN phone text;\n"
      "ALTER TABLE users ADD COLUMN x int;\n"
      "ALTER INDEX users_email_idx RENAME TO customers_email_idx;\n"
      "CREATE INDEX users_email_idx ON customers (email);\n"
      "ALTER TABLE customers RENAME COLUMN mobile TO email;\n"
      "ALTER TABLE customers RENAME TO active_users;\n");
  REQUIRE(prediction.failures.size() == 3);
  CHECK(prediction.failures[0].line == 4);
  CHECK(prediction.failures[0].error == "relation \"users\" does not exist");
  CHECK(prediction.failures[1].line == 7);
  CHECK(prediction.failures[1].error ==
        "column \"email\" of relation \"customers\" already exists");
  CHECK(prediction.failures[2].line == 8);
  CHECK(prediction.failures[2].error == "relation \"active_users\" already exists");
}

TEST_CASE("prediction: quoted mixed-case and schema-qualified names", "[migration_sql]") {
  const auto prediction = predict_one(
      "ALTER TABLE app.\"Accounts\" ADD COLUMN \"Id\" int;\n"
      "ALTER TABLE app.Accounts ADD COLUMN x int;\n"
      "ALTER TABLE app.\"Accounts\" ADD COLUMN id int;\n"
      "CREATE TABLE app.users (id int);\n"
      "CREATE TABLE Public.USERS (id int);\n"
      "CREATE TABLE missing_schema.t (id int);\n");
  REQUIRE(prediction.failures.size() == 4);
  CHECK(prediction.failures[0].object == "app.\"Accounts\".\"Id\"");
  CHECK(prediction.failures[0].error == "column \"Id\" of relation \"Accounts\" already exists");
  CHECK(prediction.failures[1].error == "relation \"app.accounts\" does not exist");
  CHECK(prediction.failures[2].line == 5);
  CHECK(prediction.failures[2].object == "public.users");
  CHECK(prediction.failures[3].error == "schema \"missing_schema\" does not exist");
  CHECK(prediction.failures[3].sqlstate == "3F000");
}

TEST_CASE("prediction: SET search_path is honoured for the rest of the file", "[migration_sql]") {
  const auto prediction = predict({
      {"0001_app",
       "SET search_path TO app, public;\n"
       "ALTER TABLE \"Accounts\" ADD COLUMN \"Id\" int;\n"
       "ALTER TABLE users ADD COLUMN phone text;\n"
       "CREATE TABLE users (id int);\n"},
      {"0002_default", "ALTER TABLE \"Accounts\" ADD COLUMN x int;"},
  });
  REQUIRE(prediction.failures.size() == 3);
  CHECK(prediction.failures[0].object == "app.\"Accounts\".\"Id\"");
  CHECK(prediction.failures[1].object == "public.users.phone");
  // CREATE goes to the first schema of the path, where "users" is free.
  CHECK(prediction.failures[2].migration == "0002_default");
  CHECK(prediction.failures[2].error == "relation \"Accounts\" does not exist");
}

TEST_CASE("prediction: a parse error leaves the file not checked, with its line",
          "[migration_sql]") {
  const auto prediction = predict({
      {"0001_typo",
       "ALTER TABLE users ADD COLUMN phone text;\n"
       "\n"
       "CREATE TABEL orders (id int);\n"},
      {"0002_after", "ALTER TABLE users ADD COLUMN phone text;"},
  });
  REQUIRE(prediction.not_checked.size() == 1);
  CHECK(prediction.not_checked[0].migration == "0001_typo");
  CHECK(prediction.not_checked[0].line == 3);
  CHECK(prediction.not_checked[0].reason ==
        "parse error at line 3: syntax error at or near \"TABEL\"");
  // Nothing of the broken file is guessed, and what follows is only probable.
  REQUIRE(prediction.failures.size() == 1);
  CHECK(prediction.failures[0].migration == "0002_after");
  CHECK_FALSE(prediction.failures[0].certain);
  CHECK(prediction.failures[0].caveat.find("0001_typo") != std::string::npos);
}

TEST_CASE("prediction: a DO block is not checked and makes later findings uncertain",
          "[migration_sql]") {
  const auto prediction = predict_one(
      "ALTER TABLE users ADD COLUMN email text;\n"
      "DO $$ BEGIN EXECUTE 'ALTER TABLE users DROP COLUMN phone'; END $$;\n"
      "ALTER TABLE users ADD COLUMN phone text;\n");
  REQUIRE(prediction.not_checked.size() == 1);
  CHECK(prediction.not_checked[0].line == 2);
  CHECK(prediction.not_checked[0].statement.rfind("DO $$ BEGIN EXECUTE", 0) == 0);
  CHECK(prediction.not_checked[0].reason.find("DO block") != std::string::npos);
  REQUIRE(prediction.failures.size() == 2);
  CHECK(prediction.failures[0].certain);
  CHECK(prediction.failures[0].caveat.empty());
  CHECK_FALSE(prediction.failures[1].certain);
  CHECK(prediction.failures[1].caveat.find("line 2") != std::string::npos);
}

TEST_CASE("prediction: data statements are not checked but leave findings certain",
          "[migration_sql]") {
  const auto prediction = predict_one(
      "INSERT INTO users (id) VALUES (1);\n"
      "SELECT setval('users_id_seq', 10);\n"
      "SELECT rebuild_everything();\n"
      "ALTER TABLE users ADD COLUMN phone text;\n");
  REQUIRE(prediction.not_checked.size() == 3);
  CHECK(prediction.not_checked[2].reason.find("rebuild_everything") != std::string::npos);
  REQUIRE(prediction.failures.size() == 1);
  CHECK_FALSE(prediction.failures[0].certain);

  const auto plain = predict_one(
      "INSERT INTO users (id) VALUES (1);\n"
      "ALTER TABLE users ADD COLUMN phone text;\n");
  REQUIRE(plain.failures.size() == 1);
  CHECK(plain.failures[0].certain);
}

TEST_CASE("prediction: columns the analyser cannot know are not guessed", "[migration_sql]") {
  const auto prediction = predict_one(
      "CREATE TABLE copy AS SELECT * FROM users;\n"
      "ALTER TABLE copy ADD COLUMN phone text;\n"
      "ALTER TABLE copy DROP COLUMN whatever;\n");
  CHECK(prediction.failures.empty());
  REQUIRE(prediction.not_checked.size() == 2);
  CHECK(prediction.not_checked[0].line == 2);
  CHECK(prediction.not_checked[0].reason.find("columns of public.copy are not known") !=
        std::string::npos);
}

TEST_CASE("prediction: a file that is not SQL is not checked", "[migration_sql]") {
  const std::vector<msql::PendingSql> pending{
      {"0001_js", "migrations/0001_js.js", "",
       "not an SQL file (.js): its statements cannot be parsed"},
      {"0002_sql", "migrations/0002_sql.sql", "CREATE TABLE users (id int);", ""},
  };
  const auto prediction = msql::predict_pending(pending, live_schema());
  REQUIRE(prediction.not_checked.size() == 1);
  CHECK(prediction.not_checked[0].migration == "0001_js");
  CHECK(prediction.not_checked[0].line == 0);
  REQUIRE(prediction.failures.size() == 1);
  CHECK_FALSE(prediction.failures[0].certain);
}
