// Tests line_diff: kept, added and removed lines of two texts, in order.
#include "probes/schema/line_diff.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace schema = driftwatch::schema;
using Lines = std::vector<std::string>;

namespace {

// The lines of `after` rebuilt from a diff: kept and added lines without their prefix.
std::string rebuild(const Lines& diff, char skip) {
  std::string out;
  bool first = true;
  for (const auto& line : diff) {
    if (line[0] == skip) continue;
    if (!first) out += '\n';
    out += line.substr(2);
    first = false;
  }
  return out;
}

}  // namespace

TEST_CASE("line_diff: identical texts give only kept lines", "[schema]") {
  CHECK(schema::line_diff("a\nb\nc", "a\nb\nc") == Lines{"  a", "  b", "  c"});
  CHECK(schema::line_diff("one line", "one line") == Lines{"  one line"});
  CHECK(schema::line_diff("", "") == Lines{"  "});
}

TEST_CASE("line_diff: an added line is prefixed \"+ \"", "[schema]") {
  CHECK(schema::line_diff("BEGIN\nEND", "BEGIN\n  PERFORM 1;\nEND") ==
        Lines{"  BEGIN", "+   PERFORM 1;", "  END"});
  CHECK(schema::line_diff("a", "a\nb") == Lines{"  a", "+ b"});
}

TEST_CASE("line_diff: a removed line is prefixed \"- \"", "[schema]") {
  CHECK(schema::line_diff("a\nb\nc", "a\nc") == Lines{"  a", "- b", "  c"});
  CHECK(schema::line_diff("x\ny", "y") == Lines{"- x", "  y"});
}

TEST_CASE("line_diff: a changed line is shown as one removed and one added line", "[schema]") {
  const auto diff = schema::line_diff("BEGIN\n  RETURN 1;\nEND", "BEGIN\n  RETURN 2;\nEND");
  REQUIRE(diff.size() == 4);
  CHECK(diff.front() == "  BEGIN");
  CHECK(diff.back() == "  END");
  // Removed lines come before the lines that replace them, as in diff -u.
  CHECK(diff[1] == "-   RETURN 1;");
  CHECK(diff[2] == "+   RETURN 2;");
  CHECK(schema::line_diff("a", "b") == Lines{"- a", "+ b"});
}

TEST_CASE("line_diff: the common lines are kept and both texts can be rebuilt", "[schema]") {
  const std::string before =
      "SELECT id,\n       name,\n       email,\n       fax\nFROM users\nWHERE active";
  const std::string after = "SELECT id,\n       email,\n       phone\nFROM users\nORDER BY id";
  const auto diff = schema::line_diff(before, after);
  CHECK(rebuild(diff, '-') == after);
  CHECK(rebuild(diff, '+') == before);
  std::size_t kept = 0;
  for (const auto& line : diff) {
    REQUIRE(line.size() >= 2);
    CHECK((line.starts_with("  ") || line.starts_with("+ ") || line.starts_with("- ")));
    if (line.starts_with("  ")) ++kept;
  }
  // SELECT id, / email, / FROM users form the longest common subsequence.
  CHECK(kept == 3);
}

TEST_CASE("line_diff: a final newline ends the last line rather than adding an empty one",
          "[schema]") {
  CHECK(schema::line_diff("a\n", "a") == Lines{"  a"});
  CHECK(schema::line_diff("a\nb\n", "a\nc\n") == Lines{"  a", "- b", "+ c"});
  CHECK(schema::line_diff("a\n\n", "a\n") == Lines{"  a", "- "});
  CHECK(schema::line_diff("", "a") == Lines{"- ", "+ a"});
}
