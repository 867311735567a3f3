// Tests the ignore rules: object patterns, schema globs, kinds, and what a relation takes along.
#include "probes/schema/filter.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "probes/schema/identity.h"

namespace schema = driftwatch::schema;
using K = schema::Kind;
using Names = std::vector<std::string>;

namespace {

schema::SchemaObject object(K kind, std::vector<std::string> path,
                            schema::Attributes attributes = {},
                            std::optional<std::string> args = std::nullopt) {
  return {{kind, std::move(path), std::move(args)}, std::move(attributes)};
}

schema::Snapshot sample() {
  return schema::Snapshot({
      object(K::schema, {"app"}),
      object(K::schema, {"public"}),
      object(K::schema, {"tmp_scratch"}),
      object(K::extension, {"pgcrypto"}, {{"schema", "public"}}),
      object(K::table, {"app", "users"}),
      object(K::column, {"app", "users", "id"}),
      object(K::constraint, {"app", "users", "users_pkey"}),
      object(K::trigger, {"app", "users", "audit"}),
      object(K::index, {"app", "users_pkey"}, {{"table", "app.users"}}),
      object(K::table, {"app", "orders"}),
      object(K::column, {"app", "orders", "id"}),
      object(K::index, {"app", "orders_pkey"}, {{"table", "app.orders"}}),
      object(K::table, {"public", "tmp_1"}),
      object(K::table, {"public", "keep"}),
      object(K::table, {"tmp_scratch", "t"}),
      object(K::function, {"app", "f"}, {}, "integer"),
  });
}

// "kind identity" of every object the rules keep, in canonical order.
Names kept(const schema::FilterRules& rules) {
  Names out;
  const auto filtered = schema::apply_filter(sample(), rules);
  for (const auto& o : filtered.objects()) {
    out.push_back(std::string(schema::kind_name(o.key.kind)) + " " +
                  schema::format_identity(o.key));
  }
  return out;
}

// The names of `all` minus those in `dropped`.
Names all_but(const Names& dropped) {
  Names out;
  for (const auto& name : kept({})) {
    if (std::find(dropped.begin(), dropped.end(), name) == dropped.end()) out.push_back(name);
  }
  return out;
}

schema::FilterRules exclude_objects(std::initializer_list<const char*> patterns) {
  schema::FilterRules rules;
  for (const char* p : patterns) rules.exclude_objects.push_back(schema::parse_object_pattern(p));
  return rules;
}

}  // namespace

TEST_CASE("filter: a pattern's prefix counts as a kind only when it names one", "[schema]") {
  const auto index = schema::parse_object_pattern("index:app.*");
  CHECK(index.kind == K::index);
  CHECK(index.glob == "app.*");

  const auto materialized = schema::parse_object_pattern("materialized_view:*.mv_*");
  CHECK(materialized.kind == K::materialized_view);
  CHECK(materialized.glob == "*.mv_*");

  const auto plain = schema::parse_object_pattern("app.x:y");
  CHECK_FALSE(plain.kind.has_value());
  CHECK(plain.glob == "app.x:y");

  const auto no_prefix = schema::parse_object_pattern("public.tmp_*");
  CHECK_FALSE(no_prefix.kind.has_value());
  CHECK(no_prefix.glob == "public.tmp_*");
}

TEST_CASE("filter: empty rules keep everything", "[schema]") {
  const schema::FilterRules rules;
  CHECK(rules.empty());
  const auto all = sample();
  const auto filtered = schema::apply_filter(sample(), rules);
  REQUIRE(filtered.size() == all.size());
  CHECK(filtered.objects().front().key == all.objects().front().key);
  CHECK(filtered.objects().back().key == all.objects().back().key);
  for (const auto& o : all.objects()) CHECK(schema::keeps(rules, o));
}

TEST_CASE("filter: a rule of any sort makes the rules non-empty", "[schema]") {
  schema::FilterRules a, b, c, d, e;
  a.include_schemas = {"app"};
  b.exclude_schemas = {"app"};
  c.include_objects = {schema::parse_object_pattern("x")};
  d.exclude_objects = {schema::parse_object_pattern("x")};
  e.exclude_kinds = {K::index};
  for (const auto* rules : {&a, &b, &c, &d, &e}) CHECK_FALSE(rules->empty());
}

TEST_CASE("filter: include_schemas keeps only the schemas that match a glob", "[schema]") {
  schema::FilterRules rules;
  rules.include_schemas = {"app", "pub*"};
  CHECK(kept(rules) == all_but({"schema tmp_scratch", "table tmp_scratch.t"}));
}

TEST_CASE("filter: exclude_schemas drops every object in a matching schema", "[schema]") {
  schema::FilterRules rules;
  rules.exclude_schemas = {"tmp_*", "public"};
  CHECK(kept(rules) == all_but({"schema public", "schema tmp_scratch", "table public.tmp_1",
                                "table public.keep", "table tmp_scratch.t"}));
}

TEST_CASE("filter: extensions are not filtered by schema rules", "[schema]") {
  schema::FilterRules rules;
  rules.include_schemas = {"nothing_matches"};
  CHECK(kept(rules) == Names{"extension pgcrypto"});
  rules.include_schemas.clear();
  rules.exclude_schemas = {"*"};
  CHECK(kept(rules) == Names{"extension pgcrypto"});
}

TEST_CASE("filter: exclude_objects drops the objects whose identity matches", "[schema]") {
  CHECK(kept(exclude_objects({"public.tmp_*"})) == all_but({"table public.tmp_1"}));
  CHECK(kept(exclude_objects({"app.f(*)"})) == all_but({"function app.f(integer)"}));
  CHECK(kept(exclude_objects({"pgcrypto"})) == all_but({"extension pgcrypto"}));
}

TEST_CASE("filter: excluding a table excludes its columns, constraints, triggers and indexes",
          "[schema]") {
  CHECK(kept(exclude_objects({"app.users"})) ==
        all_but({"table app.users", "column app.users.id", "constraint app.users.users_pkey",
                 "trigger app.users.audit", "index app.users_pkey"}));
}

TEST_CASE("filter: a kind-specific pattern applies to that kind only", "[schema]") {
  CHECK(kept(exclude_objects({"index:app.*"})) ==
        all_but({"index app.users_pkey", "index app.orders_pkey"}));
  // The same glob without a kind also takes tables, columns and the function.
  CHECK(kept(exclude_objects({"app.*"})) ==
        Names{"schema app", "schema public", "schema tmp_scratch", "extension pgcrypto",
              "table public.keep", "table public.tmp_1", "table tmp_scratch.t"});
  CHECK(kept(exclude_objects({"column:app.users"})) == all_but({"column app.users.id"}));
  CHECK(kept(exclude_objects({"function:app.users"})) == kept({}));
}

TEST_CASE("filter: exclude_kinds drops whole kinds", "[schema]") {
  schema::FilterRules rules;
  rules.exclude_kinds = {K::index, K::trigger};
  CHECK(kept(rules) ==
        all_but({"trigger app.users.audit", "index app.users_pkey", "index app.orders_pkey"}));
}

TEST_CASE("filter: include_objects keeps only the matches and what belongs to them", "[schema]") {
  schema::FilterRules rules;
  rules.include_objects = {schema::parse_object_pattern("app.users")};
  CHECK(kept(rules) == Names{"table app.users", "column app.users.id",
                             "constraint app.users.users_pkey", "index app.users_pkey",
                             "trigger app.users.audit"});

  rules.include_objects = {schema::parse_object_pattern("table:*"),
                           schema::parse_object_pattern("schema:app")};
  CHECK(kept(rules) == Names{"schema app", "table app.orders", "table app.users",
                             "table public.keep", "table public.tmp_1", "table tmp_scratch.t"});
}

TEST_CASE("filter: include and exclude rules combine", "[schema]") {
  schema::FilterRules rules;
  rules.include_schemas = {"app"};
  rules.exclude_objects = {schema::parse_object_pattern("app.orders")};
  rules.exclude_kinds = {K::function};
  CHECK(kept(rules) == Names{"schema app", "extension pgcrypto", "table app.users",
                             "column app.users.id", "constraint app.users.users_pkey",
                             "index app.users_pkey", "trigger app.users.audit"});
}
