#include "probes/migration_sql/pending_sql.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace driftwatch::migration_sql {
namespace {

bool has_sql_extension(const std::string& path) {
  auto extension = std::filesystem::path(path).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".sql";
}

}  // namespace

std::vector<PendingSql> read_pending_files(
    const std::vector<std::pair<std::string, std::string>>& id_and_path) {
  std::vector<PendingSql> pending;
  pending.reserve(id_and_path.size());
  for (const auto& [id, path] : id_and_path) {
    PendingSql entry{id, path, {}, {}};
    if (!has_sql_extension(path)) {
      const auto extension = std::filesystem::path(path).extension().string();
      entry.unreadable = "not an SQL file (" + (extension.empty() ? "no extension" : extension) +
                         "): its statements cannot be parsed";
    } else {
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        entry.unreadable = "cannot read the file: " + std::string(std::strerror(errno));
      } else {
        std::ostringstream text;
        text << in.rdbuf();
        if (in.bad()) {
          entry.unreadable = "cannot read the file: " + std::string(std::strerror(errno));
        } else {
          entry.sql = std::move(text).str();
        }
      }
    }
    pending.push_back(std::move(entry));
  }
  return pending;
}

}  // namespace driftwatch::migration_sql
