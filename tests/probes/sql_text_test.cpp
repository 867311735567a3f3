// Tests PostgreSQL's text conventions reproduced client-side: quoting, array literals, options.
#include "probes/sql_text.h"

#include <catch2/catch.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

using namespace driftwatch::probes;

namespace {

const KeywordSet kKeywords{"user", "order", "select", "on"};

using Elements = std::vector<std::optional<std::string>>;

}  // namespace

TEST_CASE("sql text: plain lower-case names that are not keywords stay unquoted", "[probes]") {
  CHECK(quote_ident("users", kKeywords) == "users");
  CHECK(quote_ident("_private", kKeywords) == "_private");
  CHECK(quote_ident("order_items2", kKeywords) == "order_items2");
  // Only whole-name matches are keywords.
  CHECK(quote_ident("users_order", kKeywords) == "users_order");
}

TEST_CASE("sql text: keywords and names that are not plain are quoted", "[probes]") {
  CHECK(quote_ident("user", kKeywords) == "\"user\"");
  CHECK(quote_ident("order", kKeywords) == "\"order\"");
  CHECK(quote_ident("select", kKeywords) == "\"select\"");
  CHECK(quote_ident("Users", kKeywords) == "\"Users\"");
  CHECK(quote_ident("my table", kKeywords) == "\"my table\"");
  CHECK(quote_ident("1st", kKeywords) == "\"1st\"");
  // PostgreSQL's quote_ident() quotes '$' although identifiers may contain it.
  CHECK(quote_ident("a$b", kKeywords) == "\"a$b\"");
  CHECK(quote_ident("with-dash", kKeywords) == "\"with-dash\"");
  CHECK(quote_ident("", kKeywords) == "\"\"");
}

TEST_CASE("sql text: double quotes inside a quoted name are doubled", "[probes]") {
  CHECK(quote_ident("say \"hi\"", kKeywords) == "\"say \"\"hi\"\"\"");
  CHECK(quote_ident("\"", kKeywords) == "\"\"\"\"");
}

TEST_CASE("sql text: the keyword set decides what is quoted", "[probes]") {
  CHECK(quote_ident("user", KeywordSet{}) == "user");
  CHECK(quote_ident("users", KeywordSet{"users"}) == "\"users\"");
}

TEST_CASE("sql text: qualified names quote each part on its own", "[probes]") {
  CHECK(quote_qualified("app", "users", kKeywords) == "app.users");
  CHECK(quote_qualified("app", "order", kKeywords) == "app.\"order\"");
  CHECK(quote_qualified("My App", "Odd.Name", kKeywords) == "\"My App\".\"Odd.Name\"");
}

TEST_CASE("sql text: visible names are bare in pg_catalog and qualified elsewhere", "[probes]") {
  CHECK(visible_name("pg_catalog", "text_pattern_ops", kKeywords) == "text_pattern_ops");
  CHECK(visible_name("pg_catalog", "C", kKeywords) == "\"C\"");
  CHECK(visible_name("app", "german", kKeywords) == "app.german");
  CHECK(visible_name("public", "user", kKeywords) == "public.\"user\"");
  // Only pg_catalog is on driftwatch's search_path, not public.
  CHECK(visible_name("public", "x", kKeywords) == "public.x");
}

TEST_CASE("sql text: empty and simple array literals", "[probes]") {
  CHECK(parse_text_array("{}").empty());
  CHECK(parse_text_array("{a,b}") == Elements{"a", "b"});
  CHECK(parse_text_array("{fillfactor=70}") == Elements{"fillfactor=70"});
  CHECK(parse_text_array("{\"\"}") == Elements{""});
}

TEST_CASE("sql text: quoted array elements keep commas, spaces, quotes and backslashes",
          "[probes]") {
  CHECK(parse_text_array(R"({"a,b","c d","say \"hi\"","back\\slash",plain})") ==
        Elements{"a,b", "c d", "say \"hi\"", "back\\slash", "plain"});
  CHECK(parse_text_array(R"({"{braces}"})") == Elements{"{braces}"});
}

TEST_CASE("sql text: unquoted NULL is a null element, a quoted one is text", "[probes]") {
  CHECK(parse_text_array(R"({NULL,"NULL",x})") == Elements{std::nullopt, "NULL", "x"});
  CHECK(parse_text_array_values(R"({NULL,"NULL",x})") == std::vector<std::string>{"NULL", "x"});
  CHECK(parse_text_array_values("{NULL}").empty());
}

TEST_CASE("sql text: malformed array literals throw std::invalid_argument", "[probes]") {
  CHECK_THROWS_AS(parse_text_array(""), std::invalid_argument);
  CHECK_THROWS_AS(parse_text_array("a,b"), std::invalid_argument);
  CHECK_THROWS_AS(parse_text_array("{a,b"), std::invalid_argument);
  CHECK_THROWS_AS(parse_text_array("{\"unterminated}"), std::invalid_argument);
  CHECK_THROWS_AS(parse_text_array("{\"a\"b}"), std::invalid_argument);
}

TEST_CASE("sql text: number vectors split on spaces or on a given separator", "[probes]") {
  CHECK(parse_number_vector("1 3 0") == std::vector<long long>{1, 3, 0});
  CHECK(parse_number_vector("16384") == std::vector<long long>{16384});
  CHECK(parse_number_vector("").empty());
  CHECK(parse_number_vector("1,3", ',') == std::vector<long long>{1, 3});
  CHECK(parse_number_vector("-1 2") == std::vector<long long>{-1, 2});
}

TEST_CASE("sql text: storage options print values as literals unless they are plain identifiers",
          "[probes]") {
  CHECK(render_options({"fillfactor=70"}, kKeywords) == "fillfactor='70'");
  CHECK(render_options({"autovacuum_enabled=false"}, kKeywords) == "autovacuum_enabled=false");
  CHECK(render_options({"fillfactor=70", "autovacuum_enabled=false"}, kKeywords) ==
        "fillfactor='70', autovacuum_enabled=false");
  CHECK(render_options({}, kKeywords).empty());
}

TEST_CASE("sql text: option values that are keywords or need quoting are quoted literals",
          "[probes]") {
  // "on" is in the keyword set, so quote_ident("on") would quote it.
  CHECK(render_options({"deduplicate_items=on"}, kKeywords) == "deduplicate_items='on'");
  CHECK(render_options({"deduplicate_items=on"}, KeywordSet{}) == "deduplicate_items=on");
  // On a real server "false" is a reserved keyword; then it is quoted too.
  CHECK(render_options({"autovacuum_enabled=false"}, KeywordSet{"false"}) ==
        "autovacuum_enabled='false'");
  CHECK(render_options({"note=it's here"}, kKeywords) == "note='it''s here'");
  CHECK(render_options({"Odd=x"}, kKeywords) == "\"Odd\"=x");
}

TEST_CASE("sql text: string literals double their single quotes", "[probes]") {
  CHECK(quote_literal("paid") == "'paid'");
  CHECK(quote_literal("it's") == "'it''s'");
  CHECK(quote_literal("''") == "''''''");
  CHECK(quote_literal("") == "''");
}

TEST_CASE("sql text: join puts the separator between parts only", "[probes]") {
  CHECK(join({}, ", ").empty());
  CHECK(join({"a"}, ", ") == "a");
  CHECK(join({"a", "b", "c"}, ", ") == "a, b, c");
  CHECK(join({"x", "y"}, "\n") == "x\ny");
}
