// Tests driftwatch.toml parsing: values, defaults, the example file, and that
// every mistake is reported with its file, line and key.
#include "config/config.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/temp_folder.h"

using Catch::Contains;
using Catch::StartsWith;
using driftwatch::config::Config;
using driftwatch::config::ConfigError;
using driftwatch::config::DaemonSettings;
using driftwatch::config::load_config;
using driftwatch::config::LogFormat;
using driftwatch::config::parse_config;
using driftwatch::ledgers::Framework;
using driftwatch::schema::Kind;
using driftwatch::test::TempFolder;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

Config parse(std::string_view text) { return parse_config(text, "driftwatch.toml"); }

std::string error_of(std::string_view text) {
  try {
    parse(text);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("an empty file gives the defaults and no targets") {
  const auto config = parse("");
  const DaemonSettings defaults;
  CHECK(config.path == "driftwatch.toml");
  CHECK(config.daemon.state_dir == "/var/lib/driftwatch");
  CHECK(config.daemon.interval == seconds(60));
  CHECK(config.daemon.jitter == defaults.jitter);
  CHECK(config.daemon.concurrency == 4);
  CHECK(config.daemon.poll_timeout == seconds(60));
  CHECK(config.daemon.statement_timeout == seconds(10));
  CHECK(config.daemon.lock_timeout == milliseconds(100));
  CHECK(config.daemon.connect_timeout == seconds(10));
  CHECK(config.daemon.shutdown_timeout == seconds(10));
  CHECK(config.daemon.full_check_every == 10);
  CHECK(config.daemon.partial_reads);
  CHECK(config.daemon.events_file == "events.jsonl");
  CHECK(config.http.listen == "127.0.0.1:9762");
  CHECK(config.log.level == "info");
  CHECK(config.log.format == LogFormat::text);
  CHECK(config.targets.empty());
}

TEST_CASE("every daemon, http and log key is read") {
  const auto config = parse(R"(
[daemon]
state_dir = "/srv/dw"
interval = "2m"
jitter = 0.25
concurrency = 8
poll_timeout = 90
statement_timeout = "250ms"
lock_timeout = "50ms"
connect_timeout = "3s"
shutdown_timeout = 0
full_check_every = 3
catalog_read = "whole"
events_file = ""
[http]
listen = "[::1]:9100"
[log]
level = "debug"
format = "json"
)");
  CHECK(config.daemon.state_dir == "/srv/dw");
  CHECK(config.daemon.interval == minutes(2));
  CHECK(config.daemon.jitter == 0.25);
  CHECK(config.daemon.concurrency == 8);
  CHECK(config.daemon.poll_timeout == seconds(90));
  CHECK(config.daemon.statement_timeout == milliseconds(250));
  CHECK(config.daemon.lock_timeout == milliseconds(50));
  CHECK(config.daemon.connect_timeout == seconds(3));
  CHECK(config.daemon.shutdown_timeout == milliseconds(0));
  CHECK(config.daemon.full_check_every == 3);
  CHECK_FALSE(config.daemon.partial_reads);
  CHECK(config.daemon.events_file.empty());
  CHECK(config.http.listen == "[::1]:9100");
  CHECK(config.log.level == "debug");
  CHECK(config.log.format == LogFormat::json);
}

TEST_CASE("every target key is read") {
  const auto config = parse(R"([[target]]
name = "app.eu-1"
service = "app"
interval = "30s"
include_schemas = ["public", "app_*"]
exclude_schemas = ["tmp"]
include_objects = ["table:public.*", "public.orders"]
exclude_objects = ["index:*_old"]
exclude_kinds = ["policy", "enum"]
partitions = "full"
ledgers = ["knex=app.knex_log", "flyway=history"]
migrations_dirs = ["prisma=/srv/app/prisma/migrations", "/srv/app/db", "x=y"]
labels = { team = "billing", _env2 = "prod" }
)");
  REQUIRE(config.targets.size() == 1);
  const auto& target = config.targets[0];
  CHECK(target.name == "app.eu-1");
  CHECK(target.line == 1);
  CHECK(target.connection.service == "app");
  CHECK(target.connection.dsn.empty());
  CHECK(target.interval == seconds(30));
  CHECK(target.filter.include_schemas == std::vector<std::string>{"public", "app_*"});
  CHECK(target.filter.exclude_schemas == std::vector<std::string>{"tmp"});
  REQUIRE(target.filter.include_objects.size() == 2);
  CHECK(target.filter.include_objects[0].kind == Kind::table);
  CHECK(target.filter.include_objects[0].glob == "public.*");
  CHECK_FALSE(target.filter.include_objects[1].kind.has_value());
  CHECK(target.filter.include_objects[1].glob == "public.orders");
  REQUIRE(target.filter.exclude_objects.size() == 1);
  CHECK(target.filter.exclude_objects[0].kind == Kind::index);
  CHECK(target.filter.exclude_kinds == std::vector<Kind>{Kind::policy, Kind::enum_type});
  CHECK_FALSE(target.fold_partitions);
  REQUIRE(target.ledgers.size() == 2);
  CHECK(target.ledgers[0].framework == Framework::knex);
  CHECK(target.ledgers[0].schema == "app");
  CHECK(target.ledgers[0].table == "knex_log");
  CHECK(target.ledgers[1].schema.empty());
  REQUIRE(target.migrations_dirs.size() == 3);
  CHECK(target.migrations_dirs[0].framework == Framework::prisma);
  CHECK(target.migrations_dirs[0].path == "/srv/app/prisma/migrations");
  CHECK_FALSE(target.migrations_dirs[1].framework.has_value());
  CHECK(target.migrations_dirs[1].path == "/srv/app/db");
  // As with --migrations-dir, a prefix that names no framework is part of the path.
  CHECK(target.migrations_dirs[2].path == "x=y");
  CHECK(target.labels ==
        std::map<std::string, std::string>{{"team", "billing"}, {"_env2", "prod"}});
}

TEST_CASE("a target's defaults") {
  const auto config = parse("[[target]]\nname = \"a\"\n");
  const auto& target = config.targets.at(0);
  CHECK(target.connection.dsn.empty());
  CHECK(target.connection.dsn_env.empty());
  CHECK(target.connection.dsn_file.empty());
  CHECK(target.connection.service.empty());
  CHECK(target.filter.empty());
  CHECK(target.fold_partitions);
  CHECK(target.ledgers.empty());
  CHECK(target.migrations_dirs.empty());
  CHECK(target.labels.empty());
}

TEST_CASE("a target's interval defaults to the daemon's, wherever [daemon] is") {
  const auto config = parse(R"([[target]]
name = "a"
[[target]]
name = "b"
interval = 15
[daemon]
interval = "5m"
)");
  CHECK(config.targets.at(0).interval == minutes(5));
  CHECK(config.targets.at(1).interval == seconds(15));
  CHECK(config.targets.at(1).line == 3);
  CHECK(parse("[[target]]\nname = \"a\"").targets.at(0).interval == seconds(60));
}

TEST_CASE("the connection comes from one source") {
  CHECK(parse("[[target]]\nname = \"a\"\ndsn = \"dbname=x\"").targets[0].connection.dsn ==
        "dbname=x");
  CHECK(parse("[[target]]\nname = \"a\"\ndsn_env = \"DB_URL\"").targets[0].connection.dsn_env ==
        "DB_URL");
  CHECK(parse("[[target]]\nname = \"a\"\ndsn_file = \"/run/x\"").targets[0].connection.dsn_file ==
        "/run/x");
  REQUIRE_THROWS_WITH(parse("[[target]]\nname = \"a\"\ndsn = \"dbname=x\"\ndsn_env = \"U\"\n"),
                      StartsWith("driftwatch.toml:4: target \"a\": dsn_env: cannot be combined "
                                 "with dsn"));
  REQUIRE_THROWS_WITH(
      parse("[[target]]\nname = \"a\"\nservice = \"s\"\ndsn_file = \"/f\"\n"),
      StartsWith("driftwatch.toml:4: target \"a\": dsn_file: cannot be combined with service"));
  REQUIRE_THROWS_WITH(parse("[[target]]\nname = \"a\"\ndsn_env = \"1BAD\"\n"),
                      Contains(":3: target \"a\": dsn_env: \"1BAD\" is not an environment "
                               "variable name"));
  REQUIRE_THROWS_WITH(parse("[[target]]\nname = \"a\"\nservice = \"\"\n"),
                      Contains(":3: target \"a\": service: must not be empty"));
}

TEST_CASE("errors never show a dsn's value") {
  const std::string conflict =
      error_of("[[target]]\nname = \"a\"\ndsn = \"password=hunter2\"\ndsn_env = \"X\"\n");
  CHECK_THAT(conflict, Contains("driftwatch.toml:4:"));
  CHECK_THAT(conflict, !Contains("hunter2"));
  const std::string wrong_type = error_of("[[target]]\nname = \"a\"\ndsn = [\"password=hunter2\"]");
  CHECK_THAT(wrong_type,
             StartsWith("driftwatch.toml:3: target \"a\": dsn: expected a string, got an array"));
  CHECK_THAT(wrong_type, !Contains("hunter2"));
  const std::string misspelt = error_of("[[target]]\nname = \"a\"\ndns = \"password=hunter2\"");
  CHECK_THAT(misspelt, Contains(":3: target \"a\": unknown key \"dns\""));
  CHECK_THAT(misspelt, !Contains("hunter2"));
  REQUIRE_THROWS_WITH(parse("[[target]]\nname = \"a\"\ndsn = \"\""),
                      Contains(":3: target \"a\": dsn: must not be empty"));
}

TEST_CASE("the example configuration parses and documents every key") {
  const auto config = load_config(DRIFTWATCH_EXAMPLE_CONFIG);
  CHECK(config.path == DRIFTWATCH_EXAMPLE_CONFIG);
  const DaemonSettings defaults;
  CHECK(config.daemon.interval == defaults.interval);
  CHECK(config.daemon.concurrency == defaults.concurrency);
  CHECK(config.http.listen == "127.0.0.1:9762");
  CHECK(config.log.level == "info");
  REQUIRE(config.targets.size() == 2);

  const auto* billing = config.find_target("billing");
  REQUIRE(billing != nullptr);
  CHECK(billing->connection.dsn == "host=db1.internal dbname=billing user=driftwatch");
  CHECK(billing->interval == minutes(5));
  CHECK(billing->filter.exclude_schemas == std::vector<std::string>{"pg_temp*", "scratch"});
  REQUIRE(billing->filter.exclude_objects.size() == 2);
  CHECK(billing->filter.exclude_objects[1].kind == Kind::index);
  CHECK(billing->filter.exclude_kinds == std::vector<Kind>{Kind::policy});
  CHECK(billing->fold_partitions);
  CHECK(billing->labels.at("team") == "payments");

  const auto* app = config.find_target("app-eu");
  REQUIRE(app != nullptr);
  CHECK(app->connection.dsn_file == "/run/credentials/driftwatch.service/app-eu-dsn");
  CHECK(app->interval == minutes(2));
  REQUIRE(app->ledgers.size() == 1);
  CHECK(app->ledgers[0].framework == Framework::flyway);
  CHECK(app->ledgers[0].schema == "app");
  REQUIRE(app->migrations_dirs.size() == 1);
  CHECK(app->migrations_dirs[0].framework == Framework::flyway);

  std::ifstream in(DRIFTWATCH_EXAMPLE_CONFIG);
  std::stringstream text;
  text << in.rdbuf();
  for (const char* key : {"state_dir",
                          "interval",
                          "jitter",
                          "concurrency",
                          "poll_timeout",
                          "statement_timeout",
                          "lock_timeout",
                          "connect_timeout",
                          "shutdown_timeout",
                          "full_check_every",
                          "catalog_read",
                          "events_file",
                          "listen",
                          "url",
                          "timeout",
                          "max_backoff",
                          "level",
                          "format",
                          "name",
                          "dsn",
                          "dsn_env",
                          "dsn_file",
                          "service",
                          "include_schemas",
                          "exclude_schemas",
                          "include_objects",
                          "exclude_objects",
                          "exclude_kinds",
                          "partitions",
                          "ledgers",
                          "migrations_dirs",
                          "labels"}) {
    INFO(key);
    CHECK_THAT(text.str(), Contains(std::string("\n") + key + " = ") ||
                               Contains(std::string("\n# ") + key + " = "));
  }
}

TEST_CASE("find_target") {
  const auto config = parse("[[target]]\nname = \"a\"\n[[target]]\nname = \"b\"\n");
  REQUIRE(config.find_target("b") != nullptr);
  CHECK(config.find_target("b")->line == 3);
  CHECK(config.find_target("c") == nullptr);
  CHECK(parse("").find_target("a") == nullptr);
}

TEST_CASE("a TOML syntax error gives file, line and column") {
  REQUIRE_THROWS_AS(parse("[daemon]\ninterval = \n"), ConfigError);
  REQUIRE_THROWS_WITH(parse("[daemon]\ninterval = \n"), StartsWith("driftwatch.toml:2:"));
  REQUIRE_THROWS_WITH(parse("[daemon]\nconcurrency = 4\nconcurrency = 5\n"),
                      StartsWith("driftwatch.toml:3:15: Error while parsing key-value pair: "
                                 "cannot redefine existing integer 'concurrency'"));
}

TEST_CASE("unknown keys are errors, with their line") {
  REQUIRE_THROWS_WITH(parse("\n[deamon]\n"),
                      StartsWith("driftwatch.toml:2: unknown key \"deamon\" (did you mean "
                                 "\"daemon\"?)"));
  REQUIRE_THROWS_WITH(parse("[daemon]\nconcurrency = 2\n\n\n\n\nintervall = \"5s\"\n"),
                      StartsWith("driftwatch.toml:7: [daemon]: unknown key \"intervall\" (did "
                                 "you mean \"interval\"?)"));
  REQUIRE_THROWS_WITH(parse("[http]\nport = 80\n"),
                      StartsWith("driftwatch.toml:2: [http]: unknown key \"port\""));
  REQUIRE_THROWS_WITH(parse("[log]\nlevel = \"info\"\ncolour = true\n"),
                      StartsWith("driftwatch.toml:3: [log]: unknown key \"colour\""));
  REQUIRE_THROWS_WITH(parse("[[target]]\nname = \"db\"\nschemas = [\"a\"]\n"),
                      StartsWith("driftwatch.toml:3: target \"db\": unknown key \"schemas\""));
  REQUIRE_THROWS_WITH(parse("[[target]]\nname = \"db\"\n[target.extra]\nx = 1\n"),
                      StartsWith("driftwatch.toml:3: target \"db\": unknown key \"extra\""));
  REQUIRE_THROWS_WITH(parse("listen = \"x\"\n"), Contains(":1: unknown key \"listen\""));
}

TEST_CASE("tables of the wrong shape") {
  REQUIRE_THROWS_WITH(parse("daemon = 5\n"),
                      StartsWith("driftwatch.toml:1: daemon: expected a table [daemon], got an "
                                 "integer"));
  REQUIRE_THROWS_WITH(parse("[target]\nname = \"a\"\n"),
                      StartsWith("driftwatch.toml:1: target: expected [[target]] tables, got a "
                                 "table"));
  REQUIRE_THROWS_WITH(parse("target = [\"a\"]\n"), Contains("expected [[target]] tables"));
}

TEST_CASE("durations: wrong forms, types and minimums") {
  REQUIRE_THROWS_WITH(parse("[daemon]\ninterval = \"abc\"\n"),
                      StartsWith("driftwatch.toml:2: [daemon]: interval: not a duration: "
                                 "\"abc\""));
  REQUIRE_THROWS_WITH(parse("[daemon]\ninterval = \"500ms\"\n"),
                      StartsWith("driftwatch.toml:2: [daemon]: interval: must be at least 1s"));
  REQUIRE_THROWS_WITH(parse("[daemon]\ninterval = 0\n"), Contains("interval: must be at least 1s"));
  REQUIRE_THROWS_WITH(parse("[daemon]\ninterval = -5\n"),
                      Contains(":2: [daemon]: interval: must not be negative"));
  REQUIRE_THROWS_WITH(parse("[daemon]\ninterval = \"-5s\"\n"),
                      Contains(":2: [daemon]: interval: negative duration"));
  REQUIRE_THROWS_WITH(parse("[daemon]\ninterval = 1.5\n"),
                      Contains(":2: [daemon]: interval: expected a duration such as \"10s\" or an "
                               "integer of seconds, got a float"));
  REQUIRE_THROWS_WITH(parse("[daemon]\ninterval = 9223372036854775807\n"),
                      Contains("interval: is too large"));
  REQUIRE_THROWS_WITH(parse("[daemon]\npoll_timeout = \"10d\"\n"),
                      Contains(":2: [daemon]: poll_timeout: unknown unit \"d\""));
  REQUIRE_THROWS_WITH(parse("[daemon]\nstatement_timeout = \"50ms\"\n"),
                      Contains(":2: [daemon]: statement_timeout: must be at least 100ms"));
  CHECK(parse("[daemon]\nstatement_timeout = \"100ms\"\n").daemon.statement_timeout ==
        milliseconds(100));
  REQUIRE_THROWS_WITH(parse("[daemon]\nlock_timeout = 0\n"),
                      Contains("lock_timeout: must be at least 1ms"));
  REQUIRE_THROWS_WITH(parse("[daemon]\nconnect_timeout = \"999ms\"\n"),
                      Contains("connect_timeout: must be at least 1s"));
  REQUIRE_THROWS_WITH(parse("[[target]]\nname = \"a\"\ninterval = \"10ms\"\n"),
                      StartsWith("driftwatch.toml:3: target \"a\": interval: must be at least 1s"));
}

TEST_CASE("daemon numbers out of range") {
  REQUIRE_THROWS_WITH(parse("[daemon]\nconcurrency = 0\n"),
                      StartsWith("driftwatch.toml:2: [daemon]: concurrency: must be between 1 and "
                                 "64, got 0"));
  REQUIRE_THROWS_WITH(parse("[daemon]\nconcurrency = 65\n"),
                      Contains("concurrency: must be between 1 and 64, got 65"));
  REQUIRE_THROWS_WITH(parse("[daemon]\nconcurrency = \"4\"\n"),
                      Contains(":2: [daemon]: concurrency: expected an integer, got a string"));
  REQUIRE_THROWS_WITH(
      parse("[daemon]\njitter = 1.5\n"),
      StartsWith("driftwatch.toml:2: [daemon]: jitter: must be a fraction between 0 "
                 "and 1"));
  REQUIRE_THROWS_WITH(parse("[daemon]\njitter = -0.1\n"), Contains("jitter: must be a fraction"));
  REQUIRE_THROWS_WITH(parse("[daemon]\njitter = nan\n"), Contains("jitter: must be a fraction"));
  REQUIRE_THROWS_WITH(parse("[daemon]\njitter = \"10%\"\n"),
                      Contains("jitter: expected a number, got a string"));
  CHECK(parse("[daemon]\njitter = 0\n").daemon.jitter == 0.0);
  CHECK(parse("[daemon]\njitter = 1\n").daemon.jitter == 1.0);
  REQUIRE_THROWS_WITH(parse("[daemon]\nfull_check_every = 0\n"),
                      Contains(":2: [daemon]: full_check_every: must be between 1 and"));
  REQUIRE_THROWS_WITH(parse("[daemon]\ncatalog_read = \"some\"\n"),
                      Contains(":2: [daemon]: catalog_read: expected \"partial\" or \"whole\", got "
                               "\"some\""));
  REQUIRE_THROWS_WITH(parse("[daemon]\nstate_dir = \"\"\n"),
                      Contains(":2: [daemon]: state_dir: must not be empty"));
}

TEST_CASE("webhook: an http URL, a timeout and a backoff cap") {
  const auto config = parse(
      "[webhook]\nurl = \"http://127.0.0.1:8080/events\"\ntimeout = \"2s\"\n"
      "max_backoff = \"1m\"\n");
  CHECK(config.webhook.url == "http://127.0.0.1:8080/events");
  CHECK(config.webhook.timeout == std::chrono::seconds(2));
  CHECK(config.webhook.max_backoff == std::chrono::minutes(1));
  CHECK(parse("").webhook.url.empty());
  CHECK_THROWS_WITH(parse("[webhook]\nurl = \"https://example.com/x\"\n"),
                    Contains("driftwatch.toml:2:") && Contains("https is not supported"));
  CHECK_THROWS_WITH(parse("[webhook]\nurl = \"http://\"\n"), Contains("expected http://HOST"));
  CHECK_THROWS_WITH(parse("[webhook]\nretries = 3\n"), Contains("unknown key \"retries\""));
}

TEST_CASE("log level and format") {
  REQUIRE_THROWS_WITH(parse("[log]\nlevel = \"loud\"\n"),
                      StartsWith("driftwatch.toml:2: [log]: level: unknown level \"loud\" "
                                 "(expected trace, debug, info, warn or error)"));
  REQUIRE_THROWS_WITH(parse("[log]\nformat = \"xml\"\n"),
                      StartsWith("driftwatch.toml:2: [log]: format: unknown format \"xml\""));
  for (const char* level : {"trace", "debug", "info", "warn", "error"}) {
    CHECK(parse(std::string("[log]\nlevel = \"") + level + "\"").log.level == level);
  }
}

TEST_CASE("http.listen is HOST:PORT") {
  for (const char* good : {"127.0.0.1:9762", "[::1]:9762", "[::]:0", "0.0.0.0:65535",
                           "localhost:80", "[fe80::1%eth0]:9762", ""}) {
    INFO(good);
    CHECK(parse(std::string("[http]\nlisten = \"") + good + "\"").http.listen == good);
  }
  for (const char* bad :
       {"localhost", "::1:9762", "127.0.0.1:65536", "127.0.0.1:http", ":9762", "[::1]9762", "[]:80",
        "[127.0.0.1]:80", "host name:80", "127.0.0.1:", "127.0.0.1:-1", "127.0.0.1:123456"}) {
    INFO(bad);
    REQUIRE_THROWS_WITH(parse(std::string("[http]\nlisten = \"") + bad + "\""),
                        StartsWith("driftwatch.toml:2: [http]: listen: expected HOST:PORT"));
  }
  REQUIRE_THROWS_WITH(parse("[http]\nlisten = \"::1:9762\"\n"), Contains("[::1]:9762"));
  REQUIRE_THROWS_WITH(parse("[http]\nlisten = 9762\n"),
                      Contains(":2: [http]: listen: expected a string, got an integer"));
}

TEST_CASE("target names") {
  REQUIRE_THROWS_WITH(parse("[[target]]\nname = \"\"\n"),
                      StartsWith("driftwatch.toml:2: [[target]]: name: must not be empty"));
  REQUIRE_THROWS_WITH(parse("[[target]]\nname = \"my db\"\n"),
                      StartsWith("driftwatch.toml:2: [[target]]: name: \"my db\" has characters "
                                 "other than"));
  REQUIRE_THROWS_WITH(parse("[[target]]\nname = \"a/b\"\n"), Contains("has characters other"));
  REQUIRE_THROWS_WITH(parse("\n[[target]]\ndsn = \"x\"\n"),
                      StartsWith("driftwatch.toml:2: [[target]]: name: missing"));
  REQUIRE_THROWS_WITH(parse("[[target]]\nname = 3\n"),
                      Contains(":2: [[target]]: name: expected a string, got an integer"));
}

TEST_CASE("two targets with one name: both lines are given") {
  REQUIRE_THROWS_WITH(parse(R"([[target]]
name = "app"

[[target]]
name = "other"

[[target]]
name = "app"
)"),
                      StartsWith("driftwatch.toml:8: target \"app\": name: already used by the "
                                 "target at line 1"));
}

TEST_CASE("target filter lists") {
  const std::string head = "[[target]]\nname = \"a\"\n";
  REQUIRE_THROWS_WITH(parse(head + "exclude_kinds = [\"table\", \"tables\"]\n"),
                      StartsWith("driftwatch.toml:3: target \"a\": exclude_kinds: unknown kind "
                                 "\"tables\" (known: schema, extension, enum"));
  REQUIRE_THROWS_WITH(parse(head + "include_schemas = \"public\"\n"),
                      Contains(":3: target \"a\": include_schemas: expected an array of strings, "
                               "got a string"));
  REQUIRE_THROWS_WITH(parse(head + "exclude_schemas = [\n  \"a\",\n  1,\n]\n"),
                      Contains(":5: target \"a\": exclude_schemas: expected strings only, got an "
                               "integer"));
  REQUIRE_THROWS_WITH(parse(head + "exclude_objects = [\"\"]\n"),
                      Contains(":3: target \"a\": exclude_objects: an entry is empty"));
  REQUIRE_THROWS_WITH(parse(head + "include_objects = [\"table:\"]\n"),
                      Contains(":3: target \"a\": include_objects: \"table:\" has a kind but no "
                               "pattern"));
  REQUIRE_THROWS_WITH(parse(head + "partitions = \"sometimes\"\n"),
                      StartsWith("driftwatch.toml:3: target \"a\": partitions: expected \"fold\" "
                                 "or \"full\", got \"sometimes\""));
  CHECK(parse(head + "partitions = \"fold\"\n").targets[0].fold_partitions);
}

TEST_CASE("target ledgers and migrations_dirs") {
  const std::string head = "[[target]]\nname = \"a\"\n";
  REQUIRE_THROWS_WITH(parse(head + "ledgers = [\"nosuch=app.t\"]\n"),
                      StartsWith("driftwatch.toml:3: target \"a\": ledgers: unknown framework "
                                 "\"nosuch\""));
  REQUIRE_THROWS_WITH(parse(head + "ledgers = [\"flyway\"]\n"),
                      Contains(":3: target \"a\": ledgers: expected FRAMEWORK=[SCHEMA.]TABLE"));
  REQUIRE_THROWS_WITH(parse(head + "migrations_dirs = [\"prisma=\"]\n"),
                      Contains(":3: target \"a\": migrations_dirs: no folder after '='"));
}

TEST_CASE("target labels") {
  const std::string head = "[[target]]\nname = \"a\"\n";
  REQUIRE_THROWS_WITH(parse(head + "labels = { 1team = \"x\" }\n"),
                      StartsWith("driftwatch.toml:3: target \"a\": labels: \"1team\" is not a "
                                 "usable label name"));
  REQUIRE_THROWS_WITH(parse(head + "labels = { team-name = \"x\" }\n"),
                      Contains("labels: \"team-name\" is not a usable label name"));
  REQUIRE_THROWS_WITH(parse(head + "labels = { __name__ = \"x\" }\n"),
                      Contains("labels: \"__name__\" is not a usable label name"));
  REQUIRE_THROWS_WITH(parse(head + "labels = { tier = 1 }\n"),
                      Contains(":3: target \"a\": labels: \"tier\": expected a string, got an "
                               "integer"));
  REQUIRE_THROWS_WITH(parse(head + "labels = [\"team\"]\n"),
                      Contains(":3: target \"a\": labels: expected a table"));
  const auto config = parse(head + "[target.labels]\nteam = \"x\"\n");
  CHECK(config.targets[0].labels.at("team") == "x");
}

TEST_CASE("messages start with the origin as given") {
  REQUIRE_THROWS_WITH(parse_config("[log]\nlevel = 1\n", "/etc/driftwatch/test.toml"),
                      StartsWith("/etc/driftwatch/test.toml:2: [log]: level: expected a string"));
  REQUIRE_THROWS_WITH(parse_config("[log\n", "conf.d/x.toml"), StartsWith("conf.d/x.toml:1:"));
}

TEST_CASE("load_config reads a file, and reports one it cannot read") {
  TempFolder dir;
  const auto path = dir.path() / "dw.toml";
  std::ofstream(path) << "[daemon]\nconcurrency = 7\n";
  CHECK(load_config(path).daemon.concurrency == 7);
  CHECK(load_config(path).path == path);

  std::ofstream(path) << "[daemon]\nconcurrency = 70\n";
  REQUIRE_THROWS_WITH(load_config(path), StartsWith(path.string() + ":2: [daemon]: concurrency"));

  const auto missing = dir.path() / "missing.toml";
  REQUIRE_THROWS_AS(load_config(missing), ConfigError);
  REQUIRE_THROWS_WITH(load_config(missing),
                      "cannot read " + missing.string() + ": No such file or directory");
  REQUIRE_THROWS_WITH(load_config(dir.path()),
                      "cannot read " + dir.path().string() + ": Is a directory");
}
