// Tests comparing a ledger with the migration files: pending, missing,
// edited and duplicate migrations, tool by tool where the rules differ.
#include <catch2/catch.hpp>

#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "probes/ledgers/checksums.h"
#include "probes/ledgers/migration_files.h"
#include "tests/support/golden.h"
#include "tests/support/temp_folder.h"

namespace ledgers = driftwatch::ledgers;
using driftwatch::test::TempFolder;
using F = ledgers::Framework;
using Kind = ledgers::FileProblem::Kind;

namespace {

ledgers::LedgerState ledger(F framework, std::vector<ledgers::AppliedMigration> applied) {
  ledgers::LedgerState state;
  state.framework = framework;
  state.applied = std::move(applied);
  return state;
}

ledgers::AppliedMigration applied(const std::string& id,
                                  std::optional<std::string> checksum = std::nullopt) {
  return {id, id, std::nullopt, std::move(checksum)};
}

ledgers::MigrationFile file(const std::string& id,
                            std::optional<std::string> checksum = std::nullopt) {
  return {id, id, "migrations/" + id, std::move(checksum), {}, {}};
}

std::vector<std::string> pending_ids(const ledgers::LedgerState& state) {
  std::vector<std::string> out;
  for (const auto& pending : state.pending) out.push_back(pending.id);
  return out;
}

std::vector<std::string> problem_ids(const ledgers::LedgerState& state, Kind kind) {
  std::vector<std::string> out;
  for (const auto& problem : state.file_problems) {
    if (problem.kind == kind) out.push_back(problem.id);
  }
  return out;
}

}  // namespace

TEST_CASE("Files not in the ledger are pending, entries without a file are missing", "[ledgers]") {
  auto state = ledger(F::rails, {applied("1"), applied("2"), applied("4")});
  state.health = ledgers::Health::healthy;
  ledgers::compare_with_files(state, {file("1"), file("2"), file("3"), file("5")});
  CHECK(pending_ids(state) == std::vector<std::string>{"3", "5"});
  CHECK(problem_ids(state, Kind::missing_file) == std::vector<std::string>{"4"});
  CHECK(state.health == ledgers::Health::healthy);  // the caller decides
  REQUIRE_FALSE(state.notes.empty());
  CHECK(state.notes.back() ==
        "compared with 4 migration files: 2 pending, 1 applied without a file, 0 edited, 0 "
        "sharing a version");
}

TEST_CASE("Two files with one version are reported once, with both paths", "[ledgers]") {
  auto state = ledger(F::golang_migrate, {});
  state.heads = {"1"};
  ledgers::compare_with_files(state, {file("1"), file("2"), file("2")});
  REQUIRE(problem_ids(state, Kind::duplicate_version) == std::vector<std::string>{"2"});
  CHECK_THAT(state.file_problems.back().detail,
             Catch::Contains("2 files") && Catch::Contains("migrations/2"));
}

TEST_CASE("A Prisma file with other line endings is not reported as edited", "[ledgers]") {
  TempFolder folder;
  folder.write("1_init/migration.sql", "CREATE TABLE a (id int);\r\n");
  folder.write("2_users/migration.sql", "CREATE TABLE u (id int);\n");
  const auto files = ledgers::list_migration_files(F::prisma, folder.path());
  auto state = ledger(F::prisma, {applied("1_init", ledgers::prisma_checksum("CREATE TABLE a "
                                                                             "(id int);\n")),
                                  applied("2_users", ledgers::prisma_checksum("CREATE TABLE u "
                                                                              "(id bigint);\n"))});
  ledgers::compare_with_files(state, files);
  CHECK(pending_ids(state).empty());
  REQUIRE(problem_ids(state, Kind::edited) == std::vector<std::string>{"2_users"});
  CHECK_THAT(state.file_problems[0].detail, Catch::Contains("2_users/migration.sql"));
}

TEST_CASE("Flyway compares versioned files and the latest run of a repeatable", "[ledgers]") {
  auto state = ledger(F::flyway, {applied("1", "1738658883"), applied("2", "12345"),
                                  applied("R:views", "1"), applied("R:views", "7")});
  ledgers::compare_with_files(
      state, {file("1", "1738658883"), file("2", "-604825677"), file("R:views", "7")});
  CHECK(problem_ids(state, Kind::edited) == std::vector<std::string>{"2"});
  CHECK_THAT(state.file_problems[0].detail, Catch::Contains("flyway repair"));
}

TEST_CASE("sqlx's stored BYTEA may come as \\x hex in any case", "[ledgers]") {
  const auto checksum = ledgers::sqlx_checksum("SELECT 1;\n");
  std::string upper;
  for (char c : checksum) upper += static_cast<char>(std::toupper(c));
  auto state = ledger(F::sqlx, {applied("1", "\\x" + upper)});
  ledgers::compare_with_files(state, {file("1", checksum)});
  CHECK(state.file_problems.empty());
}

TEST_CASE("Atlas reports only the first file whose cumulative hash differs", "[ledgers]") {
  TempFolder folder;
  folder.write("1_a.sql", "CREATE TABLE a (id int);\n");
  folder.write("2_b.sql", "CREATE TABLE b (id int);\n");
  folder.write("3_c.sql", "CREATE TABLE c (id int);\n");
  const auto before = ledgers::list_migration_files(F::atlas, folder.path());
  folder.write("2_b.sql", "CREATE TABLE b (id bigint);\n");
  const auto after = ledgers::list_migration_files(F::atlas, folder.path());
  auto state =
      ledger(F::atlas, {applied("1", "h1:" + *before[0].checksum),
                        applied("2", *before[1].checksum), applied("3", *before[2].checksum)});
  ledgers::compare_with_files(state, after);
  REQUIRE(problem_ids(state, Kind::edited) == std::vector<std::string>{"2"});
  CHECK_THAT(state.file_problems[0].detail, Catch::Contains("every file before it"));
}

TEST_CASE("Django compares only the entries of the folder's app", "[ledgers]") {
  auto state = ledger(F::django, {applied("auth.0001_initial"), applied("shop.0001_initial"),
                                  applied("shop.0002_gone")});
  ledgers::compare_with_files(state, {file("shop.0001_initial"), file("shop.0003_new")});
  CHECK(pending_ids(state) == std::vector<std::string>{"shop.0003_new"});
  CHECK(problem_ids(state, Kind::missing_file) == std::vector<std::string>{"shop.0002_gone"});
}

TEST_CASE("Alembic counts the heads and their ancestors as applied", "[ledgers]") {
  auto with_parents = [](const std::string& id, std::vector<std::string> parents) {
    auto migration = file(id);
    migration.parents = std::move(parents);
    return migration;
  };
  const std::vector<ledgers::MigrationFile> files{
      with_parents("a", {}), with_parents("b", {"a"}), with_parents("c", {"b"}),
      with_parents("d", {"a"}), with_parents("m", {"c", "d"})};
  auto state = ledger(F::alembic, {applied("c")});
  state.heads = {"c"};
  ledgers::compare_with_files(state, files);
  CHECK(pending_ids(state) == std::vector<std::string>{"d", "m"});
  CHECK(state.file_problems.empty());

  auto lost = ledger(F::alembic, {});
  lost.heads = {"zzz", "c"};
  ledgers::compare_with_files(lost, {with_parents("c", {"b"})});
  CHECK(problem_ids(lost, Kind::missing_file) == std::vector<std::string>{"b", "zzz"});
}

TEST_CASE("golang-migrate applies every file up to the current version", "[ledgers]") {
  auto state = ledger(F::golang_migrate, {applied("2")});
  state.heads = {"2"};
  ledgers::compare_with_files(state, {file("1"), file("2"), file("3")});
  CHECK(pending_ids(state) == std::vector<std::string>{"3"});
  CHECK(state.file_problems.empty());

  auto gone = ledger(F::golang_migrate, {applied("10")});
  gone.heads = {"10"};
  ledgers::compare_with_files(gone, {file("1"), file("9"), file("11")});
  CHECK(pending_ids(gone) == std::vector<std::string>{"11"});
  CHECK(problem_ids(gone, Kind::missing_file) == std::vector<std::string>{"10"});

  auto empty = ledger(F::golang_migrate, {});
  ledgers::compare_with_files(empty, {file("1")});
  CHECK(pending_ids(empty) == std::vector<std::string>{"1"});
}

TEST_CASE("Sqitch matches a reworked change's deployments in plan order", "[ledgers]") {
  auto state = ledger(F::sqitch, {applied("users", "aaa"), applied("orders", "bbb")});
  ledgers::compare_with_files(state,
                              {file("users", "aaa"), file("orders", "bbb"), file("users", "ccc")});
  CHECK(pending_ids(state) == std::vector<std::string>{"users"});
  CHECK(state.file_problems.empty());
}

TEST_CASE("Drizzle notes pending entries older than its latest row", "[ledgers]") {
  auto state = ledger(F::drizzle, {applied("1700000000000"), applied("1700000000002")});
  ledgers::compare_with_files(
      state, {file("1700000000000"), file("1700000000001"), file("1700000000002")});
  CHECK(pending_ids(state) == std::vector<std::string>{"1700000000001"});
  CHECK_THAT(state.notes.front(), Catch::Contains("never applies"));
}

TEST_CASE("goose's version 0 row needs no file", "[ledgers]") {
  auto state = ledger(F::goose, {applied("0"), applied("1")});
  ledgers::compare_with_files(state, {file("1")});
  CHECK(state.file_problems.empty());
}

TEST_CASE("Liquibase's checksums are reported as not verifiable, once", "[ledgers]") {
  auto state = ledger(F::liquibase, {applied("1::ann::changelog.xml", "9:abc")});
  ledgers::compare_with_files(state, {});
  REQUIRE(state.file_problems.size() == 1);
  CHECK(state.file_problems[0].kind == Kind::not_verified);
  CHECK_THAT(state.file_problems[0].detail, Catch::Contains("changeset"));
}
