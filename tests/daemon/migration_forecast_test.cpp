// Tests which part of a two-way migration file is checked: the up section.
#include "daemon/migration_forecast.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace dw = driftwatch::daemon;
namespace ledgers = driftwatch::ledgers;

TEST_CASE("dbmate's down section is blanked, line numbers kept") {
  const std::string sql =
      "-- migrate:up\nCREATE TABLE invoices (id int);\n\n-- migrate:down\nDROP TABLE invoices;\n";
  const auto up = dw::up_section(ledgers::Framework::dbmate, sql);
  CHECK(up.size() == sql.size());
  CHECK(up.find("CREATE TABLE invoices") != std::string::npos);
  CHECK(up.find("DROP TABLE") == std::string::npos);
  CHECK(std::count(up.begin(), up.end(), '\n') == 5);
}

TEST_CASE("goose and node-pg-migrate markers, in any case, and an up after a down") {
  const std::string goose =
      "-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\nDROP TABLE a;\n";
  CHECK(dw::up_section(ledgers::Framework::goose, goose).find("DROP") == std::string::npos);
  const std::string npm =
      "-- Down Migration\nDROP TABLE b;\n-- Up Migration\nCREATE TABLE b (id int);\n";
  const auto up = dw::up_section(ledgers::Framework::node_pg_migrate, npm);
  CHECK(up.find("DROP") == std::string::npos);
  CHECK(up.find("CREATE TABLE b") != std::string::npos);
}

TEST_CASE("tools with one direction per file are left alone") {
  const std::string sql = "-- migrate:down\nDROP TABLE c;\n";
  CHECK(dw::up_section(ledgers::Framework::golang_migrate, sql) == sql);
}

TEST_CASE("a failed migration's next step says how to finish it or undo it") {
  const auto dir = std::filesystem::temp_directory_path() / "dw-forecast-test";
  std::filesystem::create_directories(dir);
  const auto file = dir / "5_orders.up.sql";
  std::ofstream(file) << "CREATE TABLE orders (id int);\n"
                         "ALTER TABLE users ADD COLUMN \"Note\" text;\n"
                         "CREATE INDEX orders_id_idx ON orders (id);\n";
  ledgers::LedgerState ledger;
  ledger.framework = ledgers::Framework::golang_migrate;
  ledger.failed.push_back({"5", "5", std::nullopt, std::nullopt});
  ledger.next_step = "Check which statements took effect.";
  namespace schema = driftwatch::schema;
  const schema::Snapshot live(
      {{{schema::Kind::table, {"public", "users"}, std::nullopt}, {}},
       {{schema::Kind::column, {"public", "users", "Note"}, std::nullopt}, {}},
       {{schema::Kind::table, {"public", "orders"}, std::nullopt}, {}}});
  ledgers::MigrationFile migration;
  migration.id = "5";
  migration.path = file.string();
  dw::forecast_migrations(ledger, {migration}, live);
  std::filesystem::remove_all(dir);
  REQUIRE(ledger.partial_runs.size() == 1);
  CHECK_THAT(ledger.next_step, Catch::StartsWith("Check which statements took effect. What the "
                                                 "run of 5 left: "));
  CHECK_THAT(ledger.next_step, Catch::Contains("from line 3 on"));
  CHECK_THAT(ledger.next_step,
             Catch::Contains("run: ALTER TABLE \"public\".\"users\" DROP COLUMN \"Note\"; "
                             "DROP TABLE \"public\".\"orders\"."));
}

TEST_CASE("a memo gives the forecast of the same files again until it is cleared") {
  namespace schema = driftwatch::schema;
  const auto dir = std::filesystem::temp_directory_path() / "dw-forecast-memo-test";
  std::filesystem::create_directories(dir);
  const auto file = dir / "6_note.up.sql";
  std::ofstream(file) << "ALTER TABLE users ADD COLUMN note text;\n";
  const schema::Snapshot with_note(
      {{{schema::Kind::table, {"public", "users"}, std::nullopt}, {}},
       {{schema::Kind::column, {"public", "users", "note"}, std::nullopt}, {}}});
  const schema::Snapshot without_note(std::vector<schema::SchemaObject>{
      {{schema::Kind::table, {"public", "users"}, std::nullopt}, {}}});
  const auto failures = [&](const schema::Snapshot& live, dw::ForecastMemo& memo) {
    ledgers::LedgerState ledger;
    ledger.framework = ledgers::Framework::golang_migrate;
    ledger.pending.push_back({"6", file.string()});
    dw::forecast_migrations(ledger, {}, live, &memo);
    REQUIRE(ledger.forecast);
    return ledger.forecast->failures.size();
  };

  dw::ForecastMemo memo;
  CHECK(failures(with_note, memo) == 1);
  // The owner clears the memo when the schema may have changed: until then
  // the forecast is the memo's, made against the schema with the column.
  CHECK(failures(without_note, memo) == 1);
  memo.clear();
  CHECK(failures(without_note, memo) == 0);
  // An edited file is a new text: forecast again, without a clear.
  std::ofstream(file) << "ALTER TABLE users ADD COLUMN note text;\n"
                         "ALTER TABLE users ADD COLUMN note text;\n";
  CHECK(failures(without_note, memo) == 1);
  std::filesystem::remove_all(dir);
}
