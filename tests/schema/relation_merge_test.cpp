// Tests replace_relations: what a partial read's objects replace, and what they leave alone.
#include "probes/schema/relation_merge.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "probes/schema/identity.h"

namespace schema = driftwatch::schema;
using K = schema::Kind;
using Path = std::vector<std::string>;

namespace {

schema::SchemaObject object(K kind, Path path, schema::Attributes attributes = {}) {
  return {{kind, std::move(path), std::nullopt}, std::move(attributes)};
}

schema::SchemaObject index_on(const Path& table, std::string name) {
  return object(K::index, {table[0], std::move(name)},
                {{"table", schema::format_identity(table, std::nullopt)}});
}

schema::Snapshot base() {
  return schema::Snapshot({
      object(K::schema, {"app"}),
      object(K::table, {"app", "orders"}),
      object(K::column, {"app", "orders", "id"}, {{"type", "integer"}}),
      object(K::constraint, {"app", "orders", "orders_pkey"}),
      index_on({"app", "orders"}, "orders_pkey"),
      object(K::trigger, {"app", "orders", "touch"}),
      object(K::table, {"app", "users"}),
      object(K::column, {"app", "users", "id"}, {{"type", "integer"}}),
      object(K::sequence, {"app", "order_no"}),
      object(K::view, {"app", "big_orders"}, {{"definition", "SELECT ..."}}),
      object(K::function, {"app", "touch"}),
  });
}

std::vector<std::string> identities(const schema::Snapshot& snapshot) {
  std::vector<std::string> out;
  for (const auto& item : snapshot.objects()) out.push_back(schema::format_identity(item.key));
  return out;
}

}  // namespace

TEST_CASE("relation merge: a relation's every object is replaced, the rest kept", "[schema]") {
  const schema::Snapshot fresh({
      object(K::table, {"app", "orders"}),
      object(K::column, {"app", "orders", "id"}, {{"type", "bigint"}}),
      object(K::column, {"app", "orders", "total"}, {{"type", "numeric"}}),
      index_on({"app", "orders"}, "orders_total"),
  });
  const auto merged = schema::replace_relations(base(), {{"app", "orders"}}, fresh);
  REQUIRE(merged.has_value());
  CHECK(identities(*merged) ==
        std::vector<std::string>{"app", "app.order_no", "app.orders", "app.users", "app.orders.id",
                                 "app.orders.total", "app.users.id", "app.orders_total",
                                 "app.big_orders", "app.touch"});
  CHECK(merged->find({K::column, {"app", "orders", "id"}, std::nullopt})->attribute("type") ==
        "bigint");
}

TEST_CASE("relation merge: a renamed relation leaves nothing under its old name", "[schema]") {
  const schema::Snapshot fresh({
      object(K::table, {"app", "purchases"}),
      object(K::column, {"app", "purchases", "id"}, {{"type", "integer"}}),
      object(K::constraint, {"app", "purchases", "orders_pkey"}),
      index_on({"app", "purchases"}, "orders_pkey"),
      object(K::trigger, {"app", "purchases", "touch"}),
      object(K::view, {"app", "big_orders"}, {{"definition", "SELECT ... purchases"}}),
  });
  const auto merged = schema::replace_relations(
      base(), {{"app", "orders"}, {"app", "purchases"}, {"app", "big_orders"}}, fresh);
  REQUIRE(merged.has_value());
  for (const auto& id : identities(*merged)) CHECK(id.find("orders.") == std::string::npos);
  CHECK(merged->find({K::table, {"app", "orders"}, std::nullopt}) == nullptr);
  CHECK(merged->find({K::view, {"app", "big_orders"}, std::nullopt})->attribute("definition") ==
        "SELECT ... purchases");
  CHECK(merged->size() == base().size());
}

TEST_CASE("relation merge: sequences are relations, functions are not", "[schema]") {
  const auto merged =
      schema::replace_relations(base(), {{"app", "order_no"}, {"app", "touch"}}, {});
  REQUIRE(merged.has_value());
  CHECK(merged->find({K::sequence, {"app", "order_no"}, std::nullopt}) == nullptr);
  CHECK(merged->find({K::function, {"app", "touch"}, std::nullopt}) != nullptr);
  CHECK(merged->find({K::trigger, {"app", "orders", "touch"}, std::nullopt}) != nullptr);
}

TEST_CASE("relation merge: a fresh object that is also kept means the read disagrees", "[schema]") {
  const schema::Snapshot fresh({object(K::column, {"app", "users", "id"})});
  CHECK_FALSE(schema::replace_relations(base(), {{"app", "orders"}}, fresh).has_value());
  CHECK(schema::replace_relations(base(), {{"app", "users"}}, fresh).has_value());
}

TEST_CASE("relation merge: nothing replaced, nothing fresh: the same snapshot", "[schema]") {
  const auto merged = schema::replace_relations(base(), {}, {});
  REQUIRE(merged.has_value());
  CHECK(merged->objects() == base().objects());
}
