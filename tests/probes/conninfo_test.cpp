// Tests the session conninfo (pinned settings, the user's DSN kept) and secret-free descriptions.
#include "probes/conninfo.h"

#include <catch2/catch.hpp>

#include <map>
#include <stdexcept>
#include <string>

using namespace driftwatch::probes;
using namespace std::chrono_literals;

namespace {

// Reads conninfo text as libpq does for what session_conninfo writes:
// keyword=value pairs, values bare or in single quotes with backslash escapes.
std::map<std::string, std::string> parse_conninfo(const std::string& text) {
  std::map<std::string, std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    const auto eq = text.find('=', i);
    if (eq == std::string::npos) throw std::logic_error("no '=' in conninfo: " + text);
    const std::string keyword = text.substr(i, eq - i);
    i = eq + 1;
    std::string value;
    if (i < text.size() && text[i] == '\'') {
      for (++i; i < text.size() && text[i] != '\''; ++i) {
        if (text[i] == '\\') ++i;
        if (i < text.size()) value += text[i];
      }
      if (i >= text.size()) throw std::logic_error("unterminated value in conninfo: " + text);
      ++i;
    } else {
      while (i < text.size() && text[i] != ' ') value += text[i++];
    }
    out[keyword] = value;
  }
  return out;
}

SessionLimits test_limits() {
  SessionLimits limits;
  limits.statement_timeout = 5000ms;
  limits.lock_timeout = 250ms;
  limits.idle_in_transaction_timeout = 90s;
  limits.connect_timeout = 7s;
  return limits;
}

}  // namespace

TEST_CASE("conninfo: the session runs read-only with the limits as options", "[probes]") {
  auto values =
      parse_conninfo(session_conninfo("host=db password=s3cret dbname=app", test_limits()));
  const auto& options = values["options"];
  CHECK_THAT(options, Catch::Contains("-c default_transaction_read_only=on"));
  CHECK_THAT(options, Catch::Contains("-c statement_timeout=5000ms"));
  CHECK_THAT(options, Catch::Contains("-c lock_timeout=250ms"));
  CHECK_THAT(options, Catch::Contains("-c idle_in_transaction_session_timeout=90000ms"));
  CHECK(values["connect_timeout"] == "7");
}

TEST_CASE("conninfo: output formats and search_path are pinned, jit is off", "[probes]") {
  auto values = parse_conninfo(session_conninfo("host=db dbname=app", SessionLimits{}));
  const auto& options = values["options"];
  CHECK_THAT(options, Catch::Contains("-c search_path=pg_catalog"));
  CHECK_THAT(options, Catch::Contains("-c TimeZone=UTC"));
  // A space inside an option value is escaped with a backslash.
  CHECK_THAT(options, Catch::Contains("-c DateStyle=ISO,\\ YMD"));
  CHECK_THAT(options, Catch::Contains("-c jit=off"));
  CHECK_THAT(options, Catch::StartsWith("-c "));
  CHECK(values["connect_timeout"] == "10");
}

TEST_CASE("conninfo: the user's DSN is kept, with application name and encoding set", "[probes]") {
  auto values =
      parse_conninfo(session_conninfo("host=db port=5433 password=s3cret dbname=app user=watcher "
                                      "application_name=mine connect_timeout=3",
                                      test_limits()));
  CHECK(values["host"] == "db");
  CHECK(values["port"] == "5433");
  CHECK(values["dbname"] == "app");
  CHECK(values["user"] == "watcher");
  // The password is needed to connect; it is only never shown.
  CHECK(values["password"] == "s3cret");
  CHECK(values["application_name"] == "driftwatch");
  CHECK(values["client_encoding"] == "UTF8");
  CHECK(values["connect_timeout"] == "3");
}

TEST_CASE("conninfo: the user's own options come first and are kept", "[probes]") {
  auto values =
      parse_conninfo(session_conninfo("host=db options='-c work_mem=64MB'", SessionLimits{}));
  CHECK_THAT(values["options"],
             Catch::StartsWith("-c work_mem=64MB -c default_transaction_read_only=on"));
}

TEST_CASE("conninfo: values with quotes and backslashes survive quoting", "[probes]") {
  auto values =
      parse_conninfo(session_conninfo(R"(host=db password='it\'s a \\ secret')", SessionLimits{}));
  CHECK(values["password"] == R"(it's a \ secret)");
}

TEST_CASE("conninfo: a URI DSN works like key=value", "[probes]") {
  auto values = parse_conninfo(session_conninfo("postgresql://u:pw@h:5433/db", SessionLimits{}));
  CHECK(values["host"] == "h");
  CHECK(values["port"] == "5433");
  CHECK(values["dbname"] == "db");
  CHECK(values["user"] == "u");
  CHECK(values["password"] == "pw");
  CHECK_THAT(values["options"], Catch::Contains("-c default_transaction_read_only=on"));
}

TEST_CASE("conninfo: an empty DSN leaves everything else to libpq's defaults", "[probes]") {
  auto values = parse_conninfo(session_conninfo("", SessionLimits{}));
  CHECK(values.count("host") == 0);
  CHECK(values.count("dbname") == 0);
  CHECK(values["application_name"] == "driftwatch");
}

TEST_CASE("conninfo: a malformed DSN throws without echoing its text", "[probes]") {
  CHECK_THROWS_AS(session_conninfo("host=x secretword", SessionLimits{}), std::invalid_argument);
  try {
    (void)session_conninfo("host=x secretword", SessionLimits{});
    FAIL("a keyword without a value was accepted");
  } catch (const std::invalid_argument& error) {
    CHECK_THAT(error.what(), !Catch::Contains("secretword"));
    CHECK_THAT(error.what(), Catch::Contains("not valid"));
  }
  try {
    (void)session_conninfo("host=x passwort=hunter2", SessionLimits{});
    FAIL("an unknown keyword was accepted");
  } catch (const std::invalid_argument& error) {
    CHECK_THAT(error.what(), !Catch::Contains("hunter2"));
    CHECK_THAT(error.what(), !Catch::Contains("passwort"));
  }
  try {
    (void)session_conninfo("postgresql://u:pa%zzword@h/db", SessionLimits{});
    FAIL("a bad percent escape was accepted");
  } catch (const std::invalid_argument& error) {
    CHECK_THAT(error.what(), !Catch::Contains("zzword"));
  }
}

TEST_CASE("conninfo: describe_dsn shows where, never the password", "[probes]") {
  CHECK(describe_dsn("host=db1 password=s3cret dbname=app user=watcher port=5432") ==
        "host=db1 port=5432 dbname=app user=watcher");
  CHECK(describe_dsn("postgresql://u:pw@h:5433/db") == "host=h port=5433 dbname=db user=u");
  CHECK(describe_dsn("service=prod options='-c work_mem=1GB'") == "service=prod");
  CHECK_THAT(describe_dsn("host=db password=s3cret"), !Catch::Contains("s3cret"));
}

TEST_CASE("conninfo: describe_dsn of an empty or secret-only DSN names libpq's defaults",
          "[probes]") {
  CHECK(describe_dsn("") == "(libpq defaults)");
  CHECK(describe_dsn("password=s3cret") == "(libpq defaults)");
}

TEST_CASE("conninfo: describe_dsn of a malformed DSN does not echo it", "[probes]") {
  CHECK(describe_dsn("host=x secretword") == "(unparsable connection string)");
}

TEST_CASE("conninfo: a session is checked to run with every setting asked for", "[probes]") {
  const auto asked = session_settings(test_limits());
  // As pg_settings shows them: durations in milliseconds, without a unit.
  std::map<std::string, std::string> actual;
  for (const auto& [name, value] : asked) {
    actual[name] = value.ends_with("ms") ? value.substr(0, value.size() - 2) : value;
  }
  CHECK(settings_not_taken(asked, actual).empty());

  SECTION("a timeout a pooler dropped is named, with both values") {
    actual["lock_timeout"] = "0";
    CHECK(settings_not_taken(asked, actual) == "lock_timeout is 0, not 250ms");
  }
  SECTION("a setting missing altogether is named") {
    actual.erase("default_transaction_read_only");
    CHECK(settings_not_taken(asked, actual) == "default_transaction_read_only is not set");
  }
  SECTION("the output formats count too") {
    actual["TimeZone"] = "Europe/Paris";
    CHECK(settings_not_taken(asked, actual) == "TimeZone is Europe/Paris, not UTC");
  }
}
