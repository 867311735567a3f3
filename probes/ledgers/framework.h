// The migration tools driftwatch recognises by their ledger tables.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace driftwatch::ledgers {

enum class Framework {
  prisma,
  django,
  rails,
  alembic,
  flyway,
  liquibase,
  golang_migrate,
  goose,
  dbmate,
  sqitch,
  knex,
  sequelize,
  typeorm,
  drizzle,
  node_pg_migrate,
  ef_core,
  sqlx,
  supabase,
  atlas,
  laravel,
  ecto,
  diesel,
  hasura,
  unknown,  ///< a table that looks like a ledger of a tool driftwatch does not know
};

/// The stable name used in every output and option: "prisma", "golang-migrate".
std::string_view framework_name(Framework framework);

/// The framework with that name, or nothing.
std::optional<Framework> parse_framework(std::string_view name);

/// Every framework, in the order above (unknown last).
const std::vector<Framework>& all_frameworks();

}  // namespace driftwatch::ledgers
