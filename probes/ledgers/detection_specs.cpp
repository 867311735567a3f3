#include "probes/ledgers/detection_specs.h"

namespace driftwatch::ledgers::detail {
namespace {

bool has_sibling(const TableInfo& table, const Siblings& siblings, const std::string& name) {
  auto it = siblings.find(table.schema);
  return it != siblings.end() && it->second.count(name) > 0;
}

bool type_is_integer(const TableInfo& table, std::string_view column) {
  const auto* c = table.column(column);
  return c != nullptr && (c->type == "bigint" || c->type == "integer");
}

bool type_is_text(const TableInfo& table, std::string_view column) {
  const auto* c = table.column(column);
  return c != nullptr && (c->type.starts_with("character varying") || c->type == "text");
}

bool rails(const TableInfo& t, const Siblings& s) {
  return type_is_text(t, "version") && has_sibling(t, s, "ar_internal_metadata");
}
bool dbmate(const TableInfo& t, const Siblings& s) {
  return t.columns.size() == 1 && type_is_text(t, "version") &&
         !has_sibling(t, s, "ar_internal_metadata") && t.schema != "supabase_migrations";
}
bool golang_migrate(const TableInfo& t, const Siblings&) {
  return t.schema != "hdb_catalog" && type_is_integer(t, "version") && t.columns.size() == 2;
}
bool ecto(const TableInfo& t, const Siblings&) {
  return type_is_integer(t, "version") && t.columns.size() == 2;
}
bool sqitch(const TableInfo& t, const Siblings& s) {
  return has_sibling(t, s, "events") && has_sibling(t, s, "projects") && has_sibling(t, s, "tags");
}

}  // namespace

// Most specific first: tools that share a table name are told apart by the
// schema, the column types and the sibling tables.
const std::vector<Spec>& specs() {
  static const std::vector<Spec> all{
      {Framework::prisma,
       {"_prisma_migrations"},
       "",
       {"id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at",
        "applied_steps_count"},
       true,
       nullptr,
       {},
       ""},
      {Framework::django,
       {"django_migrations"},
       "",
       {"id", "app", "name", "applied"},
       true,
       nullptr,
       {},
       ""},
      {Framework::supabase,
       {"schema_migrations"},
       "supabase_migrations",
       {"version"},
       false,
       nullptr,
       {"seed_files"},
       ""},
      {Framework::hasura,
       {"schema_migrations"},
       "hdb_catalog",
       {"version", "dirty"},
       false,
       nullptr,
       {},
       ""},
      {Framework::rails,
       {"schema_migrations"},
       "",
       {"version"},
       false,
       rails,
       {"ar_internal_metadata"},
       ""},
      {Framework::golang_migrate,
       {"schema_migrations"},
       "",
       {"version", "dirty"},
       false,
       golang_migrate,
       {},
       ""},
      {Framework::ecto, {"schema_migrations"}, "", {"version", "inserted_at"}, false, ecto, {}, ""},
      {Framework::dbmate,
       {"schema_migrations"},
       "",
       {"version"},
       false,
       dbmate,
       {},
       "a schema_migrations table with one text column version is written by dbmate, and by "
       "Rails before 5.0 (which had no ar_internal_metadata); driftwatch reads both the same way"},
      {Framework::alembic, {"alembic_version"}, "", {"version_num"}, true, nullptr, {}, ""},
      {Framework::flyway,
       {"flyway_schema_history", "schema_version"},
       "",
       {"installed_rank", "version", "description", "type", "script", "checksum", "installed_by",
        "installed_on", "execution_time", "success"},
       true,
       nullptr,
       {},
       ""},
      {Framework::liquibase,
       {"databasechangelog"},
       "",
       {"id", "author", "filename", "dateexecuted", "orderexecuted", "exectype", "md5sum"},
       true,
       nullptr,
       {"databasechangeloglock"},
       ""},
      {Framework::goose,
       {"goose_db_version"},
       "",
       {"id", "version_id", "is_applied", "tstamp"},
       true,
       nullptr,
       {"goose_lock"},
       ""},
      {Framework::sqitch,
       {"changes"},
       "",
       {"change_id", "script_hash", "change", "project", "committed_at"},
       true,
       sqitch,
       {"events", "tags", "projects"},
       ""},
      {Framework::knex,
       {"knex_migrations"},
       "",
       {"id", "name", "batch", "migration_time"},
       true,
       nullptr,
       {"*_lock"},
       ""},
      {Framework::sequelize, {"SequelizeMeta"}, "", {"name"}, false, nullptr, {}, ""},
      {Framework::typeorm,
       {"migrations"},
       "",
       {"id", "timestamp", "name"},
       true,
       nullptr,
       {"typeorm_metadata"},
       ""},
      {Framework::laravel, {"migrations"}, "", {"id", "migration", "batch"}, true, nullptr, {}, ""},
      {Framework::drizzle,
       {"__drizzle_migrations"},
       "",
       {"id", "hash", "created_at"},
       true,
       nullptr,
       {},
       ""},
      {Framework::node_pg_migrate,
       {"pgmigrations"},
       "",
       {"id", "name", "run_on"},
       true,
       nullptr,
       {},
       ""},
      {Framework::ef_core,
       {"__EFMigrationsHistory"},
       "",
       {"MigrationId", "ProductVersion"},
       true,
       nullptr,
       {},
       ""},
      {Framework::sqlx,
       {"_sqlx_migrations"},
       "",
       {"version", "description", "installed_on", "success", "checksum", "execution_time"},
       true,
       nullptr,
       {},
       ""},
      {Framework::atlas,
       {"atlas_schema_revisions"},
       "",
       {"version", "description", "type", "applied", "total", "executed_at", "execution_time",
        "error", "error_stmt", "hash"},
       true,
       nullptr,
       {},
       ""},
      {Framework::diesel,
       {"__diesel_schema_migrations"},
       "",
       {"version", "run_on"},
       true,
       nullptr,
       {},
       ""},
  };
  return all;
}

}  // namespace driftwatch::ledgers::detail
