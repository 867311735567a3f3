// Lists the migration files of the tools whose identity is a file or folder
// name; the others are in migration_files_structured.cpp.
#include "probes/ledgers/migration_files.h"

#include <array>
#include <functional>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include "probes/ledgers/checksums.h"
#include "probes/ledgers/migration_file_support.h"

namespace driftwatch::ledgers {
namespace {

namespace fs = std::filesystem;
using namespace file_listing;
using Identify = std::function<std::optional<MigrationFile>(const FolderEntry&)>;

void require_folder(const fs::path& folder) {
  std::error_code error;
  const auto status = fs::status(folder, error);
  if (status.type() == fs::file_type::not_found) {
    throw std::runtime_error("the migrations folder " + folder.string() + " does not exist");
  }
  if (error) {
    throw std::runtime_error("cannot look at the migrations folder " + folder.string() + ": " +
                             error.message());
  }
  if (!fs::is_directory(status)) {
    throw std::runtime_error(folder.string() + " is not a folder");
  }
}

std::vector<MigrationFile> list_named(const fs::path& folder, const Identify& identify) {
  std::vector<MigrationFile> files;
  for (const auto& entry : sorted_entries(folder)) {
    if (auto file = identify(entry); file && !file->id.empty()) files.push_back(std::move(*file));
  }
  return files;
}

MigrationFile named(const FolderEntry& entry, std::string id) {
  return {std::move(id), entry.name, entry.path.string(), std::nullopt, {}, {}};
}

std::string without_suffix(std::string_view name, std::string_view suffix) {
  return std::string(name.substr(0, name.size() - suffix.size()));
}

// The name without its last extension ("1_init.js" -> "1_init").
std::string stem(std::string_view name) {
  const auto dot = name.rfind('.');
  return std::string(dot == std::string_view::npos || dot == 0 ? name : name.substr(0, dot));
}

template <std::size_t N>
bool has_any_suffix(std::string_view name, const std::array<std::string_view, N>& suffixes) {
  for (auto suffix : suffixes) {
    if (name.ends_with(suffix) && name.size() > suffix.size()) return true;
  }
  return false;
}

// Django names an app after its folder (the default AppConfig label);
// <app>/migrations is the folder given.
std::string django_app_label(const fs::path& folder) {
  auto normal = folder.lexically_normal();
  if (normal.filename().empty()) normal = normal.parent_path();
  return fs::absolute(normal).parent_path().filename().string();
}

std::optional<MigrationFile> prisma_migration(const FolderEntry& entry) {
  const auto script = entry.path / "migration.sql";
  if (!entry.is_folder || !file_exists(script)) return std::nullopt;
  const auto bytes = read_bytes(script);
  return MigrationFile{entry.name,
                       entry.name,
                       script.string(),
                       prisma_checksum(bytes),
                       prisma_accepted_checksums(bytes),
                       {}};
}

std::optional<MigrationFile> sqlx_migration(const FolderEntry& entry) {
  if (entry.is_folder || !entry.name.ends_with(".sql") || entry.name.ends_with(".down.sql")) {
    return std::nullopt;
  }
  auto file = versioned_file(entry, true);
  if (!file.id.empty()) file.checksum = sqlx_checksum(read_bytes(entry.path));
  return file;
}

std::vector<MigrationFile> list_for(Framework framework, const fs::path& folder) {
  // Every lister below skips what its tool would not load.
  const auto regular = [](const FolderEntry& entry) { return !entry.is_folder; };
  constexpr std::array<std::string_view, 9> kKnexExtensions{
      ".co", ".coffee", ".eg", ".iced", ".js", ".cjs", ".litcoffee", ".ls", ".ts"};
  constexpr std::array<std::string_view, 4> kSequelizeExtensions{".js", ".ts", ".cjs", ".mjs"};
  constexpr std::array<std::string_view, 7> kNodePgMigrateExtensions{".js",  ".cjs", ".mjs", ".ts",
                                                                     ".cts", ".mts", ".sql"};
  switch (framework) {
    case Framework::prisma: return list_named(folder, prisma_migration);
    case Framework::django: {
      const auto app = django_app_label(folder);
      // Django's MigrationLoader: every module not starting with "_" or "~".
      return list_named(folder, [&](const FolderEntry& entry) -> std::optional<MigrationFile> {
        if (!regular(entry) || !entry.name.ends_with(".py") || entry.name[0] == '_' ||
            entry.name[0] == '~') {
          return std::nullopt;
        }
        return named(entry, app + "." + without_suffix(entry.name, ".py"));
      });
    }
    case Framework::rails:
    case Framework::ecto:
      return list_named(folder, [&](const FolderEntry& entry) -> std::optional<MigrationFile> {
        const auto* extension = framework == Framework::rails ? ".rb" : ".exs";
        if (!regular(entry) || !entry.name.ends_with(extension)) return std::nullopt;
        return versioned_file(entry, true);
      });
    case Framework::golang_migrate:
      // <version>_<title>.up.<extension>; down migrations are not in the ledger.
      return list_named(folder, [&](const FolderEntry& entry) -> std::optional<MigrationFile> {
        if (!regular(entry) || entry.name.find(".up.") == std::string::npos) return std::nullopt;
        return versioned_file(entry, true);
      });
    case Framework::goose:
      return list_named(folder, [&](const FolderEntry& entry) -> std::optional<MigrationFile> {
        const bool go = entry.name.ends_with(".go") && !entry.name.ends_with("_test.go");
        if (!regular(entry) || !(entry.name.ends_with(".sql") || go)) return std::nullopt;
        return versioned_file(entry, true);
      });
    case Framework::dbmate:
      // dbmate's ^(\d+).*\.sql$: the digits, kept as written.
      return list_named(folder, [&](const FolderEntry& entry) -> std::optional<MigrationFile> {
        if (!regular(entry) || !entry.name.ends_with(".sql")) return std::nullopt;
        return named(entry, std::string(leading_digits(entry.name)));
      });
    case Framework::supabase:
      return list_named(folder, [&](const FolderEntry& entry) -> std::optional<MigrationFile> {
        if (!regular(entry) || !entry.name.ends_with(".sql")) return std::nullopt;
        return versioned_file(entry, false);
      });
    case Framework::knex:
      return list_named(folder, [&](const FolderEntry& entry) -> std::optional<MigrationFile> {
        if (!regular(entry) || !has_any_suffix(entry.name, kKnexExtensions)) return std::nullopt;
        return named(entry, entry.name);
      });
    case Framework::sequelize:
      return list_named(folder, [&](const FolderEntry& entry) -> std::optional<MigrationFile> {
        if (!regular(entry) || !has_any_suffix(entry.name, kSequelizeExtensions) ||
            entry.name.ends_with(".d.ts")) {
          return std::nullopt;
        }
        return named(entry, entry.name);
      });
    case Framework::node_pg_migrate:
      return list_named(folder, [&](const FolderEntry& entry) -> std::optional<MigrationFile> {
        if (!regular(entry) || entry.name[0] == '.' || entry.name.ends_with(".d.ts") ||
            !has_any_suffix(entry.name, kNodePgMigrateExtensions)) {
          return std::nullopt;
        }
        return named(entry, stem(entry.name));
      });
    case Framework::ef_core:
      return list_named(folder, [&](const FolderEntry& entry) -> std::optional<MigrationFile> {
        if (!regular(entry) || !entry.name.ends_with(".cs") ||
            entry.name.ends_with(".Designer.cs") || entry.name.ends_with("ModelSnapshot.cs")) {
          return std::nullopt;
        }
        return named(entry, without_suffix(entry.name, ".cs"));
      });
    case Framework::laravel:
      return list_named(folder, [&](const FolderEntry& entry) -> std::optional<MigrationFile> {
        if (!regular(entry) || !entry.name.ends_with(".php")) return std::nullopt;
        return named(entry, without_suffix(entry.name, ".php"));
      });
    case Framework::sqlx: return list_named(folder, sqlx_migration);
    case Framework::diesel:
      // The version is the part before the first "_", with "-" removed.
      return list_named(folder, [&](const FolderEntry& entry) -> std::optional<MigrationFile> {
        if (!entry.is_folder || entry.name[0] == '.' || !file_exists(entry.path / "up.sql")) {
          return std::nullopt;
        }
        std::string version;
        for (char c : entry.name.substr(0, entry.name.find('_'))) {
          if (c != '-') version += c;
        }
        auto file = named(entry, version);
        file.path = (entry.path / "up.sql").string();
        return file;
      });
    case Framework::hasura:
      return list_named(folder, [&](const FolderEntry& entry) -> std::optional<MigrationFile> {
        if (!entry.is_folder) return std::nullopt;
        return versioned_file(entry, true);
      });
    case Framework::alembic: return list_alembic(folder);
    case Framework::drizzle: return list_drizzle(folder);
    case Framework::sqitch: return list_sqitch(folder);
    case Framework::atlas: return list_atlas(folder);
    case Framework::typeorm: return list_typeorm(folder);
    case Framework::flyway: return list_flyway(folder);
    case Framework::liquibase: return {};
    case Framework::unknown: break;
  }
  throw std::runtime_error(
      "driftwatch does not know where " + std::string(framework_name(framework)) +
      " keeps its migrations, so it cannot compare them with " + folder.string());
}

}  // namespace

std::vector<MigrationFile> list_migration_files(Framework framework, const fs::path& dir) {
  require_folder(dir);
  return list_for(framework, dir);
}

}  // namespace driftwatch::ledgers
