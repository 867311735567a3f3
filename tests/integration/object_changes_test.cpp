// Creating, altering and dropping each kind of object shows up in the diff
// with the right identity, change type, attribute and values.
#include <catch2/catch.hpp>

#include <optional>

#include "probes/schema/diff.h"
#include "probes/schema/identity.h"
#include "tests/support/test_database.h"

namespace schema = driftwatch::schema;
using driftwatch::test::TestDatabase;
using schema::ChangeType;
using schema::Kind;

namespace {

// Runs `sql` between two snapshots and returns the changes.
std::vector<schema::ObjectChange> changes_after(const TestDatabase& database,
                                                const std::string& sql) {
  const auto before = database.snapshot();
  database.exec(sql);
  return schema::diff_snapshots(before, database.snapshot());
}

const schema::ObjectChange& find_change(const std::vector<schema::ObjectChange>& changes, Kind kind,
                                        const std::string& id) {
  for (const auto& change : changes) {
    if (change.key.kind == kind && schema::format_identity(change.key) == id) return change;
  }
  FAIL("no change for " << schema::kind_name(kind) << " " << id);
  return changes.front();  // unreachable
}

void expect_added(const std::vector<schema::ObjectChange>& changes, Kind kind,
                  const std::string& id) {
  INFO("expected " << schema::kind_name(kind) << " " << id << " added");
  CHECK(find_change(changes, kind, id).type == ChangeType::added);
}

void expect_removed(const std::vector<schema::ObjectChange>& changes, Kind kind,
                    const std::string& id) {
  INFO("expected " << schema::kind_name(kind) << " " << id << " removed");
  CHECK(find_change(changes, kind, id).type == ChangeType::removed);
}

// Exactly one change: `attribute` of the object went from `before` to `after`.
void expect_only_attribute(const std::vector<schema::ObjectChange>& changes, Kind kind,
                           const std::string& id, const std::string& attribute,
                           const std::optional<std::string>& before,
                           const std::optional<std::string>& after) {
  INFO("expected " << schema::kind_name(kind) << " " << id << " " << attribute << " change");
  REQUIRE(changes.size() == 1);
  const auto& change = find_change(changes, kind, id);
  CHECK(change.type == ChangeType::changed);
  REQUIRE(change.attributes.size() == 1);
  CHECK(change.attributes[0].name == attribute);
  CHECK(change.attributes[0].before == before);
  CHECK(change.attributes[0].after == after);
}

}  // namespace

TEST_CASE("changes: schemas, extensions and comments", "[pg]") {
  TestDatabase db;
  expect_added(changes_after(db, "CREATE SCHEMA billing"), Kind::schema, "billing");
  expect_only_attribute(changes_after(db, "COMMENT ON SCHEMA billing IS 'money'"), Kind::schema,
                        "billing", "comment", std::nullopt, "money");
  const auto extension = changes_after(db, "CREATE EXTENSION pg_trgm");
  expect_added(extension, Kind::extension, "pg_trgm");
  CHECK(extension.size() == 1);  // its functions, operators and types are not listed
  expect_removed(changes_after(db, "DROP SCHEMA billing"), Kind::schema, "billing");
}

TEST_CASE("changes: tables and columns", "[pg]") {
  TestDatabase db;
  const auto created =
      changes_after(db, "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100))");
  expect_added(created, Kind::table, "public.users");
  expect_added(created, Kind::column, "public.users.email");
  expect_added(created, Kind::constraint, "public.users.users_pkey");
  expect_added(created, Kind::index, "public.users_pkey");

  expect_only_attribute(changes_after(db, "ALTER TABLE users ALTER COLUMN email TYPE text"),
                        Kind::column, "public.users.email", "type", "character varying(100)",
                        "text");
  expect_only_attribute(changes_after(db, "ALTER TABLE users ALTER COLUMN email SET NOT NULL"),
                        Kind::column, "public.users.email", "not_null", "false", "true");
  expect_only_attribute(
      changes_after(db, "ALTER TABLE users ALTER COLUMN email SET DEFAULT 'nobody'"), Kind::column,
      "public.users.email", "default", std::nullopt, "'nobody'::text");
  expect_only_attribute(changes_after(db, "ALTER TABLE users SET UNLOGGED"), Kind::table,
                        "public.users", "unlogged", std::nullopt, "true");
  expect_only_attribute(changes_after(db, "ALTER TABLE users ENABLE ROW LEVEL SECURITY"),
                        Kind::table, "public.users", "row_security", std::nullopt, "true");
  expect_added(changes_after(db, "ALTER TABLE users ADD COLUMN phone text"), Kind::column,
               "public.users.phone");

  // Dropping a column removes it and moves the ones after it up.
  const auto dropped = changes_after(db, "ALTER TABLE users DROP COLUMN email");
  expect_removed(dropped, Kind::column, "public.users.email");
  const auto& phone = find_change(dropped, Kind::column, "public.users.phone");
  REQUIRE(phone.attributes.size() == 1);
  CHECK(phone.attributes[0].name == "position");
  CHECK(phone.attributes[0].before == "3");
  CHECK(phone.attributes[0].after == "2");

  expect_removed(changes_after(db, "DROP TABLE users"), Kind::table, "public.users");
}

TEST_CASE("changes: ownership and privileges are attributes of their objects", "[pg]") {
  TestDatabase db;
  const std::string role = "dw_owner_" + db.name();
  db.exec("CREATE ROLE " + role +
          " NOLOGIN; CREATE TABLE t (a int, b int);"
          "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';");
  const auto owner = changes_after(db, "ALTER TABLE t OWNER TO " + role);
  REQUIRE(owner.size() == 1);
  const auto& owned = find_change(owner, Kind::table, "public.t");
  REQUIRE(owned.attributes.size() == 2);  // the owner, and the owner's default privileges
  CHECK(owned.attributes[0].name == "acl");
  CHECK(owned.attributes[0].after == role + "=arwdDxt/" + role);
  CHECK(owned.attributes[1].name == "owner");
  CHECK(owned.attributes[1].before == "postgres");
  CHECK(owned.attributes[1].after == role);
  const auto granted = changes_after(db, "GRANT SELECT (b) ON t TO " + role);
  expect_only_attribute(granted, Kind::column, "public.t.b", "acl", std::nullopt,
                        role + "=r/" + role);
  expect_only_attribute(changes_after(db, "REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC"),
                        Kind::function, "public.f()", "acl", "=X/postgres, postgres=X/postgres",
                        "postgres=X/postgres");
  // Granting and then revoking leaves the same privileges as never granting.
  CHECK(changes_after(db, "GRANT SELECT ON t TO PUBLIC; REVOKE SELECT ON t FROM PUBLIC").empty());
  db.exec("DROP TABLE t; DROP FUNCTION f(); DROP ROLE " + role);
}

TEST_CASE("changes: constraints and indexes", "[pg]") {
  TestDatabase db;
  db.exec("CREATE TABLE items (id int PRIMARY KEY, qty int, sku text)");
  const auto check =
      changes_after(db, "ALTER TABLE items ADD CONSTRAINT qty_positive CHECK (qty > 0) NOT VALID");
  expect_added(check, Kind::constraint, "public.items.qty_positive");
  expect_only_attribute(changes_after(db, "ALTER TABLE items VALIDATE CONSTRAINT qty_positive"),
                        Kind::constraint, "public.items.qty_positive", "definition",
                        "CHECK ((qty > 0)) NOT VALID", "CHECK ((qty > 0))");
  expect_added(changes_after(db, "CREATE INDEX items_sku_idx ON items (sku)"), Kind::index,
               "public.items_sku_idx");
  expect_only_attribute(changes_after(db, "ALTER INDEX items_sku_idx SET (fillfactor = 50)"),
                        Kind::index, "public.items_sku_idx", "definition",
                        "CREATE INDEX items_sku_idx ON public.items USING btree (sku)",
                        "CREATE INDEX items_sku_idx ON public.items USING btree (sku) WITH "
                        "(fillfactor='50')");
  expect_removed(changes_after(db, "DROP INDEX items_sku_idx"), Kind::index,
                 "public.items_sku_idx");
  expect_removed(changes_after(db, "ALTER TABLE items DROP CONSTRAINT qty_positive"),
                 Kind::constraint, "public.items.qty_positive");
}

TEST_CASE("changes: types, domains and sequences", "[pg]") {
  TestDatabase db;
  expect_added(changes_after(db, "CREATE TYPE mood AS ENUM ('ok', 'sad')"), Kind::enum_type,
               "public.mood");
  expect_only_attribute(changes_after(db, "ALTER TYPE mood ADD VALUE 'meh' BEFORE 'sad'"),
                        Kind::enum_type, "public.mood", "labels", "'ok', 'sad'",
                        "'ok', 'meh', 'sad'");
  expect_added(changes_after(db, "CREATE DOMAIN qty AS integer"), Kind::domain, "public.qty");
  expect_only_attribute(changes_after(db,
                                      "ALTER DOMAIN qty ADD CONSTRAINT qty_check CHECK "
                                      "(VALUE > 0)"),
                        Kind::domain, "public.qty", "constraints", std::nullopt,
                        "qty_check CHECK ((VALUE > 0))");
  expect_added(changes_after(db, "CREATE TYPE pair AS (a int)"), Kind::composite_type,
               "public.pair");
  expect_only_attribute(changes_after(db, "ALTER TYPE pair ADD ATTRIBUTE b text"),
                        Kind::composite_type, "public.pair", "fields", "a integer",
                        "a integer, b text");
  expect_added(changes_after(db, "CREATE TYPE span AS RANGE (subtype = integer)"), Kind::range_type,
               "public.span");
  expect_added(changes_after(db, "CREATE SEQUENCE counter"), Kind::sequence, "public.counter");
  // A sequence's value is data, not schema.
  CHECK(changes_after(db, "SELECT nextval('counter'), nextval('counter')").empty());
  expect_only_attribute(changes_after(db, "ALTER SEQUENCE counter INCREMENT BY 5"), Kind::sequence,
                        "public.counter", "increment", "1", "5");
  const auto dropped =
      changes_after(db,
                    "DROP TYPE mood; DROP DOMAIN qty; DROP TYPE pair; DROP TYPE span; "
                    "DROP SEQUENCE counter");
  expect_removed(dropped, Kind::enum_type, "public.mood");
  expect_removed(dropped, Kind::domain, "public.qty");
  expect_removed(dropped, Kind::composite_type, "public.pair");
  expect_removed(dropped, Kind::range_type, "public.span");
  expect_removed(dropped, Kind::sequence, "public.counter");
}

TEST_CASE("changes: views, routines, triggers, policies and rules", "[pg]") {
  TestDatabase db;
  db.exec("CREATE TABLE t (id int, note text)");
  expect_added(changes_after(db, "CREATE VIEW v AS SELECT id FROM t"), Kind::view, "public.v");
  const auto replaced = changes_after(db, "CREATE OR REPLACE VIEW v AS SELECT id, note FROM t");
  CHECK(find_change(replaced, Kind::view, "public.v").attributes.at(0).name == "definition");
  expect_added(replaced, Kind::column, "public.v.note");
  expect_added(changes_after(db, "CREATE MATERIALIZED VIEW mv AS SELECT count(*) AS n FROM t"),
               Kind::materialized_view, "public.mv");

  expect_added(changes_after(db, "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT x'"),
               Kind::function, "public.f(integer)");
  const auto body = changes_after(db,
                                  "CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql AS "
                                  "'SELECT x + 1'");
  REQUIRE(body.size() == 1);
  CHECK(body[0].attributes.at(0).name == "definition");
  expect_added(
      changes_after(db, "CREATE FUNCTION f(x text) RETURNS int LANGUAGE sql AS 'SELECT 0'"),
      Kind::function, "public.f(text)");
  expect_added(changes_after(db, "CREATE PROCEDURE p() LANGUAGE sql AS 'SELECT 1'"),
               Kind::procedure, "public.p()");
  expect_added(changes_after(db, "CREATE AGGREGATE total(int) (SFUNC = int4pl, STYPE = int)"),
               Kind::aggregate, "public.total(integer)");

  db.exec(
      "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS "
      "'BEGIN RETURN NEW; END'");
  expect_added(changes_after(db,
                             "CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW "
                             "EXECUTE FUNCTION touch()"),
               Kind::trigger, "public.t.t_touch");
  expect_only_attribute(changes_after(db, "ALTER TABLE t DISABLE TRIGGER t_touch"), Kind::trigger,
                        "public.t.t_touch", "enabled", "origin", "disabled");
  expect_added(changes_after(db, "CREATE POLICY own ON t USING (id > 0)"), Kind::policy,
               "public.t.own");
  expect_only_attribute(changes_after(db, "ALTER POLICY own ON t USING (id > 10)"), Kind::policy,
                        "public.t.own", "using", "(id > 0)", "(id > 10)");
  expect_added(changes_after(db, "CREATE RULE no_delete AS ON DELETE TO t DO INSTEAD NOTHING"),
               Kind::rule, "public.t.no_delete");

  const auto dropped =
      changes_after(db,
                    "DROP RULE no_delete ON t; DROP POLICY own ON t; DROP TRIGGER t_touch ON t;"
                    "DROP AGGREGATE total(int); DROP PROCEDURE p(); DROP FUNCTION f(text);"
                    "DROP MATERIALIZED VIEW mv; DROP VIEW v");
  expect_removed(dropped, Kind::rule, "public.t.no_delete");
  expect_removed(dropped, Kind::policy, "public.t.own");
  expect_removed(dropped, Kind::trigger, "public.t.t_touch");
  expect_removed(dropped, Kind::aggregate, "public.total(integer)");
  expect_removed(dropped, Kind::procedure, "public.p()");
  expect_removed(dropped, Kind::function, "public.f(text)");
  expect_removed(dropped, Kind::materialized_view, "public.mv");
  expect_removed(dropped, Kind::view, "public.v");
}
