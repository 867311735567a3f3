// Tests the watch scope: its stored text, and how stored schemas are re-seen
// when the ignore rules or the partition folding change.
#include "daemon/watch_scope.h"

#include <catch2/catch.hpp>

#include "probes/schema/identity.h"

namespace dw = driftwatch::daemon;
namespace schema = driftwatch::schema;
using K = schema::Kind;

namespace {

schema::SchemaObject table(const std::string& name, const std::string& owner = "app") {
  return {{K::table, {"public", name}, std::nullopt}, {{"owner", owner}}};
}

schema::SchemaObject column(const std::string& table_name, const std::string& name) {
  return {{K::column, {"public", table_name, name}, std::nullopt}, {{"type", "integer"}}};
}

dw::WatchScope excluding(const std::string& glob) {
  dw::WatchScope scope;
  scope.rules.exclude_objects.push_back(schema::parse_object_pattern(glob));
  return scope;
}

std::vector<std::string> identities(const schema::Snapshot& snapshot) {
  std::vector<std::string> out;
  for (const auto& object : snapshot.objects()) {
    out.push_back(std::string(schema::kind_name(object.key.kind)) + ":" +
                  schema::format_identity(object.key));
  }
  return out;
}

}  // namespace

TEST_CASE("watch scope: the stored text reads back to the same scope") {
  dw::WatchScope scope;
  scope.rules.include_schemas = {"app*"};
  scope.rules.exclude_schemas = {"audit"};
  scope.rules.include_objects = {schema::parse_object_pattern("app.*")};
  scope.rules.exclude_objects = {schema::parse_object_pattern("index:app.*_old"),
                                 schema::parse_object_pattern("app.tmp_*")};
  scope.rules.exclude_kinds = {K::trigger, K::policy};
  scope.fold_partitions = false;
  const auto text = dw::scope_text(scope);
  CHECK(
      text ==
      R"({"exclude_kinds":["trigger","policy"],"exclude_objects":["index:app.*_old","app.tmp_*"],)"
      R"("exclude_schemas":["audit"],"include_objects":["app.*"],"include_schemas":["app*"],)"
      R"("partitions":"full"})");
  const auto back = dw::parse_scope_text(text);
  REQUIRE(back);
  CHECK(dw::scope_text(*back) == text);
  CHECK(dw::scope_text(dw::WatchScope{}) ==
        R"({"exclude_kinds":[],"exclude_objects":[],"exclude_schemas":[],"include_objects":[],)"
        R"("include_schemas":[],"partitions":"fold"})");
}

TEST_CASE("watch scope: text that is not a scope is refused, not guessed") {
  CHECK_FALSE(dw::parse_scope_text(""));
  CHECK_FALSE(dw::parse_scope_text("[]"));
  CHECK_FALSE(dw::parse_scope_text(R"({"partitions":"fold"})"));
  CHECK_FALSE(dw::parse_scope_text(
      R"({"exclude_kinds":["no_such_kind"],"exclude_objects":[],"exclude_schemas":[],)"
      R"("include_objects":[],"include_schemas":[],"partitions":"fold"})"));
}

TEST_CASE("watch scope: objects a new rule excludes are forgotten, not removed") {
  const schema::Snapshot stored(
      {table("users"), column("users", "id"), table("tmp_x"), column("tmp_x", "a")});
  const schema::Snapshot live({table("users"), column("users", "id")});
  const auto seen = dw::rescope(stored, stored, dw::WatchScope{}, excluding("public.tmp_*"), live);
  const std::vector<std::string> kept{"table:public.users", "column:public.users.id"};
  CHECK(identities(seen.baseline) == kept);
  CHECK(identities(seen.live) == kept);
  CHECK(seen.no_longer_watched == 2);
  CHECK(seen.newly_watched == 0);
}

TEST_CASE("watch scope: objects a dropped rule lets in are taken as they are") {
  const schema::Snapshot stored({table("users")});
  const schema::Snapshot live({table("users"), table("tmp_x", "someone"), column("tmp_x", "a")});
  const auto seen = dw::rescope(stored, stored, excluding("public.tmp_*"), dw::WatchScope{}, live);
  CHECK(seen.newly_watched == 2);
  CHECK(seen.no_longer_watched == 0);
  CHECK(identities(seen.live) == identities(live));
  CHECK(identities(seen.baseline) == identities(live));
  REQUIRE(seen.baseline.find(table("tmp_x").key) != nullptr);
  CHECK(seen.baseline.find(table("tmp_x").key)->attributes == table("tmp_x", "someone").attributes);
}

TEST_CASE("watch scope: objects both scopes watch keep their stored shape and drift") {
  // users.email was dropped by hand before: drift the new rules must not hide.
  const schema::Snapshot baseline({table("users"), column("users", "email"), table("tmp_x")});
  const schema::Snapshot stored({table("users", "intruder"), table("tmp_x")});
  const schema::Snapshot live({table("users", "intruder")});
  const auto seen =
      dw::rescope(baseline, stored, dw::WatchScope{}, excluding("public.tmp_*"), live);
  CHECK(identities(seen.baseline) ==
        std::vector<std::string>{"table:public.users", "column:public.users.email"});
  CHECK(seen.baseline.find(table("users").key)->attributes == table("users").attributes);
  CHECK(seen.live.find(table("users").key)->attributes == table("users", "intruder").attributes);
}

TEST_CASE("watch scope: a change of partition folding takes what appeared or went") {
  dw::WatchScope folded;
  dw::WatchScope full;
  full.fold_partitions = false;
  const schema::Snapshot baseline({table("events"), table("gone_before")});
  const schema::Snapshot stored({table("events")});
  const schema::Snapshot live({table("events"), table("events_2026"), column("events_2026", "id")});
  const auto seen = dw::rescope(baseline, stored, folded, full, live);
  CHECK(seen.newly_watched == 2);
  CHECK(seen.no_longer_watched == 0);
  // gone_before was already drift (dropped earlier): it stays in the baseline.
  CHECK(identities(seen.baseline) ==
        std::vector<std::string>{"table:public.events", "table:public.events_2026",
                                 "table:public.gone_before", "column:public.events_2026.id"});
  const auto back = dw::rescope(seen.baseline, live, full, folded, stored);
  CHECK(back.no_longer_watched == 2);
  CHECK(identities(back.live) == std::vector<std::string>{"table:public.events"});
}
