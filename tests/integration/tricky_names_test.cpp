// Names with quotes, spaces, dots, keywords and non-ASCII letters get
// distinct, readable identities that survive the JSON and text formats.
#include <catch2/catch.hpp>

#include <set>
#include <sstream>

#include "probes/schema/canonical_text.h"
#include "probes/schema/hashes.h"
#include "probes/schema/snapshot_json.h"
#include "tests/support/snapshot_lookup.h"
#include "tests/support/test_database.h"

namespace schema = driftwatch::schema;
using driftwatch::test::attribute_of;
using driftwatch::test::find_object;
using driftwatch::test::TestDatabase;
using schema::Kind;

namespace {

const TestDatabase& tricky_database() {
  // Shared by the cases of this file and never dropped: the cluster is thrown away.
  static const TestDatabase* database = [] {
    auto* created = new TestDatabase;
    created->exec(R"sql(
      CREATE SCHEMA a;
      CREATE TABLE a.b (x int);
      CREATE TABLE public."a.b" (x int);
      CREATE SCHEMA "My ""Quoted"" Schema";
      CREATE TABLE "My ""Quoted"" Schema"."Spaced Table" ("Spaced Column" text, "café" int);
      CREATE TABLE public."user" ("order" int PRIMARY KEY, "select" text);
      CREATE INDEX "user order idx" ON public."user" ("select", "order");
      CREATE TABLE public."Line
Break" (id int);
      CREATE FUNCTION "My ""Quoted"" Schema"."Fn.Name"("café" integer) RETURNS int
        LANGUAGE sql AS 'SELECT 1';
    )sql");
    return created;
  }();
  return *database;
}

}  // namespace

TEST_CASE("tricky names: identities are quoted where needed and never collide", "[pg]") {
  const auto snapshot = tricky_database().snapshot();
  CHECK(find_object(snapshot, Kind::table, "a.b") != nullptr);
  CHECK(find_object(snapshot, Kind::table, "public.\"a.b\"") != nullptr);
  CHECK(find_object(snapshot, Kind::table, "\"My \"\"Quoted\"\" Schema\".\"Spaced Table\"") !=
        nullptr);
  CHECK(find_object(snapshot, Kind::column,
                    "\"My \"\"Quoted\"\" Schema\".\"Spaced Table\".\"café\"") != nullptr);
  // Keywords need no quotes in an identity; SQL text (definitions) quotes them.
  CHECK(find_object(snapshot, Kind::column, "public.user.order") != nullptr);
  CHECK(attribute_of(snapshot, Kind::index, "public.\"user order idx\"", "definition") ==
        "CREATE INDEX \"user order idx\" ON public.\"user\" USING btree (\"select\", \"order\")");
  CHECK(find_object(snapshot, Kind::function,
                    "\"My \"\"Quoted\"\" Schema\".\"Fn.Name\"(integer)") != nullptr);
  CHECK(find_object(snapshot, Kind::table, "public.\"Line\nBreak\"") != nullptr);

  std::set<std::string> identities;
  for (const auto& object : snapshot.objects()) {
    identities.insert(std::string(schema::kind_name(object.key.kind)) + " " +
                      schema::format_identity(object.key));
  }
  CHECK(identities.size() == snapshot.size());
}

TEST_CASE("tricky names: both formats read back to the same snapshot", "[pg]") {
  const auto snapshot = tricky_database().snapshot();
  const auto text = schema::canonical_text(snapshot);
  // The newline in a name is escaped: every record header is one line.
  CHECK(text.find("table public.\"Line\\nBreak\"\n") != std::string::npos);

  std::ostringstream json;
  schema::write_snapshot_json(json, snapshot, schema::compute_hashes(snapshot));
  CHECK(schema::canonical_text(schema::read_snapshot(json.str(), "json")) == text);
  CHECK(schema::canonical_text(schema::read_snapshot(text, "text")) == text);
}
