// Tests the diff reports: the text for people and the JSON for programs.
#include "probes/schema/diff_report.h"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "probes/schema/hashes.h"
#include "tests/support/golden.h"

namespace schema = driftwatch::schema;
namespace test = driftwatch::test;
using K = schema::Kind;

namespace {

schema::SchemaObject object(K kind, std::vector<std::string> path, schema::Attributes attributes,
                            std::optional<std::string> args = std::nullopt) {
  return {{kind, std::move(path), std::move(args)}, std::move(attributes)};
}

// A function definition as pg_get_functiondef prints it, around the given body lines.
std::string function_definition(const std::string& body) {
  return "CREATE OR REPLACE FUNCTION app.greet(name text)\n RETURNS text\n LANGUAGE plpgsql\n"
         "AS $function$\nBEGIN\n" +
         body + "END\n$function$\n";
}

const std::string kBodyBefore = "  RETURN 'hello ' || name;\n";
const std::string kBodyAfter = "  PERFORM app.log_call('greet');\n  RETURN 'hi ' || name;\n";

schema::Snapshot before_snapshot() {
  return schema::Snapshot({
      object(K::table, {"app", "users"}, {{"owner", "app_owner"}}),
      object(K::column, {"app", "users", "fax"}, {{"position", "3"}, {"type", "text"}}),
      object(K::function, {"app", "greet"},
             {{"definition", function_definition(kBodyBefore)},
              {"owner", "app_owner"},
              {"comment", "Says hello."}},
             "text"),
  });
}

schema::Snapshot after_snapshot() {
  return schema::Snapshot({
      object(K::table, {"app", "users"}, {{"owner", "app_owner"}}),
      object(K::column, {"app", "users", "E-Mail"},
             {{"position", "4"}, {"type", "text"}, {"default", "'a\tb'::text"}}),
      object(K::function, {"app", "greet"},
             {{"definition", function_definition(kBodyAfter)},
              {"owner", "app_owner"},
              {"acl", "=X/app_owner, app_reader=X/app_owner"}},
             "text"),
  });
}

std::vector<schema::ObjectChange> sample_changes() {
  return schema::diff_snapshots(before_snapshot(), after_snapshot());
}

std::string text_of(const std::vector<schema::ObjectChange>& changes) {
  std::ostringstream out;
  schema::write_diff_text(out, changes);
  return out.str();
}

std::string json_of(const std::vector<schema::ObjectChange>& changes) {
  std::ostringstream out;
  schema::write_diff_json(out, changes, schema::compute_hashes(before_snapshot()).root,
                          schema::compute_hashes(after_snapshot()).root);
  return out.str();
}

}  // namespace

TEST_CASE("diff_report: summarize counts each type of change", "[schema]") {
  const auto s = schema::summarize(sample_changes());
  CHECK(s.added == 1);
  CHECK(s.removed == 1);
  CHECK(s.changed == 1);

  std::vector<schema::ObjectChange> many(4);
  many[0].type = schema::ChangeType::added;
  many[1].type = schema::ChangeType::added;
  many[2].type = schema::ChangeType::changed;
  many[3].type = schema::ChangeType::added;
  const auto m = schema::summarize(many);
  CHECK(m.added == 3);
  CHECK(m.removed == 0);
  CHECK(m.changed == 1);

  const auto none = schema::summarize({});
  CHECK(none.added + none.removed + none.changed == 0);
}

TEST_CASE("diff_report: the text of a sample diff matches the golden file", "[schema]") {
  const auto text = text_of(sample_changes());
  test::check_golden("schema_diff.txt", text);
  // The multi-line definition is shown as a line diff, the one-line values inline.
  CHECK_THAT(text, Catch::Contains("        BEGIN\n      -   RETURN 'hello ' || name;\n"
                                   "      +   PERFORM app.log_call('greet');\n"));
  CHECK_THAT(text, Catch::Contains("    acl: (none) -> =X/app_owner, app_reader=X/app_owner\n"));
  CHECK_THAT(text, Catch::Contains("    comment: Says hello. -> (none)\n"));
  CHECK_THAT(text, Catch::Contains("    default: 'a\\tb'::text\n"));
  CHECK_THAT(text, Catch::EndsWith("3 objects differ: 1 added, 1 removed, 1 changed\n"));
}

TEST_CASE("diff_report: an empty diff reads \"no differences\"", "[schema]") {
  CHECK(text_of({}) == "no differences\n");
}

TEST_CASE("diff_report: a single change is summed up in the singular", "[schema]") {
  const schema::Snapshot before({object(K::schema, {"app"}, {{"owner", "a"}})});
  const schema::Snapshot after({object(K::schema, {"app"}, {{"owner", "b"}})});
  CHECK(text_of(schema::diff_snapshots(before, after)) ==
        "~ schema app\n"
        "    owner: a -> b\n"
        "1 object differs: 0 added, 0 removed, 1 changed\n");
}

TEST_CASE("diff_report: the JSON of a sample diff matches the golden file", "[schema]") {
  test::check_golden("schema_diff.json", json_of(sample_changes()));
}

TEST_CASE("diff_report: the JSON has equal, the hashes, the summary and the changes", "[schema]") {
  const auto doc = nlohmann::json::parse(json_of(sample_changes()));
  CHECK(doc.at("equal") == false);
  CHECK(doc.at("before_root_hash") == schema::compute_hashes(before_snapshot()).root);
  CHECK(doc.at("after_root_hash") == schema::compute_hashes(after_snapshot()).root);
  CHECK(doc.at("summary") == nlohmann::json{{"added", 1}, {"removed", 1}, {"changed", 1}});

  const auto& changes = doc.at("changes");
  REQUIRE(changes.size() == 3);
  CHECK(changes[0].at("kind") == "column");
  CHECK(changes[0].at("object") == "app.users.\"E-Mail\"");
  CHECK(changes[0].at("change") == "added");
  CHECK(changes[1].at("object") == "app.users.fax");
  CHECK(changes[1].at("change") == "removed");
  CHECK(changes[2].at("kind") == "function");
  CHECK(changes[2].at("object") == "app.greet(text)");
  CHECK(changes[2].at("change") == "changed");

  for (const auto& change : changes) {
    for (const auto& attr : change.at("attributes")) {
      CHECK(attr.at("name").is_string());
      CHECK(attr.contains("before"));
      CHECK(attr.contains("after"));
    }
  }
  const auto& added_attrs = changes[0].at("attributes");
  REQUIRE(added_attrs.size() == 3);
  CHECK(added_attrs[0] ==
        nlohmann::json{{"name", "default"}, {"before", nullptr}, {"after", "'a\tb'::text"}});
  const auto& changed_attrs = changes[2].at("attributes");
  REQUIRE(changed_attrs.size() == 3);
  CHECK(changed_attrs[0] == nlohmann::json{{"name", "acl"},
                                           {"before", nullptr},
                                           {"after", "=X/app_owner, app_reader=X/app_owner"}});
  CHECK(changed_attrs[1] ==
        nlohmann::json{{"name", "comment"}, {"before", "Says hello."}, {"after", nullptr}});
  CHECK(changed_attrs[2].at("name") == "definition");
  CHECK(changed_attrs[2].at("before") == function_definition(kBodyBefore));
  CHECK(changed_attrs[2].at("after") == function_definition(kBodyAfter));
}

TEST_CASE("diff_report: the JSON of an empty diff is equal with no changes", "[schema]") {
  std::ostringstream out;
  schema::write_diff_json(out, {}, "aa", "aa");
  const auto doc = nlohmann::json::parse(out.str());
  CHECK(doc.at("equal") == true);
  CHECK(doc.at("changes") == nlohmann::json::array());
  CHECK(doc.at("summary") == nlohmann::json{{"added", 0}, {"removed", 0}, {"changed", 0}});
}

TEST_CASE("diff_report: change_json is one compact object in a fixed key order", "[schema]") {
  const schema::ObjectChange change{{K::table, {"app", "Users"}, std::nullopt},
                                    schema::ChangeType::changed,
                                    {{"owner", "a", "b"}}};
  CHECK(schema::change_json(change) ==
        R"({"kind":"table","object":"app.\"Users\"","change":"changed",)"
        R"("attributes":[{"name":"owner","before":"a","after":"b"}]})");
}
