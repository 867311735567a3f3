// Tests the JSON snapshot format: the bytes written, reading them back, and read errors.
#include "probes/schema/snapshot_json.h"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "probes/schema/canonical_text.h"
#include "tests/support/golden.h"

namespace schema = driftwatch::schema;
namespace test = driftwatch::test;
using K = schema::Kind;

namespace {

schema::SchemaObject object(K kind, std::vector<std::string> path, schema::Attributes attributes,
                            std::optional<std::string> args = std::nullopt) {
  return {{kind, std::move(path), std::move(args)}, std::move(attributes)};
}

schema::Snapshot sample() {
  return schema::Snapshot({
      object(K::schema, {"app"}, {{"owner", "app_owner"}}),
      object(K::extension, {"pgcrypto"}, {{"schema", "public"}, {"version", "1.3"}}),
      object(K::table, {"app", "Users"},
             {{"owner", "app_owner"}, {"acl", "app_owner=arwdDxt/app_owner, =r/app_owner"}}),
      object(K::column, {"app", "Users", "caf\xC3\xA9"},
             {{"type", "text"}, {"default", "'say \"hi\"'"}, {"position", "1"}}),
      object(K::index, {"app", "users_idx"}, {{"table", "app.\"Users\""}}),
      object(K::function, {"app", "greet"},
             {{"definition", "BEGIN\n\tRETURN 'hi';\nEND"}, {"owner", "app_owner"}}, "text"),
      object(K::procedure, {"app", "noop"}, {}, ""),
  });
}

std::string write(const schema::Snapshot& snapshot) {
  std::ostringstream out;
  schema::write_snapshot_json(out, snapshot, schema::compute_hashes(snapshot));
  return out.str();
}

// A minimal valid document around the given objects.
std::string document(const std::string& objects) {
  return R"({"format": "driftwatch.snapshot", "version": 1, "objects": [)" + objects + "]}";
}

std::string error_of(std::string_view text) {
  try {
    (void)schema::read_snapshot_json(text, "snap.json");
  } catch (const schema::SnapshotError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("snapshot_json: the JSON of a sample snapshot matches the golden file", "[schema]") {
  const auto json = write(sample());
  test::check_golden("schema_snapshot.json", json);
  CHECK(write(sample()) == json);
}

TEST_CASE("snapshot_json: the document carries the hashes and every object", "[schema]") {
  const auto snapshot = sample();
  const auto hashes = schema::compute_hashes(snapshot);
  const auto doc = nlohmann::json::parse(write(snapshot));
  CHECK(doc.at("format") == "driftwatch.snapshot");
  CHECK(doc.at("version") == 1);
  CHECK(doc.at("root_hash") == hashes.root);
  REQUIRE(doc.at("kinds").size() == hashes.kinds.size());
  CHECK(doc.at("kinds")[0] ==
        nlohmann::json{{"kind", "schema"}, {"count", 1}, {"hash", hashes.kinds[0].hash}});
  const auto& objects = doc.at("objects");
  REQUIRE(objects.size() == snapshot.size());
  const auto& column = objects[3];
  CHECK(column.at("kind") == "column");
  CHECK(column.at("id") == "app.\"Users\".\"caf\xC3\xA9\"");
  CHECK(column.at("path") == nlohmann::json{"app", "Users", "caf\xC3\xA9"});
  CHECK_FALSE(column.contains("args"));
  CHECK(column.at("hash") == schema::to_hex(hashes.objects[3]));
  CHECK(column.at("attributes").at("default") == "'say \"hi\"'");
  CHECK(objects[5].at("args") == "text");
  CHECK(objects[6].at("args").get<std::string>().empty());
  CHECK(objects[6].at("attributes").is_object());
  CHECK(objects[6].at("attributes").empty());
}

TEST_CASE("snapshot_json: an empty snapshot is a valid document", "[schema]") {
  const auto json = write(schema::Snapshot());
  const auto doc = nlohmann::json::parse(json);
  CHECK(doc.at("kinds") == nlohmann::json::array());
  CHECK(doc.at("objects") == nlohmann::json::array());
  CHECK(schema::read_snapshot_json(json, "empty.json").empty());
}

TEST_CASE("snapshot_json: reading the written JSON gives the same snapshot", "[schema]") {
  const auto snapshot = sample();
  const auto back = schema::read_snapshot_json(write(snapshot), "sample.json");
  CHECK(schema::canonical_text(back) == schema::canonical_text(snapshot));
  const auto* procedure = back.find({K::procedure, {"app", "noop"}, ""});
  REQUIRE(procedure != nullptr);
  CHECK(procedure->key.args == std::optional<std::string>(""));
}

TEST_CASE("snapshot_json: read_snapshot tells JSON from canonical text", "[schema]") {
  const auto snapshot = sample();
  const auto text = schema::canonical_text(snapshot);
  CHECK(schema::canonical_text(schema::read_snapshot(write(snapshot), "a.json")) == text);
  CHECK(schema::canonical_text(schema::read_snapshot(" \n\t" + write(snapshot), "a.json")) == text);
  CHECK(schema::canonical_text(schema::read_snapshot(text, "a.txt")) == text);
  CHECK(schema::read_snapshot("", "empty.txt").empty());
  CHECK_THROWS_WITH(schema::read_snapshot("{oops", "b.json"),
                    Catch::StartsWith("b.json: not valid JSON: "));
  CHECK_THROWS_WITH(schema::read_snapshot("tabel app.t\n", "b.txt"),
                    "b.txt:1: expected \"<kind> <identity>\"");
}

TEST_CASE("snapshot_json: read errors name the origin and the problem", "[schema]") {
  CHECK_THAT(error_of("not json"), Catch::StartsWith("snap.json: not valid JSON: "));
  CHECK_THAT(error_of(document("") + " trailing"),
             Catch::StartsWith("snap.json: not valid JSON: "));
  CHECK(error_of("[1, 2]") == "snap.json: the document is not a JSON object");
  CHECK(error_of(R"({"version": 1, "objects": []})") == "snap.json: missing \"format\"");
  CHECK(error_of(R"({"format": "other", "version": 1, "objects": []})") ==
        "snap.json: not a driftwatch snapshot (format \"other\")");
  CHECK(error_of(R"({"format": 7, "version": 1, "objects": []})") ==
        "snap.json: \"format\" is not a string");
  CHECK(error_of(R"({"format": "driftwatch.snapshot", "version": 2, "objects": []})") ==
        "snap.json: unsupported snapshot version 2 (this build reads 1)");
  CHECK(error_of(R"({"format": "driftwatch.snapshot", "version": "1", "objects": []})") ==
        "snap.json: unsupported snapshot version \"1\" (this build reads 1)");
  CHECK(error_of(R"({"format": "driftwatch.snapshot", "version": 4294967297, "objects": []})") ==
        "snap.json: unsupported snapshot version 4294967297 (this build reads 1)");
  CHECK(error_of(R"({"format": "driftwatch.snapshot", "version": 1})") ==
        "snap.json: missing \"objects\"");
  CHECK(error_of(R"({"format": "driftwatch.snapshot", "version": 1, "objects": {}})") ==
        "snap.json: \"objects\" is not a list");
}

TEST_CASE("snapshot_json: object errors name the object's position", "[schema]") {
  const std::string good = R"({"kind": "schema", "path": ["app"], "attributes": {}})";
  CHECK(error_of(document(good)) == "(no error)");
  CHECK(error_of(document(R"({"path": ["app"], "attributes": {}})")) ==
        "snap.json: objects[0]: missing \"kind\"");
  CHECK(
      error_of(document(good + R"(, {"kind": "tabel", "path": ["app", "t"], "attributes": {}})")) ==
      "snap.json: objects[1]: unknown kind \"tabel\"");
  CHECK(error_of(document(R"({"kind": "schema", "path": ["app"], "attributes": {"owner": 1}})")) ==
        "snap.json: objects[0]: attribute \"owner\" is not a string");
  // Attribute names are driftwatch's vocabulary: "a: b" would read back as "a".
  CHECK_THAT(
      error_of(document(R"({"kind": "schema", "path": ["app"], "attributes": {"a: b": "v"}})")),
      Catch::Contains("\"a: b\" is not an attribute name"));
  CHECK(error_of(document(R"({"kind": "schema", "path": "app", "attributes": {}})")) ==
        "snap.json: objects[0]: \"path\" is not a list");
  CHECK(error_of(document(R"({"kind": "schema", "path": [], "attributes": {}})")) ==
        "snap.json: objects[0]: \"path\" is not a list");
  CHECK(error_of(document(R"({"kind": "schema", "path": ["app", 1], "attributes": {}})")) ==
        "snap.json: objects[0]: \"path\" holds a non-string");
  CHECK(error_of(document(R"({"kind": "schema", "path": ["app"]})")) ==
        "snap.json: objects[0]: missing \"attributes\"");
  CHECK(error_of(document(R"({"kind": "schema", "path": ["app"], "attributes": []})")) ==
        "snap.json: objects[0]: \"attributes\" is not an object");
  CHECK(error_of(document(R"({"kind": "function", "path": ["a", "f"], "args": null,)"
                          R"( "attributes": {}})")) ==
        "snap.json: objects[0]: \"args\" is not a string");
  CHECK(error_of(document("42")) == "snap.json: objects[0]: not an object");
  CHECK_THROWS_AS(schema::read_snapshot_json(document(good + ", " + good), "snap.json"),
                  schema::SnapshotError);
}
