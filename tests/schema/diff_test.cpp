// Tests diff_snapshots: added, removed and changed objects and their attribute changes.
#include "probes/schema/diff.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace schema = driftwatch::schema;
using K = schema::Kind;
using Change = schema::AttributeChange;

namespace {

schema::SchemaObject object(K kind, std::vector<std::string> path, schema::Attributes attributes,
                            std::optional<std::string> args = std::nullopt) {
  return {{kind, std::move(path), std::move(args)}, std::move(attributes)};
}

schema::ObjectKey key(K kind, std::vector<std::string> path,
                      std::optional<std::string> args = std::nullopt) {
  return {kind, std::move(path), std::move(args)};
}

schema::Snapshot before_snapshot() {
  return schema::Snapshot({
      object(K::schema, {"app"}, {{"owner", "o"}}),
      object(K::table, {"app", "users"}, {{"owner", "o"}, {"acl", "a"}}),
      object(K::column, {"app", "users", "id"}, {{"type", "integer"}, {"position", "1"}}),
      object(K::column, {"app", "users", "fax"}, {{"type", "text"}, {"position", "2"}}),
      object(K::function, {"app", "f"}, {{"definition", "SELECT 1"}}, "integer"),
  });
}

}  // namespace

TEST_CASE("diff: equal snapshots give no changes", "[schema]") {
  CHECK(schema::diff_snapshots(before_snapshot(), before_snapshot()).empty());
  CHECK(schema::diff_snapshots(schema::Snapshot(), schema::Snapshot()).empty());
}

TEST_CASE("diff: change types have stable names", "[schema]") {
  CHECK(schema::change_type_name(schema::ChangeType::added) == "added");
  CHECK(schema::change_type_name(schema::ChangeType::removed) == "removed");
  CHECK(schema::change_type_name(schema::ChangeType::changed) == "changed");
}

TEST_CASE("diff: added, removed and changed objects come in canonical order", "[schema]") {
  const auto after = schema::Snapshot({
      object(K::schema, {"app"}, {{"owner", "o"}}),
      object(K::table, {"app", "users"}, {{"owner", "new_owner"}, {"acl", "a"}}),
      object(K::column, {"app", "users", "id"}, {{"type", "integer"}, {"position", "1"}}),
      object(K::column, {"app", "users", "email"}, {{"type", "text"}, {"position", "2"}}),
      object(K::function, {"app", "f"}, {{"definition", "SELECT 1"}}, "integer, text"),
  });
  const auto changes = schema::diff_snapshots(before_snapshot(), after);
  REQUIRE(changes.size() == 5);

  CHECK(changes[0].key == key(K::table, {"app", "users"}));
  CHECK(changes[0].type == schema::ChangeType::changed);
  CHECK(changes[0].attributes == std::vector<Change>{{"owner", "o", "new_owner"}});

  CHECK(changes[1].key == key(K::column, {"app", "users", "email"}));
  CHECK(changes[1].type == schema::ChangeType::added);

  CHECK(changes[2].key == key(K::column, {"app", "users", "fax"}));
  CHECK(changes[2].type == schema::ChangeType::removed);
  CHECK(changes[2].attributes ==
        std::vector<Change>{{"position", "2", std::nullopt}, {"type", "text", std::nullopt}});

  // Other argument types make another function: one removed, one added.
  CHECK(changes[3].key == key(K::function, {"app", "f"}, "integer"));
  CHECK(changes[3].type == schema::ChangeType::removed);
  CHECK(changes[4].key == key(K::function, {"app", "f"}, "integer, text"));
  CHECK(changes[4].type == schema::ChangeType::added);
}

TEST_CASE("diff: an added object lists every attribute with only its new value", "[schema]") {
  const schema::Snapshot after({
      object(K::view, {"app", "v"}, {{"definition", "SELECT 1"}, {"owner", "o"}, {"acl", ""}}),
  });
  const auto changes = schema::diff_snapshots(schema::Snapshot(), after);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].type == schema::ChangeType::added);
  CHECK(changes[0].attributes == std::vector<Change>{{"acl", std::nullopt, ""},
                                                     {"definition", std::nullopt, "SELECT 1"},
                                                     {"owner", std::nullopt, "o"}});

  const auto reverse = schema::diff_snapshots(after, schema::Snapshot());
  REQUIRE(reverse.size() == 1);
  CHECK(reverse[0].type == schema::ChangeType::removed);
  CHECK(reverse[0].attributes == std::vector<Change>{{"acl", "", std::nullopt},
                                                     {"definition", "SELECT 1", std::nullopt},
                                                     {"owner", "o", std::nullopt}});
}

TEST_CASE("diff: a changed object lists only the attributes that differ", "[schema]") {
  const schema::Snapshot before(
      {object(K::column, {"s", "t", "c"},
              {{"collation", "C"}, {"position", "1"}, {"type", "text"}, {"not_null", "true"}})});
  const schema::Snapshot after(
      {object(K::column, {"s", "t", "c"},
              {{"default", "''"}, {"position", "1"}, {"type", "varchar"}, {"not_null", "true"}})});
  const auto changes = schema::diff_snapshots(before, after);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].type == schema::ChangeType::changed);
  CHECK(changes[0].key == key(K::column, {"s", "t", "c"}));
  // "collation" disappeared, "default" appeared, "type" changed; equal ones are left out.
  CHECK(changes[0].attributes == std::vector<Change>{{"collation", "C", std::nullopt},
                                                     {"default", std::nullopt, "''"},
                                                     {"type", "text", "varchar"}});
}

TEST_CASE("diff: an attribute that appears has no before, one that disappears no after",
          "[schema]") {
  const schema::Snapshot without({object(K::table, {"s", "t"}, {{"owner", "o"}})});
  const schema::Snapshot with(
      {object(K::table, {"s", "t"}, {{"owner", "o"}, {"row_security", "true"}})});

  const auto appeared = schema::diff_snapshots(without, with);
  REQUIRE(appeared.size() == 1);
  REQUIRE(appeared[0].attributes.size() == 1);
  CHECK(appeared[0].attributes[0].name == "row_security");
  CHECK_FALSE(appeared[0].attributes[0].before.has_value());
  CHECK(appeared[0].attributes[0].after == "true");

  const auto disappeared = schema::diff_snapshots(with, without);
  REQUIRE(disappeared.size() == 1);
  REQUIRE(disappeared[0].attributes.size() == 1);
  CHECK(disappeared[0].attributes[0].before == "true");
  CHECK_FALSE(disappeared[0].attributes[0].after.has_value());
}

TEST_CASE("diff: an empty value differs from a missing attribute", "[schema]") {
  const schema::Snapshot without({object(K::table, {"s", "t"}, {})});
  const schema::Snapshot empty_acl({object(K::table, {"s", "t"}, {{"acl", ""}})});
  const auto changes = schema::diff_snapshots(without, empty_acl);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].attributes == std::vector<Change>{{"acl", std::nullopt, ""}});
}
