// Tests removal_scope and RemovalScope::covers: which removed objects a
// migration's SQL could have removed, and when it cannot say.
#include "probes/migration_sql/removal_scope.h"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "tests/migration_sql/snapshot_fixture.h"

namespace msql = driftwatch::migration_sql;
namespace schema = driftwatch::schema;
using msql::test::object;
using K = schema::Kind;

namespace {

schema::ObjectKey key(K kind, std::vector<std::string> path,
                      std::optional<std::string> args = std::nullopt) {
  return {kind, std::move(path), std::move(args)};
}

// public.users with an index, a constraint, a trigger, a policy, a rule and
// an owned sequence; public.events partitioned, with partition events_2024
// and its index; public.orders, unrelated; a function and an aggregate;
// types; "app"."Weird Name"; an extension.
schema::Snapshot before() {
  return schema::Snapshot(std::vector<schema::SchemaObject>{
      object(K::schema, {"public"}),
      object(K::schema, {"app"}),
      object(K::extension, {"pgcrypto"}),
      object(K::table, {"public", "users"}),
      object(K::column, {"public", "users", "id"}),
      object(K::column, {"public", "users", "email"}),
      object(K::constraint, {"public", "users", "users_email_key"}),
      object(K::trigger, {"public", "users", "users_audit"}),
      object(K::policy, {"public", "users", "own_rows"}),
      object(K::rule, {"public", "users", "no_delete"}),
      object(K::index, {"public", "users_email_key"}, {{"table", "public.users"}}),
      object(K::sequence, {"public", "users_id_seq"}, {{"owned_by", "public.users.id"}}),
      object(K::table, {"public", "events"}),
      object(K::index, {"public", "events_at_idx"}, {{"table", "public.events"}}),
      object(K::table, {"public", "events_2024"}, {{"partition_of", "public.events"}}),
      object(K::column, {"public", "events_2024", "at"}),
      object(K::index, {"public", "events_2024_at_idx"}, {{"table", "public.events_2024"}}),
      object(K::table, {"public", "orders"}),
      object(K::column, {"public", "orders", "total"}),
      object(K::index, {"public", "orders_total_idx"}, {{"table", "public.orders"}}),
      object(K::view, {"public", "active_users"}),
      object(K::enum_type, {"public", "mood"}),
      object(K::domain, {"public", "email"}),
      object(K::composite_type, {"public", "pair"}),
      object(K::table, {"app", "Weird Name"}),
      object(K::column, {"app", "Weird Name", "Odd Col"}),
      object(K::table, {"app", "weird name"}),
  });
}

bool covers(const msql::RemovalScope& scope, const schema::ObjectKey& removed) {
  REQUIRE(scope.complete);
  return scope.covers(removed, before());
}

}  // namespace

TEST_CASE("removal_scope: a migration that only creates covers nothing", "[migration_sql]") {
  const auto scope = msql::removal_scope(
      "CREATE TABLE invoices (id bigint PRIMARY KEY, user_id int REFERENCES users);\n"
      "CREATE INDEX invoices_user_idx ON invoices (user_id);\n"
      "INSERT INTO invoices VALUES (1, 1);\n"
      "GRANT SELECT ON invoices TO reader;\n"
      "COMMENT ON TABLE invoices IS 'bills';\n"
      "SET search_path TO public;\n");
  CHECK(scope.complete);
  CHECK(scope.relations.empty());
  CHECK_FALSE(covers(scope, key(K::table, {"public", "users"})));
  CHECK_FALSE(covers(scope, key(K::index, {"public", "users_email_key"})));
  CHECK_FALSE(covers(scope, key(K::schema, {"app"})));
}

TEST_CASE("removal_scope: CASCADE makes it incomplete", "[migration_sql]") {
  for (const char* sql : {
           "DROP TABLE orders CASCADE;",
           "ALTER TABLE users DROP COLUMN email CASCADE;",
           "ALTER TABLE users ADD COLUMN x int, DROP CONSTRAINT users_email_key CASCADE;",
           "ALTER DOMAIN email DROP CONSTRAINT email_check CASCADE;",
           "ALTER TYPE pair RENAME ATTRIBUTE a TO b CASCADE;",
           "ALTER TYPE pair DROP ATTRIBUTE a CASCADE;",
           "DROP COLLATION c CASCADE;",
       }) {
    INFO(sql);
    const auto scope = msql::removal_scope(sql);
    CHECK_FALSE(scope.complete);
    CHECK(scope.incomplete_because.rfind("line 1: ", 0) == 0);
  }
}

TEST_CASE("removal_scope: opaque statements make it incomplete, with the line", "[migration_sql]") {
  const auto scope = msql::removal_scope(
      "CREATE TABLE a (id int);\n"
      "DO $$ BEGIN EXECUTE 'DROP TABLE users'; END $$;\n");
  CHECK_FALSE(scope.complete);
  CHECK(scope.incomplete_because.rfind("line 2: ", 0) == 0);
  for (const char* sql : {"CALL cleanup();", "SELECT drop_everything();",
                          "CREATE EXTENSION postgis;", "DROP OWNED BY app_user;"}) {
    INFO(sql);
    CHECK_FALSE(msql::removal_scope(sql).complete);
  }
}

TEST_CASE("removal_scope: a parse error is incomplete, with its line", "[migration_sql]") {
  const auto scope = msql::removal_scope("DROP TABLE orders;\nDROP TABLEZ users;\n");
  CHECK_FALSE(scope.complete);
  CHECK(scope.incomplete_because.rfind("line 2: ", 0) == 0);
  CHECK(scope.relations.empty());
}

TEST_CASE("removal_scope: DROP INDEX covers the index", "[migration_sql]") {
  const auto scope =
      msql::removal_scope("DROP INDEX CONCURRENTLY IF EXISTS public.orders_total_idx;");
  CHECK(scope.relations == std::set<std::string>{"orders_total_idx"});
  CHECK(covers(scope, key(K::index, {"public", "orders_total_idx"})));
  CHECK_FALSE(covers(scope, key(K::table, {"public", "orders"})));
  CHECK_FALSE(covers(scope, key(K::index, {"public", "users_email_key"})));
}

TEST_CASE("removal_scope: dropping a partitioned index covers its partitions' indexes",
          "[migration_sql]") {
  const auto scope = msql::removal_scope("DROP INDEX events_at_idx;");
  CHECK(covers(scope, key(K::index, {"public", "events_2024_at_idx"})));
  CHECK_FALSE(covers(scope, key(K::table, {"public", "events_2024"})));
}

TEST_CASE("removal_scope: ALTER TABLE DROP CONSTRAINT covers the constraint and the index",
          "[migration_sql]") {
  const auto scope = msql::removal_scope("ALTER TABLE users DROP CONSTRAINT users_email_key;");
  CHECK(scope.relations == std::set<std::string>{"users"});
  CHECK(covers(scope, key(K::constraint, {"public", "users", "users_email_key"})));
  CHECK(covers(scope, key(K::index, {"public", "users_email_key"})));
  CHECK_FALSE(covers(scope, key(K::index, {"public", "orders_total_idx"})));
}

TEST_CASE("removal_scope: DROP TABLE covers its members, owned sequence and partitions",
          "[migration_sql]") {
  const auto users = msql::removal_scope("DROP TABLE IF EXISTS public.users;");
  CHECK(covers(users, key(K::table, {"public", "users"})));
  CHECK(covers(users, key(K::column, {"public", "users", "email"})));
  CHECK(covers(users, key(K::trigger, {"public", "users", "users_audit"})));
  CHECK(covers(users, key(K::policy, {"public", "users", "own_rows"})));
  CHECK(covers(users, key(K::rule, {"public", "users", "no_delete"})));
  CHECK(covers(users, key(K::sequence, {"public", "users_id_seq"})));
  CHECK_FALSE(covers(users, key(K::view, {"public", "active_users"})));

  const auto events = msql::removal_scope("DROP TABLE events;");
  CHECK(covers(events, key(K::table, {"public", "events_2024"})));
  CHECK(covers(events, key(K::column, {"public", "events_2024", "at"})));
  CHECK(covers(events, key(K::index, {"public", "events_2024_at_idx"})));
}

TEST_CASE("removal_scope: an unrelated drop does not cover another table's objects",
          "[migration_sql]") {
  const auto scope = msql::removal_scope("DROP TABLE orders;\nDROP VIEW active_users;");
  CHECK(scope.complete);
  CHECK(covers(scope, key(K::column, {"public", "orders", "total"})));
  CHECK(covers(scope, key(K::view, {"public", "active_users"})));
  CHECK_FALSE(covers(scope, key(K::column, {"public", "users", "email"})));
  CHECK_FALSE(covers(scope, key(K::sequence, {"public", "users_id_seq"})));
  CHECK_FALSE(covers(scope, key(K::table, {"public", "events_2024"})));
}

TEST_CASE("removal_scope: triggers, policies and rules name their table", "[migration_sql]") {
  for (const char* sql :
       {"DROP TRIGGER users_audit ON public.users;", "DROP POLICY own_rows ON users;",
        "DROP RULE no_delete ON users;", "ALTER TRIGGER users_audit ON users RENAME TO audit;",
        "ALTER POLICY own_rows ON users RENAME TO mine;",
        "ALTER RULE no_delete ON users RENAME TO keep;"}) {
    INFO(sql);
    const auto scope = msql::removal_scope(sql);
    CHECK(scope.relations == std::set<std::string>{"users"});
    CHECK(covers(scope, key(K::trigger, {"public", "users", "users_audit"})));
    CHECK_FALSE(covers(scope, key(K::column, {"public", "orders", "total"})));
  }
}

TEST_CASE("removal_scope: RENAME COLUMN and RENAME CONSTRAINT cover the old name",
          "[migration_sql]") {
  const auto column = msql::removal_scope("ALTER TABLE users RENAME COLUMN email TO mail;");
  CHECK(covers(column, key(K::column, {"public", "users", "email"})));
  const auto constraint =
      msql::removal_scope("ALTER TABLE users RENAME CONSTRAINT users_email_key TO uq;");
  CHECK(covers(constraint, key(K::constraint, {"public", "users", "users_email_key"})));
  const auto table = msql::removal_scope("ALTER TABLE orders RENAME TO purchases;");
  CHECK(covers(table, key(K::table, {"public", "orders"})));
  CHECK(covers(table, key(K::index, {"public", "orders_total_idx"})));
}

TEST_CASE("removal_scope: SET SCHEMA covers the moved object", "[migration_sql]") {
  const auto table = msql::removal_scope("ALTER TABLE public.orders SET SCHEMA archive;");
  CHECK(covers(table, key(K::table, {"public", "orders"})));
  CHECK(covers(table, key(K::column, {"public", "orders", "total"})));
  const auto function = msql::removal_scope("ALTER FUNCTION total_of(int) SET SCHEMA archive;");
  CHECK(function.routines == std::set<std::string>{"total_of"});
  const auto type = msql::removal_scope("ALTER TYPE mood SET SCHEMA archive;");
  CHECK(covers(type, key(K::enum_type, {"public", "mood"})));
  const auto extension = msql::removal_scope("ALTER EXTENSION pgcrypto SET SCHEMA ext;");
  CHECK(covers(extension, key(K::extension, {"pgcrypto"})));
  const auto sequence = msql::removal_scope("ALTER SEQUENCE users_id_seq SET SCHEMA archive;");
  CHECK(covers(sequence, key(K::sequence, {"public", "users_id_seq"})));
}

TEST_CASE("removal_scope: DROP FUNCTION covers the function by its bare name", "[migration_sql]") {
  const auto scope = msql::removal_scope("DROP FUNCTION f(int);");
  CHECK(scope.routines == std::set<std::string>{"f"});
  CHECK(covers(scope, key(K::function, {"public", "f"}, "integer")));
  CHECK_FALSE(covers(scope, key(K::function, {"public", "g"}, "integer")));
  const auto others = msql::removal_scope(
      "DROP PROCEDURE app.p; DROP AGGREGATE total(int); DROP ROUTINE r;\n"
      "ALTER FUNCTION g(int) RENAME TO h;");
  CHECK(others.routines == std::set<std::string>{"p", "total", "r", "g"});
  CHECK(covers(others, key(K::procedure, {"app", "p"}, "")));
  CHECK(covers(others, key(K::aggregate, {"public", "total"}, "integer")));
}

TEST_CASE("removal_scope: renaming a type covers the routines that take it", "[migration_sql]") {
  const auto scope = msql::removal_scope("ALTER TYPE mood RENAME TO feeling;");
  CHECK(covers(scope, key(K::function, {"public", "cheer"}, "m mood[]")));
  CHECK_FALSE(covers(scope, key(K::function, {"public", "cheer"}, "moody integer")));
}

TEST_CASE("removal_scope: types and domains", "[migration_sql]") {
  const auto dropped = msql::removal_scope("DROP TYPE pair; DROP DOMAIN public.email;");
  CHECK(dropped.types == std::set<std::string>{"pair", "email"});
  CHECK(covers(dropped, key(K::composite_type, {"public", "pair"})));
  CHECK(covers(dropped, key(K::domain, {"public", "email"})));
  CHECK_FALSE(covers(dropped, key(K::enum_type, {"public", "mood"})));

  const auto altered = msql::removal_scope(
      "ALTER DOMAIN email SET NOT NULL;\n"
      "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';\n"
      "ALTER TYPE pair ADD ATTRIBUTE c int;\n");
  CHECK(altered.complete);
  CHECK(altered.types == std::set<std::string>{"email", "mood", "pair"});
  CHECK(altered.relations == std::set<std::string>{"pair"});
  CHECK(covers(altered, key(K::enum_type, {"public", "mood"})));

  const auto renamed = msql::removal_scope("ALTER DOMAIN email RENAME TO address;");
  CHECK(covers(renamed, key(K::domain, {"public", "email"})));
}

TEST_CASE("removal_scope: schemas and extensions", "[migration_sql]") {
  const auto dropped = msql::removal_scope("DROP SCHEMA app; DROP EXTENSION pgcrypto;");
  CHECK(dropped.complete);
  CHECK(covers(dropped, key(K::schema, {"app"})));
  CHECK(covers(dropped, key(K::column, {"app", "Weird Name", "Odd Col"})));
  CHECK(covers(dropped, key(K::extension, {"pgcrypto"})));
  CHECK_FALSE(covers(dropped, key(K::table, {"public", "users"})));

  const auto renamed = msql::removal_scope("ALTER SCHEMA app RENAME TO application;");
  CHECK(renamed.schemas == std::set<std::string>{"app"});
  CHECK(covers(renamed, key(K::table, {"app", "weird name"})));
  CHECK_FALSE(covers(renamed, key(K::schema, {"public"})));
}

TEST_CASE("removal_scope: other drops without CASCADE are ignored", "[migration_sql]") {
  const auto scope = msql::removal_scope(
      "DROP COLLATION IF EXISTS german; DROP STATISTICS s; DROP SERVER remote;\n"
      "ALTER SERVER remote RENAME TO far;");
  CHECK(scope.complete);
  CHECK(scope.relations.empty());
  CHECK_FALSE(covers(scope, key(K::table, {"public", "users"})));
}

TEST_CASE("removal_scope: quoted identifiers keep their case and spaces", "[migration_sql]") {
  const auto scope = msql::removal_scope(R"(ALTER TABLE app."Weird Name" DROP COLUMN "Odd Col";)");
  CHECK(scope.relations == std::set<std::string>{"Weird Name"});
  CHECK(covers(scope, key(K::column, {"app", "Weird Name", "Odd Col"})));
  CHECK_FALSE(covers(scope, key(K::table, {"app", "weird name"})));

  const auto unquoted = msql::removal_scope("DROP TABLE app.USERS;");
  CHECK(covers(unquoted, key(K::table, {"public", "users"})));
}

TEST_CASE("removal_scope: other ALTERs of relations", "[migration_sql]") {
  const auto scope = msql::removal_scope(
      "ALTER INDEX orders_total_idx SET (fillfactor = 70);\n"
      "ALTER VIEW active_users RENAME TO live_users;\n"
      "ALTER MATERIALIZED VIEW stats SET SCHEMA archive;\n"
      "ALTER SEQUENCE users_id_seq RESTART;\n");
  CHECK(scope.complete);
  CHECK(scope.relations ==
        std::set<std::string>{"orders_total_idx", "active_users", "stats", "users_id_seq"});
  CHECK(covers(scope, key(K::materialized_view, {"public", "stats"})));
}
