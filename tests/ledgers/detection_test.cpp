// Tests detect_ledgers: which candidate tables are ledgers, of which tool, by
// their columns and types first, then their name, schema and siblings.
#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/ledgers/ledger_test_support.h"

namespace ledgers = driftwatch::ledgers;
using ledgers::Framework;
using ledgers::TableInfo;

namespace {

const std::string kTz = "timestamp with time zone";
const std::string kTs = "timestamp without time zone";
const std::string kVarchar = "character varying(255)";

TableInfo table(std::string schema, std::string name, std::vector<ledgers::Column> columns) {
  return {std::move(schema), std::move(name), std::move(columns)};
}

// Each tool's ledger as its current release creates it on PostgreSQL (first),
// with the companion tables it keeps next to it.
std::map<Framework, std::vector<TableInfo>> tool_tables() {
  return {
      {Framework::prisma,
       {table("public", "_prisma_migrations",
              {{"id", "character varying(36)"},
               {"checksum", "character varying(64)"},
               {"finished_at", kTz},
               {"migration_name", kVarchar},
               {"logs", "text"},
               {"rolled_back_at", kTz},
               {"started_at", kTz},
               {"applied_steps_count", "integer"}})}},
      {Framework::django,
       {table("public", "django_migrations",
              {{"id", "bigint"}, {"app", kVarchar}, {"name", kVarchar}, {"applied", kTz}})}},
      {Framework::rails,
       {table("public", "schema_migrations", {{"version", "character varying"}}),
        table("public", "ar_internal_metadata",
              {{"key", "character varying"},
               {"value", "character varying"},
               {"created_at", "timestamp(6) without time zone"},
               {"updated_at", "timestamp(6) without time zone"}})}},
      {Framework::alembic,
       {table("public", "alembic_version", {{"version_num", "character varying(32)"}})}},
      {Framework::flyway,
       {table("public", "flyway_schema_history",
              {{"installed_rank", "integer"},
               {"version", "character varying(50)"},
               {"description", "character varying(200)"},
               {"type", "character varying(20)"},
               {"script", "character varying(1000)"},
               {"checksum", "integer"},
               {"installed_by", "character varying(100)"},
               {"installed_on", kTs},
               {"execution_time", "integer"},
               {"success", "boolean"}})}},
      {Framework::liquibase,
       {table("public", "databasechangelog",
              {{"id", kVarchar},
               {"author", kVarchar},
               {"filename", kVarchar},
               {"dateexecuted", kTs},
               {"orderexecuted", "integer"},
               {"exectype", "character varying(10)"},
               {"md5sum", "character varying(35)"},
               {"description", kVarchar},
               {"comments", kVarchar},
               {"tag", kVarchar},
               {"liquibase", "character varying(20)"},
               {"contexts", kVarchar},
               {"labels", kVarchar},
               {"deployment_id", "character varying(10)"}}),
        table("public", "databasechangeloglock",
              {{"id", "integer"},
               {"locked", "boolean"},
               {"lockgranted", kTs},
               {"lockedby", kVarchar}})}},
      {Framework::golang_migrate,
       {table("public", "schema_migrations", {{"version", "bigint"}, {"dirty", "boolean"}})}},
      {Framework::goose,
       {table("public", "goose_db_version",
              {{"id", "integer"},
               {"version_id", "bigint"},
               {"is_applied", "boolean"},
               {"tstamp", kTs}})}},
      {Framework::dbmate,
       {table("public", "schema_migrations", {{"version", "character varying"}})}},
      {Framework::sqitch,
       {table("sqitch", "changes",
              {{"change_id", "text"},
               {"script_hash", "text"},
               {"change", "text"},
               {"project", "text"},
               {"note", "text"},
               {"committed_at", kTz},
               {"committer_name", "text"},
               {"committer_email", "text"},
               {"planned_at", kTz},
               {"planner_name", "text"},
               {"planner_email", "text"}}),
        table("sqitch", "events",
              {{"event", "text"},
               {"change_id", "text"},
               {"change", "text"},
               {"project", "text"},
               {"note", "text"},
               {"requires", "text[]"},
               {"conflicts", "text[]"},
               {"tags", "text[]"},
               {"committed_at", kTz}}),
        table("sqitch", "tags",
              {{"tag_id", "text"},
               {"tag", "text"},
               {"project", "text"},
               {"change_id", "text"},
               {"note", "text"},
               {"committed_at", kTz}}),
        table("sqitch", "projects", {{"project", "text"}, {"uri", "text"}, {"created_at", kTz}}),
        table("sqitch", "releases", {{"version", "real"}, {"installed_at", kTz}}),
        table("sqitch", "dependencies",
              {{"change_id", "text"},
               {"type", "text"},
               {"dependency", "text"},
               {"dependency_id", "text"}})}},
      {Framework::knex,
       {table(
            "public", "knex_migrations",
            {{"id", "integer"}, {"name", kVarchar}, {"batch", "integer"}, {"migration_time", kTz}}),
        table("public", "knex_migrations_lock", {{"index", "integer"}, {"is_locked", "integer"}})}},
      {Framework::sequelize, {table("public", "SequelizeMeta", {{"name", kVarchar}})}},
      {Framework::typeorm,
       {table("public", "migrations",
              {{"id", "integer"}, {"timestamp", "bigint"}, {"name", "character varying"}}),
        table("public", "typeorm_metadata",
              {{"type", "character varying"},
               {"database", "character varying"},
               {"schema", "character varying"},
               {"table", "character varying"},
               {"name", "character varying"},
               {"value", "text"}})}},
      {Framework::drizzle,
       {table("drizzle", "__drizzle_migrations",
              {{"id", "integer"}, {"hash", "text"}, {"created_at", "bigint"}})}},
      {Framework::node_pg_migrate,
       {table("public", "pgmigrations", {{"id", "integer"}, {"name", kVarchar}, {"run_on", kTs}})}},
      {Framework::ef_core,
       {table("public", "__EFMigrationsHistory",
              {{"MigrationId", "character varying(150)"},
               {"ProductVersion", "character varying(32)"}})}},
      {Framework::sqlx,
       {table("public", "_sqlx_migrations",
              {{"version", "bigint"},
               {"description", "text"},
               {"installed_on", kTz},
               {"success", "boolean"},
               {"checksum", "bytea"},
               {"execution_time", "bigint"}})}},
      {Framework::supabase,
       {table("supabase_migrations", "schema_migrations",
              {{"version", "text"}, {"statements", "text[]"}, {"name", "text"}}),
        table("supabase_migrations", "seed_files", {{"path", "text"}, {"hash", "text"}})}},
      {Framework::atlas,
       {table("atlas_schema_revisions", "atlas_schema_revisions",
              {{"version", "character varying"},
               {"description", "character varying"},
               {"type", "bigint"},
               {"applied", "bigint"},
               {"total", "bigint"},
               {"executed_at", kTz},
               {"execution_time", "bigint"},
               {"error", "text"},
               {"error_stmt", "text"},
               {"hash", "character varying"},
               {"partial_hashes", "jsonb"},
               {"operator_version", "character varying"}})}},
      {Framework::laravel,
       {table("public", "migrations",
              {{"id", "integer"}, {"migration", kVarchar}, {"batch", "integer"}})}},
      {Framework::ecto,
       {table("public", "schema_migrations",
              {{"version", "bigint"}, {"inserted_at", "timestamp(0) without time zone"}})}},
      {Framework::diesel,
       {table("public", "__diesel_schema_migrations",
              {{"version", "character varying(50)"}, {"run_on", kTs}})}},
      {Framework::hasura,
       {table("hdb_catalog", "schema_migrations", {{"version", "bigint"}, {"dirty", "boolean"}})}},
  };
}

std::vector<std::string> names(const std::vector<TableInfo>& tables) {
  std::vector<std::string> out;
  out.reserve(tables.size());
  for (const auto& t : tables) out.push_back(t.schema + "." + t.name);
  return out;
}

}  // namespace

TEST_CASE("detection: every tool's ledger is recognised from its exact columns", "[ledgers]") {
  const auto all = tool_tables();
  // Every tool driftwatch knows has a table here.
  CHECK(all.size() + 1 == ledgers::all_frameworks().size());
  for (const auto& [framework, tables] : all) {
    INFO(ledgers::framework_name(framework));
    const auto found = ledgers::detect_ledgers(tables);
    REQUIRE(found.size() == 1);
    CHECK(found.front().framework == framework);
    CHECK(found.front().table.name == tables.front().name);
    CHECK(found.front().table.schema == tables.front().schema);
    CHECK(found.front().missing_columns.empty());
    // dbmate's table is also Rails' before 5.0: never certain.
    CHECK(found.front().confidence == (framework == Framework::dbmate ? "likely" : "certain"));
  }
}

TEST_CASE("detection: schema_migrations is told apart by columns, types, schema and siblings",
          "[ledgers]") {
  const auto all = tool_tables();
  for (auto framework : {Framework::rails, Framework::dbmate, Framework::golang_migrate,
                         Framework::ecto, Framework::hasura, Framework::supabase}) {
    INFO(ledgers::framework_name(framework));
    REQUIRE(all.at(framework).front().name == "schema_migrations");
    const auto found = ledgers::detect_ledgers(all.at(framework));
    REQUIRE(found.size() == 1);
    CHECK(found.front().framework == framework);
  }
  SECTION("dbmate's detection says it may be old Rails") {
    const auto found = ledgers::detect_ledgers(all.at(Framework::dbmate));
    CHECK_THAT(found.front().notes.front(), Catch::Contains("Rails before 5.0"));
  }
  SECTION("ar_internal_metadata in another schema does not make it Rails") {
    auto tables = all.at(Framework::rails);
    tables.back().schema = "other";
    const auto found = ledgers::detect_ledgers(tables);
    REQUIRE(found.size() == 1);
    CHECK(found.front().framework == Framework::dbmate);
  }
  SECTION("several tools' tables in several schemas are each found, in schema order") {
    std::vector<TableInfo> tables;
    for (auto framework : {Framework::supabase, Framework::hasura, Framework::golang_migrate}) {
      for (const auto& t : all.at(framework)) tables.push_back(t);
    }
    const auto found = ledgers::detect_ledgers(tables);
    REQUIRE(found.size() == 3);
    CHECK(found[0].framework == Framework::hasura);
    CHECK(found[1].framework == Framework::golang_migrate);
    CHECK(found[2].framework == Framework::supabase);
  }
}

TEST_CASE("detection: a migrations table is Laravel's or TypeORM's by its columns", "[ledgers]") {
  const auto all = tool_tables();
  CHECK(ledgers::detect_ledgers({all.at(Framework::laravel).front()}).front().framework ==
        Framework::laravel);
  CHECK(ledgers::detect_ledgers({all.at(Framework::typeorm).front()}).front().framework ==
        Framework::typeorm);
}

TEST_CASE("detection: companion tables are part of their ledger, not ledgers of their own",
          "[ledgers]") {
  const auto all = tool_tables();
  const std::map<Framework, std::vector<std::string>> companions{
      {Framework::knex, {"public.knex_migrations_lock"}},
      {Framework::rails, {"public.ar_internal_metadata"}},
      {Framework::liquibase, {"public.databasechangeloglock"}},
      {Framework::typeorm, {"public.typeorm_metadata"}},
      {Framework::supabase, {"supabase_migrations.seed_files"}},
      {Framework::sqitch, {"sqitch.events", "sqitch.tags", "sqitch.projects"}},
  };
  for (const auto& [framework, related] : companions) {
    INFO(ledgers::framework_name(framework));
    const auto found = ledgers::detect_ledgers(all.at(framework));
    REQUIRE(found.size() == 1);
    CHECK(names(found.front().related) == related);
  }
}

TEST_CASE("detection: a renamed ledger is found by its columns, as likely", "[ledgers]") {
  const auto all = tool_tables();
  for (auto framework : {Framework::prisma, Framework::flyway, Framework::knex, Framework::sqlx,
                         Framework::atlas, Framework::goose, Framework::node_pg_migrate}) {
    INFO(ledgers::framework_name(framework));
    auto tables = all.at(framework);
    const std::string old_name = tables.front().name;
    tables.front().schema = "ops";
    tables.front().name = "deploy_history";
    for (auto& t : tables) {
      t.schema = "ops";
      // Knex names its lock table after the ledger.
      if (t.name == old_name + "_lock") t.name = "deploy_history_lock";
    }
    const auto found = ledgers::detect_ledgers(tables);
    REQUIRE(found.size() == 1);
    CHECK(found.front().framework == framework);
    CHECK(found.front().table.name == "deploy_history");
    CHECK(found.front().confidence == "likely");
    CHECK_THAT(found.front().notes.back(), Catch::Contains("custom name"));
    if (framework == Framework::knex) {
      CHECK(names(found.front().related) == std::vector<std::string>{"ops.deploy_history_lock"});
    }
  }
}

TEST_CASE("detection: a tool's table name without its columns lists what is missing", "[ledgers]") {
  const auto found = ledgers::detect_ledgers(
      {table("public", "_prisma_migrations",
             {{"id", "character varying(36)"}, {"checksum", "text"}, {"migration_name", "text"}})});
  REQUIRE(found.size() == 1);
  CHECK(found.front().framework == Framework::prisma);
  CHECK(found.front().confidence == "likely");
  CHECK(found.front().missing_columns == std::vector<std::string>{"finished_at", "logs",
                                                                  "rolled_back_at", "started_at",
                                                                  "applied_steps_count"});

  SECTION("and read_ledger reports the unexpected shape instead of guessing") {
    const auto state = ledgers::read_ledger(found.front(), {found.front().table, {}, {}, {}, {}});
    CHECK(state.health == ledgers::Health::unexpected_shape);
    CHECK_THAT(state.explanation, Catch::Contains("lacks finished_at, logs"));
    CHECK_THAT(state.next_step, Catch::Contains("--ledger FRAMEWORK=public._prisma_migrations"));
    driftwatch::ledgers::test::check_advice(state);
  }
  SECTION("the tool whose columns it lacks least is named") {
    const auto knex = ledgers::detect_ledgers(
        {table("public", "knex_migrations", {{"id", "integer"}, {"name", kVarchar}})});
    REQUIRE(knex.size() == 1);
    CHECK(knex.front().framework == Framework::knex);
    CHECK(knex.front().missing_columns == std::vector<std::string>{"batch", "migration_time"});
  }
}

TEST_CASE("detection: a table named like a ledger with unknown columns is an unknown ledger",
          "[ledgers]") {
  const auto found = ledgers::detect_ledgers(
      {table("public", "app_migrations", {{"step", "integer"}, {"label", "text"}}),
       table("public", "customers", {{"id", "integer"}, {"name", "text"}})});
  REQUIRE(found.size() == 1);
  CHECK(found.front().framework == Framework::unknown);
  CHECK(found.front().table.name == "app_migrations");
  CHECK(found.front().confidence == "likely");
  CHECK(found.front().missing_columns.empty());
}

TEST_CASE("detection: plain tables are not ledgers", "[ledgers]") {
  CHECK(ledgers::detect_ledgers({table("public", "customers", {{"id", "integer"}}),
                                 table("public", "orders", {{"id", "integer"}})})
            .empty());
  CHECK(ledgers::detect_ledgers({}).empty());
}

TEST_CASE("detection: --ledger names a custom table as a tool's ledger", "[ledgers]") {
  const auto versions = table("app", "versions", {{"version", "bigint"}, {"dirty", "boolean"}});
  // golang-migrate's columns alone do not identify it (Hasura writes the same).
  CHECK(ledgers::detect_ledgers({versions}).empty());

  const auto found = ledgers::detect_ledgers(
      {versions}, {ledgers::parse_ledger_override("golang-migrate=app.versions")});
  REQUIRE(found.size() == 1);
  CHECK(found.front().framework == Framework::golang_migrate);
  CHECK(found.front().confidence == "certain");
  CHECK_THAT(found.front().notes.back(), Catch::Contains("by the configuration"));
  CHECK(found.front().missing_columns.empty());

  SECTION("without a schema it matches the table in any schema") {
    CHECK(ledgers::detect_ledgers({versions},
                                  {ledgers::parse_ledger_override("golang-migrate=versions")})
              .size() == 1);
  }
  SECTION("in another schema it does not match") {
    CHECK(ledgers::detect_ledgers(
              {versions}, {ledgers::parse_ledger_override("golang-migrate=public.versions")})
              .empty());
  }
  SECTION("a table without the tool's columns is reported with what it lacks") {
    const auto wrong =
        ledgers::detect_ledgers({versions}, {ledgers::parse_ledger_override("knex=app.versions")});
    REQUIRE(wrong.size() == 1);
    CHECK(wrong.front().framework == Framework::knex);
    CHECK(wrong.front().missing_columns ==
          std::vector<std::string>{"id", "name", "batch", "migration_time"});
  }
  SECTION("it overrides what the columns say") {
    const auto all = tool_tables();
    const auto overridden = ledgers::detect_ledgers(
        all.at(Framework::dbmate), {ledgers::parse_ledger_override("rails=schema_migrations")});
    REQUIRE(overridden.size() == 1);
    CHECK(overridden.front().framework == Framework::rails);
  }
}

TEST_CASE("detection: parse_ledger_override reads FRAMEWORK=[SCHEMA.]TABLE", "[ledgers]") {
  const auto qualified = ledgers::parse_ledger_override("knex=ops.deploys");
  CHECK(qualified.framework == Framework::knex);
  CHECK(qualified.schema == "ops");
  CHECK(qualified.table == "deploys");

  const auto bare = ledgers::parse_ledger_override("ef-core=__MyHistory");
  CHECK(bare.framework == Framework::ef_core);
  CHECK(bare.schema.empty());
  CHECK(bare.table == "__MyHistory");

  CHECK_THROWS_WITH(ledgers::parse_ledger_override("knex"),
                    Catch::Contains("expected FRAMEWORK=[SCHEMA.]TABLE"));
  CHECK_THROWS_WITH(ledgers::parse_ledger_override("knex="),
                    Catch::Contains("expected FRAMEWORK=[SCHEMA.]TABLE"));
  CHECK_THROWS_WITH(ledgers::parse_ledger_override("knex=ops."),
                    Catch::Contains("expected FRAMEWORK=[SCHEMA.]TABLE"));
  CHECK_THROWS_WITH(ledgers::parse_ledger_override("knex=.deploys"),
                    Catch::Contains("expected FRAMEWORK=[SCHEMA.]TABLE"));
  CHECK_THROWS_WITH(ledgers::parse_ledger_override("flask=deploys"),
                    Catch::Contains("unknown framework \"flask\""));
  CHECK_THROWS_WITH(ledgers::parse_ledger_override("=deploys"),
                    Catch::Contains("unknown framework"));
  CHECK_THROWS_WITH(ledgers::parse_ledger_override("unknown=deploys"),
                    Catch::Contains("unknown framework"));
  CHECK_THROWS_AS(ledgers::parse_ledger_override("knex"), std::invalid_argument);
}

TEST_CASE("detection: the catalog query's filter lets every default ledger table through",
          "[ledgers]") {
  const std::regex pattern(ledgers::candidate_name_pattern(),
                           std::regex::extended | std::regex::icase);
  const auto& schemas = ledgers::candidate_schemas();
  for (const auto& [framework, tables] : tool_tables()) {
    for (const auto& t : tables) {
      INFO(t.schema << "." << t.name);
      const bool by_schema = std::find(schemas.begin(), schemas.end(), t.schema) != schemas.end();
      CHECK((by_schema || std::regex_search(t.name, pattern)));
    }
  }
  CHECK_FALSE(std::regex_search(std::string("customers"), pattern));
}
