// Tests which part of a two-way migration file is checked: the up section.
#include "daemon/migration_forecast.h"

#include <catch2/catch.hpp>

#include <algorithm>

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
