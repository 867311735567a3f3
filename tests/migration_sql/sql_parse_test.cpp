// Tests parse_sql and read_pending_files: statements, lines, abridged text,
// parse errors, files that are not SQL.
#include "probes/migration_sql/sql_parse.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "probes/migration_sql/pending_sql.h"

namespace msql = driftwatch::migration_sql;

TEST_CASE("parse_sql: statements with their first line and node type", "[migration_sql]") {
  const auto parsed = msql::parse_sql(
      "/* header\n   comment */\n"
      "CREATE TABLE a (id int);  -- trailing\n"
      "-- next\n"
      "\n"
      "ALTER TABLE a\n"
      "    ADD COLUMN   b text");
  REQUIRE_FALSE(parsed.error);
  REQUIRE(parsed.statements.size() == 2);
  CHECK(parsed.statements[0].line == 3);
  CHECK(parsed.statements[0].node == "CreateStmt");
  CHECK(parsed.statements[0].text == "CREATE TABLE a (id int)");
  CHECK(parsed.statements[1].line == 6);
  CHECK(parsed.statements[1].node == "AlterTableStmt");
  CHECK(parsed.statements[1].abridged == "ALTER TABLE a ADD COLUMN b text");
  CHECK(parsed.statements[1].tree_json.find("\"AT_AddColumn\"") != std::string::npos);
}

TEST_CASE("parse_sql: an empty file has no statements", "[migration_sql]") {
  const auto parsed = msql::parse_sql("-- nothing here\n");
  CHECK_FALSE(parsed.error);
  CHECK(parsed.statements.empty());
}

TEST_CASE("parse_sql: the line of a parse error counts characters, not bytes", "[migration_sql]") {
  const auto parsed = msql::parse_sql("SELECT 'été';\nSELECT 'ü';\nSELEC 1;\n");
  REQUIRE(parsed.error);
  CHECK(parsed.error->line == 3);
  CHECK(parsed.error->message == "syntax error at or near \"SELEC\"");
}

TEST_CASE("abridge_statement: one line, at most the limit", "[migration_sql]") {
  CHECK(msql::abridge_statement("  a\n\t b  ") == "a b");
  CHECK(msql::abridge_statement(std::string(300, 'x')).size() == 203);
  CHECK(msql::abridge_statement("ééé", 3) == "é...");
}

TEST_CASE("read_pending_files: SQL is read, anything else is a reason", "[migration_sql]") {
  const auto dir = std::filesystem::temp_directory_path() / "driftwatch_migration_sql_test";
  std::filesystem::create_directories(dir);
  const auto sql_file = (dir / "0001_a.SQL").string();
  std::ofstream(sql_file) << "CREATE TABLE a (id int);\n";
  const auto js_file = (dir / "0002_b.js").string();
  std::ofstream(js_file) << "exports.up = () => {};\n";
  const auto missing = (dir / "0003_missing.sql").string();

  const auto pending = msql::read_pending_files({{"1", sql_file}, {"2", js_file}, {"3", missing}});
  std::filesystem::remove_all(dir);
  REQUIRE(pending.size() == 3);
  CHECK(pending[0].migration == "1");
  CHECK(pending[0].sql == "CREATE TABLE a (id int);\n");
  CHECK(pending[0].unreadable.empty());
  CHECK(pending[1].sql.empty());
  CHECK(pending[1].unreadable == "not an SQL file (.js): its statements cannot be parsed");
  CHECK(pending[2].unreadable.rfind("cannot read the file: ", 0) == 0);
}
