// Tests object identities: quoting of name parts, format/parse round trips and collisions.
#include "probes/schema/identity.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

namespace schema = driftwatch::schema;

namespace {

using Path = std::vector<std::string>;
using Args = std::optional<std::string>;

}  // namespace

TEST_CASE("identity: plain lower-case names stay unquoted", "[schema]") {
  CHECK(schema::quote_identity_part("users") == "users");
  CHECK(schema::quote_identity_part("_private") == "_private");
  CHECK(schema::quote_identity_part("order_items2") == "order_items2");
  CHECK(schema::quote_identity_part("a$b") == "a$b");
  // Keywords are not quoted: an identity must not change with the server release.
  CHECK(schema::quote_identity_part("select") == "select");
}

TEST_CASE("identity: names that are not plain are quoted the SQL way", "[schema]") {
  CHECK(schema::quote_identity_part("Users") == "\"Users\"");
  CHECK(schema::quote_identity_part("my table") == "\"my table\"");
  CHECK(schema::quote_identity_part("a.b") == "\"a.b\"");
  CHECK(schema::quote_identity_part("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(schema::quote_identity_part("\"") == "\"\"\"\"");
  CHECK(schema::quote_identity_part("caf\xC3\xA9") == "\"caf\xC3\xA9\"");
  CHECK(schema::quote_identity_part("1st") == "\"1st\"");
  CHECK(schema::quote_identity_part("$dollar") == "\"$dollar\"");
  CHECK(schema::quote_identity_part("with-dash") == "\"with-dash\"");
  CHECK(schema::quote_identity_part("f(x)") == "\"f(x)\"");
}

TEST_CASE("identity: a path is joined by dots and routines carry their argument types",
          "[schema]") {
  CHECK(schema::format_identity(Path{"app", "users", "email"}) == "app.users.email");
  CHECK(schema::format_identity(Path{"public", "Odd.Name"}) == "public.\"Odd.Name\"");
  CHECK(schema::format_identity(Path{"app", "order_count"}, Args{"bigint, text"}) ==
        "app.order_count(bigint, text)");
  CHECK(schema::format_identity(Path{"app", "now_utc"}, Args{""}) == "app.now_utc()");

  const schema::ObjectKey key{schema::Kind::function, {"App", "f"}, "integer"};
  CHECK(schema::format_identity(key) == "\"App\".f(integer)");
  std::string out = "prefix ";
  schema::append_identity(out, key);
  CHECK(out == "prefix \"App\".f(integer)");
}

TEST_CASE("identity: format and parse round trip for tricky paths", "[schema]") {
  struct Case {
    Path path;
    Args args;
  };
  const std::vector<Case> cases{
      {{"public"}, std::nullopt},
      {{"app", "users"}, std::nullopt},
      {{"app", "users", "email"}, std::nullopt},
      {{"App", "Users", "E-Mail"}, std::nullopt},
      {{"public", "a.b"}, std::nullopt},
      {{"public", "a", "b"}, std::nullopt},
      {{"s", "say \"hi\""}, std::nullopt},
      {{"s", "\"\""}, std::nullopt},
      {{"s", "."}, std::nullopt},
      {{"s", "caf\xC3\xA9"}, std::nullopt},
      {{"s", "1st"}, std::nullopt},
      {{"s", "a$b", "$c"}, std::nullopt},
      {{"s", "with space"}, std::nullopt},
      {{"s", "line\nbreak"}, std::nullopt},
      {{"s", "f(x"}, std::nullopt},
      {{"s", "paren)"}, std::nullopt},
      {{"app", "order_count"}, Args{"integer, text"}},
      {{"app", "now_utc"}, Args{""}},
      {{"App", "F.G"}, Args{"\"Mixed\".type, character varying[]"}},
  };
  for (const auto& c : cases) {
    const std::string text = schema::format_identity(c.path, c.args);
    INFO("identity " << text);
    auto parsed = schema::parse_identity(text);
    REQUIRE(parsed);
    CHECK(parsed->path == c.path);
    CHECK(parsed->args == c.args);
  }
}

TEST_CASE("identity: parse reads quoted parts and argument lists", "[schema]") {
  auto parsed = schema::parse_identity("\"My \"\"T\"\"\".col(integer, text)");
  REQUIRE(parsed);
  CHECK(parsed->path == Path{"My \"T\"", "col"});
  CHECK(parsed->args == Args{"integer, text"});

  auto empty_args = schema::parse_identity("app.f()");
  REQUIRE(empty_args);
  CHECK(empty_args->path == Path{"app", "f"});
  CHECK(empty_args->args == Args{""});

  auto no_args = schema::parse_identity("app.f");
  REQUIRE(no_args);
  CHECK_FALSE(no_args->args.has_value());
}

TEST_CASE("identity: parse rejects malformed input", "[schema]") {
  for (const char* text : {
           "",                  // empty
           "\"abc",             // unterminated quote
           "app.\"abc",         // unterminated quote after a dot
           "\"abc\"",           // quoted but plain: only one spelling is allowed
           "app.\"users\"",     // same, in a later part
           "app.",              // trailing dot
           ".app",              // leading dot
           "app..users",        // empty part
           "App",               // upper case must be quoted
           "1st",               // a leading digit must be quoted
           "my table",          // a space must be quoted
           "\"A\"x",            // text after a closing quote
           "app.f(integer",     // unterminated argument list
           "(integer)",         // arguments without a name
           "app.f(integer) x",  // text after the argument list
       }) {
    INFO("text \"" << text << "\"");
    CHECK_FALSE(schema::parse_identity(text).has_value());
  }
}

TEST_CASE("identity: an empty name, which only a hand-made snapshot can hold, reads back",
          "[schema]") {
  const Path path{"s", ""};
  CHECK(schema::format_identity(path) == "s.\"\"");
  const auto parsed = schema::parse_identity("s.\"\"");
  REQUIRE(parsed.has_value());
  CHECK(parsed->path == path);
}

TEST_CASE("identity: a name with a dot is quoted, so it cannot collide with a path", "[schema]") {
  const schema::ObjectKey dotted{schema::Kind::table, {"public", "a.b"}, std::nullopt};
  const schema::ObjectKey nested{schema::Kind::column, {"public", "a", "b"}, std::nullopt};
  CHECK(schema::format_identity(dotted) != schema::format_identity(nested));
}

TEST_CASE("identity: identities of distinct keys never collide", "[schema]") {
  const std::vector<std::pair<Path, Args>> keys{
      {{"public", "a.b"}, std::nullopt},
      {{"public", "a", "b"}, std::nullopt},
      {{"public.a", "b"}, std::nullopt},
      {{"public.a.b"}, std::nullopt},
      {{"public", "A"}, std::nullopt},
      {{"public", "\"A\""}, std::nullopt},
      {{"public", "a\"", "b"}, std::nullopt},
      {{"public", "a\".\"b"}, std::nullopt},
      {{"public", "f"}, Args{""}},
      {{"public", "f()"}, std::nullopt},
      {{"public", "f"}, Args{"integer"}},
      {{"public", "f(integer)"}, std::nullopt},
      {{"public", "f"}, std::nullopt},
  };
  std::set<std::string> seen;
  for (const auto& [path, args] : keys) {
    const auto text = schema::format_identity(path, args);
    INFO("identity " << text);
    CHECK(seen.insert(text).second);
  }
}
