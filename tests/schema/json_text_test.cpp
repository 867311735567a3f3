// Tests append_json_string against nlohmann::json and its handling of invalid UTF-8.
#include "probes/schema/json_text.h"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace schema = driftwatch::schema;
using namespace std::string_literals;

namespace {

const std::string kReplacement = "\xEF\xBF\xBD";

std::string json_string(std::string_view value) {
  std::string out;
  schema::append_json_string(out, value);
  return out;
}

}  // namespace

TEST_CASE("json_text: valid UTF-8 is written exactly as nlohmann::json dumps it", "[schema]") {
  std::vector<std::string> values{
      "",
      "plain ascii",
      "say \"hi\"",
      "back\\slash \\\\ \\n",
      "/slash/ is not escaped",
      "tab\there\nnew line\r\n",
      "\b\f",
      "\x7f delete",
      "caf\xC3\xA9",
      "\xE2\x82\xAC euro, \xE4\xB8\xAD\xE6\x96\x87",
      "\xF0\x9F\x98\x80 emoji \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD",
      "\xC2\x80 \xDF\xBF \xE0\xA0\x80 \xED\x9F\xBF \xEE\x80\x80 \xEF\xBF\xBF",
      "\xF0\x90\x80\x80 \xF4\x8F\xBF\xBF",
      "\0 nul"s,
      "mixed \"\xC3\xA9\"\t\\\x01",
  };
  std::string controls;
  for (int c = 0; c < 0x20; ++c) {
    controls += static_cast<char>(c);
    values.emplace_back(1, static_cast<char>(c));
  }
  values.push_back(controls);
  for (const auto& value : values) {
    INFO("value " << nlohmann::json(value).dump(-1, ' ', true));
    CHECK(json_string(value) == nlohmann::json(value).dump());
  }
}

TEST_CASE("json_text: control characters use short escapes or lower-case \\u00XX", "[schema]") {
  CHECK(json_string("\x01") == "\"\\u0001\"");
  CHECK(json_string("\x1f") == "\"\\u001f\"");
  CHECK(json_string("\n\t\"") == "\"\\n\\t\\\"\"");
  CHECK(json_string("\x7f") == "\"\x7f\"");
}

TEST_CASE("json_text: the string is appended to what is already there", "[schema]") {
  std::string out = "{\"k\":";
  schema::append_json_string(out, "v");
  CHECK(out == "{\"k\":\"v\"");
}

TEST_CASE("json_text: each byte outside a valid UTF-8 sequence becomes U+FFFD", "[schema]") {
  const auto r = kReplacement;
  struct Case {
    std::string input;
    std::string expected_content;
  };
  const std::vector<Case> cases{
      {"\xFF", r},                          // never valid
      {"a\x80z", "a" + r + "z"},            // lone continuation byte
      {"\xC3", r},                          // truncated at the end
      {"\xC3(", r + "("},                   // lead without continuation
      {"\xE2\x82(", r + r + "("},           // truncated 3-byte sequence
      {"\xC0\xAF", r + r},                  // overlong encoding of '/'
      {"\xC1\xBF", r + r},                  // overlong
      {"\xE0\x80\x80", r + r + r},          // overlong 3-byte
      {"\xED\xA0\x80", r + r + r},          // UTF-16 surrogate
      {"\xF0\x80\x80\x80", r + r + r + r},  // overlong 4-byte
      {"\xF4\x90\x80\x80", r + r + r + r},  // beyond U+10FFFF
      {"\xF5\x80\x80\x80", r + r + r + r},  // lead byte never valid
      {"\xF0\x9F\x98", r + r + r},          // truncated emoji
      {"ok \xC3\xA9 \xFE \xE2\x82\xAC", "ok \xC3\xA9 " + r + " \xE2\x82\xAC"},
      {"\x80\"\x01", r + "\\\"\\u0001"},
  };
  for (const auto& c : cases) {
    INFO("input " << nlohmann::json(c.input).dump(-1, ' ', true,
                                                  nlohmann::json::error_handler_t::replace));
    const auto out = json_string(c.input);
    CHECK(out == "\"" + c.expected_content + "\"");
    CHECK_NOTHROW(nlohmann::json::parse(out));  // valid UTF-8, valid JSON
  }
}
