// The snapshot is canonical: the same schema gives the same bytes and hash
// across reads, dump and restore, session settings and dropped-column holes;
// and a change moves exactly the hashes it should.
#include <catch2/catch.hpp>

#include <map>

#include "probes/schema/canonical_text.h"
#include "probes/schema/diff.h"
#include "probes/schema/hashes.h"
#include "tests/support/snapshot_lookup.h"
#include "tests/support/test_database.h"

namespace schema = driftwatch::schema;
using driftwatch::test::run_shell;
using driftwatch::test::TestDatabase;
using schema::Kind;

namespace {

std::map<std::string, std::string> hashes_by_identity(const schema::Snapshot& snapshot) {
  const auto hashes = schema::compute_hashes(snapshot);
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < snapshot.size(); ++i) {
    const auto& key = snapshot.objects()[i].key;
    out[std::string(schema::kind_name(key.kind)) + " " + schema::format_identity(key)] =
        schema::to_hex(hashes.objects[i]);
  }
  return out;
}

}  // namespace

TEST_CASE("hash stability: two reads of one schema give the same bytes", "[pg]") {
  TestDatabase database;
  database.exec_file("sql/every_kind.sql");
  const auto first = schema::canonical_text(database.snapshot());
  const auto second = schema::canonical_text(database.snapshot());
  CHECK(first.size() > 5000);
  CHECK(first == second);
}

TEST_CASE("hash stability: a dump restored into a new database has the same root hash", "[pg]") {
  TestDatabase original;
  original.exec_file("sql/every_kind.sql");
  original.exec_file("sql/definitions.sql");
  TestDatabase restored;
  const std::string command = "pg_dump --schema-only --no-sync \"" + original.dsn() +
                              "\" | psql -X -q -v ON_ERROR_STOP=1 \"" + restored.dsn() +
                              "\" >/dev/null";
  REQUIRE(run_shell(command) == 0);
  const auto before = original.snapshot();
  const auto after = restored.snapshot();
  // OIDs and attribute numbers differ between the two; nothing else does.
  CHECK(original.value("SELECT 'app.customers'::regclass::oid::text") !=
        restored.value("SELECT 'app.customers'::regclass::oid::text"));
  CHECK(schema::diff_snapshots(before, after).empty());
  CHECK(schema::compute_hashes(before).root == schema::compute_hashes(after).root);
}

TEST_CASE("hash stability: a dropped column's hole does not change positions or hashes", "[pg]") {
  TestDatabase rebuilt;
  rebuilt.exec("CREATE TABLE t (a integer, b integer, c text); ALTER TABLE t DROP COLUMN b;");
  TestDatabase fresh;
  fresh.exec("CREATE TABLE t (a integer, c text)");
  const auto a = rebuilt.snapshot();
  const auto b = fresh.snapshot();
  CHECK(driftwatch::test::attribute_of(a, Kind::column, "public.t.c", "position") == "2");
  CHECK(schema::canonical_text(a) == schema::canonical_text(b));
}

TEST_CASE("hash stability: the role's and database's settings do not change the snapshot", "[pg]") {
  TestDatabase database;
  database.exec(
      "CREATE SCHEMA app;"
      "CREATE TYPE app.mood AS ENUM ('ok', 'sad');"
      "CREATE TABLE app.t (at timestamptz DEFAULT '2024-01-01 00:00:00+00', m app.mood DEFAULT "
      "'ok', n float8 DEFAULT 0.1, d interval DEFAULT '1 day 02:00:00');"
      "CREATE VIEW app.v AS SELECT at, m FROM app.t WHERE m = 'ok';");
  const auto plain = schema::canonical_text(database.snapshot());
  database.exec("ALTER DATABASE " + database.name() +
                " SET search_path = app, public;"
                "ALTER DATABASE " +
                database.name() +
                " SET TimeZone = 'Asia/Tokyo';"
                "ALTER DATABASE " +
                database.name() +
                " SET DateStyle = 'SQL, DMY';"
                "ALTER DATABASE " +
                database.name() +
                " SET IntervalStyle = 'iso_8601';"
                "ALTER DATABASE " +
                database.name() + " SET extra_float_digits = 0;");
  CHECK(database.value("SHOW TimeZone") == "Asia/Tokyo");
  CHECK(schema::canonical_text(database.snapshot()) == plain);
}

TEST_CASE("hash stability: ALTER TABLE ADD COLUMN changes one column object and its table's hash",
          "[pg]") {
  TestDatabase database;
  database.exec(
      "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);"
      "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));");
  const auto before = database.snapshot();
  database.exec("ALTER TABLE users ADD COLUMN phone text");
  const auto after = database.snapshot();

  const auto changes = schema::diff_snapshots(before, after);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].key.kind == Kind::column);
  CHECK(schema::format_identity(changes[0].key) == "public.users.phone");
  CHECK(changes[0].type == schema::ChangeType::added);

  const auto old_hashes = hashes_by_identity(before);
  const auto new_hashes = hashes_by_identity(after);
  CHECK(old_hashes.at("table public.users") != new_hashes.at("table public.users"));
  std::size_t unchanged = 0;
  for (const auto& [id, hash] : old_hashes) {
    if (id == "table public.users") continue;
    INFO(id);
    CHECK(new_hashes.at(id) == hash);
    ++unchanged;
  }
  CHECK(unchanged + 1 == old_hashes.size());
  CHECK(schema::compute_hashes(before).root != schema::compute_hashes(after).root);
}
