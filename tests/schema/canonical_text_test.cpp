// Tests the canonical snapshot text: value escaping, the record layout, and reading it back.
#include "probes/schema/canonical_text.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/golden.h"

namespace schema = driftwatch::schema;
namespace test = driftwatch::test;
using namespace std::string_literals;

namespace {

schema::SchemaObject object(schema::Kind kind, std::vector<std::string> path,
                            schema::Attributes attributes,
                            std::optional<std::string> args = std::nullopt) {
  return {{kind, std::move(path), std::move(args)}, std::move(attributes)};
}

// Several kinds, a quoted identity, a routine and values that need escaping.
std::vector<schema::SchemaObject> sample_objects() {
  using K = schema::Kind;
  return {
      object(
          K::table, {"app", "users"},
          {{"owner", "app_owner"}, {"acl", "app_owner=arwdDxt/app_owner, app_reader=r/app_owner"}}),
      object(K::column, {"app", "users", "id"},
             {{"type", "bigint"}, {"position", "1"}, {"not_null", "true"}}),
      object(K::column, {"app", "users", "Display Name"}, {{"type", "text"}, {"position", "2"}}),
      object(K::index, {"app", "users_pkey"},
             {{"table", "app.users"},
              {"definition", "CREATE UNIQUE INDEX users_pkey ON app.users USING btree (id)"}}),
      object(K::constraint, {"app", "users", "users_pkey"}, {{"definition", "PRIMARY KEY (id)"}}),
      object(K::schema, {"app"}, {{"owner", "app_owner"}}),
      object(K::extension, {"pgcrypto"}, {{"schema", "public"}, {"version", "1.3"}}),
      object(K::enum_type, {"app", "Mood"}, {{"labels", "sad, ok, happy"}}),
      object(K::function, {"app", "greet"},
             {{"definition", "BEGIN\n\tRETURN 'hi \\ there';\r\nEND"}, {"owner", "app_owner"}},
             "text, integer"),
      object(K::view, {"app", "Odd.Name"}, {{"definition", " SELECT 1;"}}),
  };
}

schema::Snapshot sample() { return schema::Snapshot(sample_objects()); }

std::string error_of(std::string_view text, std::string_view origin = "file.txt") {
  try {
    (void)schema::parse_canonical_text(text, origin);
  } catch (const schema::SnapshotError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("canonical_text: escaping turns control bytes and backslashes into sequences",
          "[schema]") {
  CHECK(schema::escape_value("plain text") == "plain text");
  CHECK(schema::escape_value("a\\b") == "a\\\\b");
  CHECK(schema::escape_value("a\nb\rc\td") == "a\\nb\\rc\\td");
  CHECK(schema::escape_value("\x01") == "\\x01");
  CHECK(schema::escape_value("\x1f\x7f") == "\\x1f\\x7f");
  CHECK(schema::escape_value("\0"s) == "\\x00");
  CHECK(schema::escape_value("caf\xC3\xA9 \xF0\x9F\x98\x80") == "caf\xC3\xA9 \xF0\x9F\x98\x80");
  std::string out = "x=";
  schema::append_escaped(out, "1\n2");
  CHECK(out == "x=1\\n2");
}

TEST_CASE("canonical_text: unescape inverts escape for every byte", "[schema]") {
  std::string every_byte;
  for (int b = 0; b < 256; ++b) every_byte += static_cast<char>(b);
  const std::vector<std::string> values{
      "",          "plain",          "back\\slash", "\\n is not a newline",
      "a\nb\r\nc", "\t\x01\x7f",     "\\x41",       "caf\xC3\xA9 \xF0\x9F\x98\x80",
      every_byte,  "\0 nul inside"s,
  };
  for (const auto& value : values) {
    const auto escaped = schema::escape_value(value);
    INFO("escaped " << escaped);
    CHECK(escaped.find('\n') == std::string::npos);
    CHECK(schema::unescape_value(escaped) == value);
  }
  CHECK(schema::unescape_value("\\x41\\x0A") == "A\n");
}

TEST_CASE("canonical_text: unescape rejects malformed escape sequences", "[schema]") {
  for (const char* text : {"\\", "abc\\", "\\q", "\\x", "\\x4", "\\xg1", "\\x1g", "a\\ b"}) {
    INFO("text " << text);
    CHECK_FALSE(schema::unescape_value(text).has_value());
  }
}

TEST_CASE("canonical_text: a record is the kind and identity, then one line per attribute",
          "[schema]") {
  std::string out;
  schema::append_record(object(schema::Kind::column, {"app", "users", "id"},
                               {{"not_null", "true"}, {"type", "a\nb"}}),
                        out);
  CHECK(out == "column app.users.id\n  not_null: true\n  type: a\\nb\n");

  std::string odd;
  schema::append_record(object(schema::Kind::table, {"app", "line\nbreak"}, {}), odd);
  CHECK(odd == "table app.\"line\\nbreak\"\n");

  // Identities that need escaping read back to the same key.
  for (const std::string name : {"line\nbreak", "back\\slash", "tab\there", "bell\x07"}) {
    const auto o = object(schema::Kind::table, {"app", name}, {{"owner", "o"}});
    std::string record;
    schema::append_record(o, record);
    INFO("record " << record);
    CHECK(std::count(record.begin(), record.end(), '\n') == 2);
    const auto parsed = schema::parse_canonical_text(record, "r.txt");
    REQUIRE(parsed.size() == 1);
    CHECK(parsed.objects()[0].key == o.key);
  }
}

TEST_CASE("canonical_text: the text of a sample snapshot matches the golden file", "[schema]") {
  const auto text = schema::canonical_text(sample());
  test::check_golden("schema_canonical.txt", text);

  std::ostringstream streamed;
  schema::write_canonical_text(streamed, sample());
  CHECK(streamed.str() == text);
}

TEST_CASE("canonical_text: the text does not depend on the order of objects or attributes",
          "[schema]") {
  const auto expected = schema::canonical_text(sample());
  std::mt19937 random(20240611);
  for (int round = 0; round < 20; ++round) {
    auto objects = sample_objects();
    std::shuffle(objects.begin(), objects.end(), random);
    for (auto& o : objects) std::shuffle(o.attributes.begin(), o.attributes.end(), random);
    const schema::Snapshot shuffled(std::move(objects));
    CHECK(schema::canonical_text(shuffled) == expected);
  }
}

TEST_CASE("canonical_text: parsing the text gives back the same snapshot", "[schema]") {
  const auto snapshot = sample();
  const auto text = schema::canonical_text(snapshot);
  const auto parsed = schema::parse_canonical_text(text, "sample.txt");
  REQUIRE(parsed.size() == snapshot.size());
  CHECK(schema::canonical_text(parsed) == text);
  for (const auto& o : snapshot.objects()) {
    const auto* found = parsed.find(o.key);
    REQUIRE(found != nullptr);
    CHECK(found->attributes == o.attributes);
  }
  CHECK(schema::parse_canonical_text("", "empty.txt").empty());
  // An empty value keeps the space after the colon and reads back empty.
  const auto empty_value = schema::parse_canonical_text("table app.t\n  comment: \n", "e.txt");
  REQUIRE(empty_value.size() == 1);
  CHECK(empty_value.objects()[0].attribute("comment") == std::optional<std::string_view>(""));
}

TEST_CASE("canonical_text: parse errors name the origin and the line", "[schema]") {
  CHECK(error_of("  owner: x\n") == "file.txt:1: attribute before any object");
  CHECK(error_of("schema app\n  owner: x\ntabel app.users\n") ==
        "file.txt:3: expected \"<kind> <identity>\"");
  CHECK(error_of("schema app\n") == "(no error)");
  CHECK(error_of("schema app\n  owner: x") == "file.txt:2: missing final newline");
  CHECK(error_of("schema app\ntable app.\"users\"\n") == "file.txt:2: malformed identity");
  CHECK(error_of("schema app\ntable App.users\n") == "file.txt:2: malformed identity");
  CHECK(error_of("schema app\ntable app.\\q\n") == "file.txt:2: malformed identity");
  CHECK(error_of("schema app\n  owner x\n") == "file.txt:2: attribute without \": \"");
  CHECK(error_of("schema app\n  owner: \\q\n") == "file.txt:2: malformed escape sequence in value");
  CHECK(error_of("schema\n", "snap/a b.txt") == "snap/a b.txt:1: expected \"<kind> <identity>\"");
}

TEST_CASE("canonical_text: duplicate object keys throw SnapshotError", "[schema]") {
  using K = schema::Kind;
  CHECK_THROWS_AS(schema::Snapshot({object(K::table, {"app", "t"}, {}),
                                    object(K::table, {"app", "t"}, {{"owner", "x"}})}),
                  schema::SnapshotError);
  CHECK_THROWS_WITH(schema::parse_canonical_text("table app.t\ntable app.t\n", "f.txt"),
                    "table app.t appears twice");
  // The same path under another kind, or other arguments, is another key.
  CHECK_NOTHROW(schema::Snapshot({object(K::table, {"app", "t"}, {}),
                                  object(K::function, {"app", "t"}, {}, ""),
                                  object(K::function, {"app", "t"}, {}, "integer")}));
}

TEST_CASE("canonical_text: duplicate attribute names throw SnapshotError", "[schema]") {
  CHECK_THROWS_WITH(schema::Snapshot({object(schema::Kind::table, {"app", "t"},
                                             {{"owner", "a"}, {"owner", "b"}})}),
                    "table app.t: attribute \"owner\" appears twice");
  CHECK_THROWS_AS(schema::parse_canonical_text("table app.t\n  owner: a\n  owner: a\n", "f.txt"),
                  schema::SnapshotError);
}
