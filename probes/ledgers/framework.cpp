#include "probes/ledgers/framework.h"

#include <array>

namespace driftwatch::ledgers {
namespace {

struct FrameworkName {
  Framework framework;
  std::string_view name;
};

constexpr std::array kNames{
    FrameworkName{Framework::prisma, "prisma"},
    FrameworkName{Framework::django, "django"},
    FrameworkName{Framework::rails, "rails"},
    FrameworkName{Framework::alembic, "alembic"},
    FrameworkName{Framework::flyway, "flyway"},
    FrameworkName{Framework::liquibase, "liquibase"},
    FrameworkName{Framework::golang_migrate, "golang-migrate"},
    FrameworkName{Framework::goose, "goose"},
    FrameworkName{Framework::dbmate, "dbmate"},
    FrameworkName{Framework::sqitch, "sqitch"},
    FrameworkName{Framework::knex, "knex"},
    FrameworkName{Framework::sequelize, "sequelize"},
    FrameworkName{Framework::typeorm, "typeorm"},
    FrameworkName{Framework::drizzle, "drizzle"},
    FrameworkName{Framework::node_pg_migrate, "node-pg-migrate"},
    FrameworkName{Framework::ef_core, "ef-core"},
    FrameworkName{Framework::sqlx, "sqlx"},
    FrameworkName{Framework::supabase, "supabase"},
    FrameworkName{Framework::atlas, "atlas"},
    FrameworkName{Framework::laravel, "laravel"},
    FrameworkName{Framework::ecto, "ecto"},
    FrameworkName{Framework::diesel, "diesel"},
    FrameworkName{Framework::hasura, "hasura"},
    FrameworkName{Framework::unknown, "unknown"},
};

}  // namespace

std::string_view framework_name(Framework framework) {
  for (const auto& entry : kNames) {
    if (entry.framework == framework) return entry.name;
  }
  return "unknown";
}

std::optional<Framework> parse_framework(std::string_view name) {
  for (const auto& entry : kNames) {
    if (entry.name == name) return entry.framework;
  }
  return std::nullopt;
}

const std::vector<Framework>& all_frameworks() {
  static const std::vector<Framework> frameworks = [] {
    std::vector<Framework> out;
    out.reserve(kNames.size());
    for (const auto& entry : kNames) out.push_back(entry.framework);
    return out;
  }();
  return frameworks;
}

}  // namespace driftwatch::ledgers
