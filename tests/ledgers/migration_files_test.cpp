// Tests listing each tool's migration files: layouts, identities and checksums.
#include "probes/ledgers/migration_files.h"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "probes/ledgers/checksums.h"
#include "tests/support/golden.h"
#include "tests/support/temp_folder.h"

namespace ledgers = driftwatch::ledgers;
using driftwatch::test::TempFolder;
using F = ledgers::Framework;

namespace {

std::vector<std::string> ids(const std::vector<ledgers::MigrationFile>& files) {
  std::vector<std::string> out;
  out.reserve(files.size());
  for (const auto& file : files) out.push_back(file.id);
  return out;
}

std::vector<std::string> ids_in(F framework, const TempFolder& folder) {
  return ids(ledgers::list_migration_files(framework, folder.path()));
}

}  // namespace

TEST_CASE("Listing a folder that does not exist names it", "[ledgers]") {
  TempFolder folder;
  const auto missing = folder.path() / "nope";
  CHECK_THROWS_WITH(ledgers::list_migration_files(F::prisma, missing),
                    Catch::Contains(missing.string()) && Catch::Contains("does not exist"));
  const auto file = folder.write("plain.txt", "x");
  CHECK_THROWS_WITH(ledgers::list_migration_files(F::rails, file),
                    Catch::Contains(file.string()) && Catch::Contains("not a folder"));
  CHECK_THROWS_WITH(ledgers::list_migration_files(F::unknown, folder.path()),
                    Catch::Contains("does not know"));
}

TEST_CASE("Prisma migrations are folders holding migration.sql", "[ledgers]") {
  TempFolder folder;
  folder.write("20240101000000_init/migration.sql", "CREATE TABLE a (id int);\n");
  folder.write("20240201000000_more/migration.sql", "CREATE TABLE b (id int);\n");
  folder.write("20240301000000_empty/README", "no script here");
  folder.write("migration_lock.toml", "provider = \"postgresql\"\n");
  const auto files = ledgers::list_migration_files(F::prisma, folder.path());
  REQUIRE(ids(files) == std::vector<std::string>{"20240101000000_init", "20240201000000_more"});
  CHECK(files[0].checksum == ledgers::prisma_checksum("CREATE TABLE a (id int);\n"));
  CHECK(files[0].accepted_checksums ==
        ledgers::prisma_accepted_checksums("CREATE TABLE a (id int);\n"));
  CHECK(files[0].path.ends_with("20240101000000_init/migration.sql"));
}

TEST_CASE("Django migrations are named app.module after the app's folder", "[ledgers]") {
  TempFolder folder;
  folder.write("shop/migrations/__init__.py", "");
  folder.write("shop/migrations/0001_initial.py", "class Migration: pass\n");
  folder.write("shop/migrations/0002_price.py", "class Migration: pass\n");
  folder.write("shop/migrations/~0003_draft.py", "");
  folder.write("shop/migrations/notes.txt", "");
  const auto files = ledgers::list_migration_files(F::django, folder.path() / "shop/migrations/");
  CHECK(ids(files) == std::vector<std::string>{"shop.0001_initial", "shop.0002_price"});
}

TEST_CASE("Numbered migrations get the version as the ledger stores it", "[ledgers]") {
  TempFolder folder;
  folder.write("0001_init.rb", "");
  folder.write("20240101120000_add_users.rb", "");
  folder.write("schema.rb", "");
  CHECK(ids_in(F::rails, folder) == std::vector<std::string>{"1", "20240101120000"});
  CHECK(ids_in(F::ecto, folder).empty());

  TempFolder go;
  go.write("000001_init.up.sql", "");
  go.write("000001_init.down.sql", "");
  go.write("000002_users.up.sql", "");
  CHECK(ids_in(F::golang_migrate, go) == std::vector<std::string>{"1", "2"});

  TempFolder goose;
  goose.write("00001_init.sql", "");
  goose.write("00002_seed.go", "");
  goose.write("00002_seed_test.go", "");
  CHECK(ids_in(F::goose, goose) == std::vector<std::string>{"1", "2"});

  // dbmate and Supabase keep the version text as written.
  TempFolder text;
  text.write("001_init.sql", "");
  text.write("20240101000000_users.sql", "");
  CHECK(ids_in(F::dbmate, text) == std::vector<std::string>{"001", "20240101000000"});
  CHECK(ids_in(F::supabase, text) == std::vector<std::string>{"001", "20240101000000"});

  TempFolder ecto;
  ecto.write("20240101000000_create_users.exs", "");
  CHECK(ids_in(F::ecto, ecto) == std::vector<std::string>{"20240101000000"});
}

TEST_CASE("JavaScript, PHP and C# migrations are named after their files", "[ledgers]") {
  TempFolder folder;
  folder.write("20240101_init.js", "");
  folder.write("20240102_users.ts", "");
  folder.write("20240103_types.d.ts", "");
  folder.write("20240104_esm.mjs", "");
  folder.write("README.md", "");
  CHECK(ids_in(F::knex, folder) ==
        std::vector<std::string>{"20240101_init.js", "20240102_users.ts", "20240103_types.d.ts"});
  CHECK(ids_in(F::sequelize, folder) ==
        std::vector<std::string>{"20240101_init.js", "20240102_users.ts", "20240104_esm.mjs"});
  CHECK(ids_in(F::node_pg_migrate, folder) ==
        std::vector<std::string>{"20240101_init", "20240102_users", "20240104_esm"});

  TempFolder php;
  php.write("2014_10_12_000000_create_users_table.php", "");
  CHECK(ids_in(F::laravel, php) ==
        std::vector<std::string>{"2014_10_12_000000_create_users_table"});

  TempFolder cs;
  cs.write("20240101120000_Init.cs", "");
  cs.write("20240101120000_Init.Designer.cs", "");
  cs.write("AppDbContextModelSnapshot.cs", "");
  CHECK(ids_in(F::ef_core, cs) == std::vector<std::string>{"20240101120000_Init"});
}

TEST_CASE("TypeORM migrations are named after their migration class", "[ledgers]") {
  TempFolder folder;
  folder.write("1700000000000-Init.ts",
               "import { MigrationInterface, QueryRunner } from \"typeorm\";\n\n"
               "export class Init1700000000000 implements MigrationInterface {\n"
               "  name = 'Init1700000000000'\n}\n");
  folder.write("1700000000001-Users.js",
               "class Users1700000000001 {\n  async up(queryRunner) {}\n}\n"
               "module.exports = { Users1700000000001 };\n");
  folder.write("helpers.ts", "export class Helper {}\n");
  CHECK(ids_in(F::typeorm, folder) ==
        std::vector<std::string>{"Init1700000000000", "Users1700000000001"});
}

TEST_CASE("Diesel and Hasura migrations are folders named by version", "[ledgers]") {
  TempFolder diesel;
  diesel.write("2024-01-01-120000_create_users/up.sql", "");
  diesel.write("2024-01-01-120000_create_users/down.sql", "");
  diesel.write("not_a_migration/readme.txt", "");
  const auto files = ledgers::list_migration_files(F::diesel, diesel.path());
  REQUIRE(ids(files) == std::vector<std::string>{"20240101120000"});
  CHECK(files[0].path.ends_with("up.sql"));

  TempFolder hasura;
  hasura.write("1700000000000_init/up.sql", "");
  hasura.write("1700000000001_users/up.yaml", "");
  CHECK(ids_in(F::hasura, hasura) == std::vector<std::string>{"1700000000000", "1700000000001"});
}

TEST_CASE("Alembic revisions come from their revision and down_revision lines", "[ledgers]") {
  TempFolder folder;
  folder.write("versions/__init__.py", "");
  folder.write("versions/1_base.py",
               "\"\"\"base\n\nRevision ID: aaa\nRevises:\n\"\"\"\n"
               "revision = 'aaa'\ndown_revision = None\n");
  folder.write("versions/2_next.py",
               "revision: str = \"bbb\"\n"
               "down_revision: Union[str, Sequence[str], None] = \"aaa\"  # 'not this'\n");
  folder.write("versions/3_merge.py",
               "revision = 'ccc'\ndown_revision = (\n    'bbb',\n    'ddd',\n)\n");
  folder.write("versions/notes.py", "print('no revision here')\n");
  const auto files = ledgers::list_migration_files(F::alembic, folder.path());
  REQUIRE(ids(files) == std::vector<std::string>{"aaa", "bbb", "ccc"});
  CHECK(files[0].parents.empty());
  CHECK(files[1].parents == std::vector<std::string>{"aaa"});
  CHECK(files[2].parents == std::vector<std::string>{"bbb", "ddd"});
}

TEST_CASE("Flyway files give the version and checksum Flyway records", "[ledgers]") {
  // The files of tests/data/checksums/flyway, with the checksums a real run stored.
  const auto files =
      ledgers::list_migration_files(F::flyway, driftwatch::test::data_path("checksums/flyway"));
  REQUIRE(ids(files) == std::vector<std::string>{"1", "2", "3", "4"});
  CHECK(files[0].checksum == "1738658883");
  CHECK(files[1].checksum == "-604825677");
  CHECK(files[1].name == "add column");

  TempFolder folder;
  folder.write("V1_1__add_index.sql", "");
  folder.write("views/R__active_users.sql", "");
  folder.write("U1_1__undo.sql", "");
  folder.write("V__broken.sql", "");
  CHECK(ids_in(F::flyway, folder) == std::vector<std::string>{"1.1", "R:active users"});
}

TEST_CASE("Drizzle migrations come from the journal, identified by when", "[ledgers]") {
  TempFolder folder;
  folder.write("meta/_journal.json",
               R"({"version":"7","dialect":"postgresql","entries":[
                 {"idx":0,"version":"7","when":1700000000000,"tag":"0000_init","breakpoints":true},
                 {"idx":1,"version":"7","when":1700000000001,"tag":"0001_users","breakpoints":true}
               ]})");
  folder.write("0000_init.sql", "CREATE TABLE a (id int);\n");
  folder.write("0001_users.sql", "CREATE TABLE u (id int);\n");
  const auto files = ledgers::list_migration_files(F::drizzle, folder.path());
  REQUIRE(ids(files) == std::vector<std::string>{"1700000000000", "1700000000001"});
  CHECK(files[0].name == "0000_init");
  CHECK(files[0].checksum == ledgers::drizzle_checksum("CREATE TABLE a (id int);\n"));

  TempFolder broken;
  broken.write("meta/_journal.json", "{\"entries\": [");
  CHECK_THROWS_WITH(ledgers::list_migration_files(F::drizzle, broken.path()),
                    Catch::Contains("_journal.json") && Catch::Contains("not JSON"));
  TempFolder none;
  CHECK_THROWS_WITH(ledgers::list_migration_files(F::drizzle, none.path()),
                    Catch::Contains("journal") && Catch::Contains("does not exist"));
}

TEST_CASE("Sqitch changes come from the plan, reworked ones from name@tag", "[ledgers]") {
  TempFolder folder;
  folder.write("sqitch.plan",
               "%syntax-version=1.0.0\n%project=shop\n\n"
               "# the schema\n"
               "users 2024-01-01T00:00:00Z Ann <ann@example.com> # users\n"
               "orders [users] 2024-01-02T00:00:00Z Ann <ann@example.com>\n"
               "@v1.0 2024-01-03T00:00:00Z Ann <ann@example.com>\n\n"
               "users [users@v1.0] 2024-02-01T00:00:00Z Ann <ann@example.com> # rework\n");
  folder.write("deploy/users@v1.0.sql", "CREATE TABLE users (id int);\n");
  folder.write("deploy/orders.sql", "CREATE TABLE orders (id int);\n");
  folder.write("deploy/users.sql", "CREATE TABLE users (id bigint);\n");
  const auto files = ledgers::list_migration_files(F::sqitch, folder.path());
  REQUIRE(ids(files) == std::vector<std::string>{"users", "orders", "users"});
  CHECK(files[0].path.ends_with("users@v1.0.sql"));
  CHECK(files[0].checksum == ledgers::sqitch_script_hash("CREATE TABLE users (id int);\n"));
  CHECK(files[2].checksum == ledgers::sqitch_script_hash("CREATE TABLE users (id bigint);\n"));

  TempFolder none;
  CHECK_THROWS_WITH(ledgers::list_migration_files(F::sqitch, none.path()),
                    Catch::Contains("sqitch.plan"));
}

TEST_CASE("Atlas files carry their atlas.sum entry, recomputed", "[ledgers]") {
  const auto files = ledgers::list_migration_files(
      F::atlas, driftwatch::test::data_path("checksums/atlas/migrations"));
  REQUIRE(ids(files) ==
          std::vector<std::string>{"20230727105553", "20230727105615", "20230926085734"});
  CHECK(files[1].checksum == "UvzeoFxe90Y/7b21ziwg6pPzWJQSV7LeYwJl8J63lMU=");
  CHECK(files[2].name == "20230926085734_destructive-change.sql");
}

TEST_CASE("sqlx files give the integer version and the SHA-384 checksum", "[ledgers]") {
  TempFolder folder;
  folder.write("0001_init.sql", "CREATE TABLE a (id int);\n");
  folder.write("20240101000000_users.up.sql", "CREATE TABLE u (id int);\n");
  folder.write("20240101000000_users.down.sql", "DROP TABLE u;\n");
  const auto files = ledgers::list_migration_files(F::sqlx, folder.path());
  REQUIRE(ids(files) == std::vector<std::string>{"1", "20240101000000"});
  CHECK(files[0].checksum == ledgers::sqlx_checksum("CREATE TABLE a (id int);\n"));
}

TEST_CASE("Liquibase lists no files: its checksums are not of files", "[ledgers]") {
  TempFolder folder;
  folder.write("changelog.xml", "<databaseChangeLog/>");
  CHECK(ledgers::list_migration_files(F::liquibase, folder.path()).empty());
}
