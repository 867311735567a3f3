// A partial read, merged into the previous snapshot, gives exactly what a
// whole read gives, after every kind of DDL; and the DDL that it cannot
// place (deletions, changes outside relations) makes it step aside.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "probes/fingerprint_queries.h"
#include "probes/schema/canonical_text.h"
#include "probes/schema/line_diff.h"
#include "probes/schema/relation_merge.h"
#include "probes/session.h"
#include "probes/snapshot_reader.h"
#include "tests/support/test_database.h"

namespace probes = driftwatch::probes;
namespace schema = driftwatch::schema;
using driftwatch::test::TestDatabase;

namespace {

enum class Expect { partial, whole };

struct Step {
  const char* sql;
  Expect expect;
};

constexpr std::size_t kAnySize = 100000;

const char* const kSetUp = R"sql(
CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('calm', 'tense');
CREATE TABLE app.users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL,
                        mood app.mood DEFAULT 'calm');
CREATE SEQUENCE app.order_no;
CREATE TABLE app.orders (id bigserial PRIMARY KEY, user_id bigint REFERENCES app.users (id),
                         no bigint DEFAULT nextval('app.order_no'), total numeric(10, 2)
                         CHECK (total >= 0), note text);
CREATE INDEX orders_user ON app.orders (user_id) WHERE total > 0;
CREATE VIEW app.big_orders AS SELECT o.id, u.email FROM app.orders o JOIN app.users u
  ON u.id = o.user_id WHERE o.total > 100;
CREATE TABLE app.events (at timestamptz NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE app.events_2025 PARTITION OF app.events
  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE app.base (id int);
CREATE TABLE app.child (extra int) INHERITS (app.base);
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TRIGGER touch BEFORE UPDATE ON app.orders FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE TABLE app.audit (id int, payload app.users);
CREATE TYPE app.pair AS (a int, b int);
COMMENT ON TABLE app.users IS 'people';
)sql";

// Each step runs alone, on the state the ones before it left.
const std::vector<Step> kSteps{
    {"ALTER TABLE app.users ADD COLUMN nickname text", Expect::partial},
    {"ALTER TABLE app.orders ADD COLUMN shipped boolean DEFAULT false NOT NULL", Expect::partial},
    {"CREATE INDEX users_email ON app.users (lower(email))", Expect::partial},
    {"ALTER TABLE app.users RENAME COLUMN email TO mail", Expect::partial},
    {"ALTER TABLE app.users RENAME TO people", Expect::partial},
    {"ALTER TABLE app.orders ALTER COLUMN note SET NOT NULL", Expect::partial},
    {"ALTER TABLE app.orders ADD CONSTRAINT note_short CHECK (length(note) < 100)",
     Expect::partial},
    {"COMMENT ON COLUMN app.orders.note IS 'free text'", Expect::partial},
    {"COMMENT ON COLUMN app.orders.note IS 'free text, short'", Expect::whole},
    {"GRANT SELECT ON app.orders TO PUBLIC", Expect::partial},
    {"ALTER SEQUENCE app.order_no INCREMENT BY 10", Expect::partial},
    {"ALTER SEQUENCE app.order_no RENAME TO order_number", Expect::partial},
    {"CREATE TABLE app.items (id int PRIMARY KEY, order_id bigint REFERENCES app.orders (id),"
     " label varchar(20))",
     Expect::partial},
    {"ALTER TABLE app.orders RENAME COLUMN id TO order_id", Expect::partial},
    {"CREATE VIEW app.item_labels AS SELECT label FROM app.items", Expect::partial},
    {"ALTER TABLE app.items RENAME COLUMN label TO title", Expect::partial},
    {"ALTER TABLE app.events ADD COLUMN source text", Expect::partial},
    {"CREATE TABLE app.events_2026 PARTITION OF app.events"
     " FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
     Expect::partial},
    {"ALTER TABLE app.base RENAME TO root", Expect::partial},
    {"ALTER TABLE app.people ENABLE ROW LEVEL SECURITY", Expect::partial},
    {"CREATE POLICY own ON app.people USING (nickname IS NOT NULL)", Expect::partial},
    {"CREATE TRIGGER touch_items BEFORE UPDATE ON app.items FOR EACH ROW"
     " EXECUTE FUNCTION app.touch()",
     Expect::partial},
    {"ALTER TABLE app.items DISABLE TRIGGER touch_items", Expect::partial},
    {"CREATE RULE no_delete AS ON DELETE TO app.items DO INSTEAD NOTHING", Expect::partial},
    // The column of audit has people's row type: its type name follows.
    {"ALTER TABLE app.people RENAME TO persons", Expect::partial},
    {"ALTER TABLE app.orders SET SCHEMA public", Expect::whole},
    {"DROP INDEX app.users_email", Expect::whole},
    {"ALTER TABLE app.items DROP CONSTRAINT items_order_id_fkey", Expect::whole},
    {"DROP TRIGGER touch_items ON app.items", Expect::whole},
    {"DROP VIEW app.item_labels", Expect::whole},
    {"COMMENT ON TABLE app.persons IS NULL", Expect::whole},
    {"ALTER TABLE app.child NO INHERIT app.root", Expect::whole},
    {"ALTER TABLE app.events DETACH PARTITION app.events_2025", Expect::whole},
    {"ALTER TYPE app.mood ADD VALUE 'glad'", Expect::whole},
    {"CREATE FUNCTION app.count_items() RETURNS bigint LANGUAGE sql"
     " BEGIN ATOMIC SELECT count(*) FROM app.items; END",
     Expect::whole},
    // A function's body names items: only a whole read renders it anew.
    {"ALTER TABLE app.items RENAME TO lines", Expect::whole},
    {"ALTER TYPE app.pair ADD ATTRIBUTE c int", Expect::whole},
    {"CREATE SCHEMA extra", Expect::whole},
    {"DROP TABLE app.audit", Expect::whole},
    // Nor a change to it: any relation such a body names is read whole.
    {"ALTER TABLE app.lines ADD COLUMN qty int", Expect::whole},
    {"ALTER TABLE app.child ALTER COLUMN extra TYPE bigint", Expect::partial},
    {"CREATE TABLE app.events_old (at timestamptz NOT NULL, kind text, source text)",
     Expect::partial},
    {"ALTER TABLE app.events ATTACH PARTITION app.events_old"
     " FOR VALUES FROM ('2000-01-01') TO ('2001-01-01')",
     Expect::partial},
    {"ALTER TABLE app.persons ADD COLUMN qty int", Expect::partial},
    {"ALTER INDEX public.orders_user RENAME TO orders_by_user", Expect::partial},
    {"ALTER TABLE public.orders RENAME CONSTRAINT orders_total_check TO total_positive",
     Expect::partial},
    {"COMMENT ON INDEX public.orders_by_user IS 'lookups by user'", Expect::partial},
    {"COMMENT ON CONSTRAINT total_positive ON public.orders IS 'no refunds here'", Expect::partial},
    {"ALTER TABLE app.persons SET (fillfactor = 70)", Expect::partial},
    {"ALTER TABLE app.persons ALTER COLUMN qty SET STATISTICS 500", Expect::partial},
    {"ALTER TABLE app.persons ALTER COLUMN nickname SET STORAGE EXTERNAL", Expect::partial},
    {"ALTER TABLE app.persons REPLICA IDENTITY FULL", Expect::partial},
    {"ALTER TABLE app.persons FORCE ROW LEVEL SECURITY", Expect::partial},
    // The policy's dependencies are replaced: rows of pg_depend go.
    {"ALTER POLICY own ON app.persons USING (qty > 0)", Expect::whole},
    {"VACUUM FULL app.persons", Expect::partial},
    {"CREATE MATERIALIZED VIEW app.order_totals AS SELECT sum(total) AS total FROM public.orders",
     Expect::partial},
    // The refresh builds a new heap and drops the transient one.
    {"REFRESH MATERIALIZED VIEW app.order_totals", Expect::whole},
    {"ALTER TABLE public.orders RENAME COLUMN total TO amount", Expect::partial},
    {"CREATE INDEX events_kind ON app.events (kind)", Expect::partial},
    {"ALTER TABLE app.root ADD COLUMN label text", Expect::partial},
    {"ALTER TABLE app.persons ALTER COLUMN qty SET NOT NULL", Expect::partial},
    {"ALTER TABLE app.persons ALTER COLUMN qty ADD GENERATED ALWAYS AS IDENTITY", Expect::partial},
    {"ALTER SEQUENCE app.order_number OWNED BY app.persons.qty", Expect::partial},
    {"CREATE TABLE app.things (id int) WITH (fillfactor = 80)", Expect::partial},
    {"CREATE TABLE extra.widgets (id int)", Expect::partial},
    {"ALTER TABLE app.things SET SCHEMA extra", Expect::whole},
};

std::string difference(const schema::Snapshot& expected, const schema::Snapshot& actual) {
  std::string text;
  for (const auto& line :
       schema::line_diff(schema::canonical_text(expected), schema::canonical_text(actual))) {
    text += line + "\n";
  }
  return text;
}

void check_partial_reads(bool fold_partitions) {
  TestDatabase database;
  database.exec(kSetUp);
  probes::Session session(database.dsn(), probes::SessionLimits{});
  probes::ReadOptions options;
  options.fold_partitions = fold_partitions;
  auto whole = probes::read_catalog(session, options);
  schema::Snapshot live = whole.snapshot;
  probes::ReadBase base = whole.base;

  int partial_reads = 0;
  for (const auto& step : kSteps) {
    INFO(step.sql);
    database.exec(step.sql);
    auto partial = probes::read_changed_relations(session, options, base, kAnySize);
    whole = probes::read_catalog(session, options);
    CHECK(partial.has_value() == (step.expect == Expect::partial));
    if (partial) {
      ++partial_reads;
      CHECK(partial->base.fingerprint == whole.fingerprint);
      const auto merged = schema::replace_relations(live, partial->replaced, partial->fresh);
      REQUIRE(merged.has_value());
      INFO("relations re-read: " << partial->relations);
      INFO(difference(whole.snapshot, *merged));
      REQUIRE(merged->objects() == whole.snapshot.objects());
      live = *merged;
      base = partial->base;
      CHECK(base.relations == whole.base.relations);
    } else {
      live = whole.snapshot;
      base = whole.base;
    }
  }
  CHECK(partial_reads > 20);
}

std::string filled_dsn(const TestDatabase& database) {
  database.exec(kSetUp);
  return database.dsn();
}

// kSetUp in a new database, a session on it and a whole read of it.
struct SetUp {
  TestDatabase database;
  probes::Session session{filled_dsn(database), probes::SessionLimits{}};
  probes::CatalogRead whole = probes::read_catalog(session, probes::ReadOptions{});
};

}  // namespace

TEST_CASE("partial read: merged, it equals a whole read after each step", "[pg]") {
  check_partial_reads(true);
}

TEST_CASE("partial read: the same with partitions reported apart", "[pg]") {
  check_partial_reads(false);
}

TEST_CASE("partial read: its fingerprint is the fingerprint", "[pg]") {
  SetUp set_up;
  auto& [database, session, whole] = set_up;
  database.exec("ALTER TABLE app.users ADD COLUMN x int");
  const auto partial =
      probes::read_changed_relations(session, probes::ReadOptions{}, whole.base, kAnySize);
  REQUIRE(partial.has_value());
  CHECK(partial->base.fingerprint == probes::catalog_fingerprint(session));
  CHECK(partial->base.fingerprint != whole.fingerprint);
  CHECK(partial->relations >= 1);
}

TEST_CASE("partial read: it reads the writes of the relations it re-reads", "[pg]") {
  SetUp set_up;
  auto& [database, session, whole] = set_up;
  database.exec("ALTER TABLE app.users ADD COLUMN x int");
  probes::ReadOptions options;
  options.writes_since = whole.writes.next_since;
  const auto partial = probes::read_changed_relations(session, options, whole.base, kAnySize);
  REQUIRE(partial.has_value());
  CHECK(partial->writes.read);
  CHECK(partial->writes.since == whole.writes.next_since);
  CHECK(partial->writes.next_since > whole.writes.next_since);
  bool column_written = false;
  for (const auto& write : partial->writes.writes) {
    if (write.kind == schema::Kind::column &&
        write.path == std::vector<std::string>{"app", "users", "x"}) {
      column_written = true;
    }
  }
  CHECK(column_written);
}

TEST_CASE("partial read: from a base taken without reading the schema", "[pg]") {
  SetUp set_up;
  auto& [database, session, whole] = set_up;
  const auto base = probes::read_base(session);
  CHECK(base.fingerprint == whole.fingerprint);
  CHECK(base.relations == whole.base.relations);
  database.exec("ALTER TABLE app.orders RENAME TO purchases");
  const auto partial =
      probes::read_changed_relations(session, probes::ReadOptions{}, base, kAnySize);
  REQUIRE(partial.has_value());
  const auto merged = schema::replace_relations(whole.snapshot, partial->replaced, partial->fresh);
  REQUIRE(merged.has_value());
  CHECK(merged->objects() ==
        probes::read_catalog(session, probes::ReadOptions{}).snapshot.objects());
}

TEST_CASE("partial read: nothing changed, nothing re-read", "[pg]") {
  SetUp set_up;
  auto& [database, session, whole] = set_up;
  const auto partial =
      probes::read_changed_relations(session, probes::ReadOptions{}, whole.base, kAnySize);
  REQUIRE(partial.has_value());
  CHECK(partial->relations == 0);
  CHECK(partial->fresh.empty());
  CHECK(partial->base.fingerprint == whole.fingerprint);
}

TEST_CASE("partial read: more relations than allowed asks for a whole read", "[pg]") {
  SetUp set_up;
  auto& [database, session, whole] = set_up;
  database.exec("ALTER TABLE app.users ADD COLUMN x int; ALTER TABLE app.base ADD COLUMN y int");
  CHECK_FALSE(probes::read_changed_relations(session, probes::ReadOptions{}, whole.base, 1));
  CHECK(probes::read_changed_relations(session, probes::ReadOptions{}, whole.base, kAnySize));
}
