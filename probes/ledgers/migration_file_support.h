// Pieces shared by the per-tool migration file listers (migration_files*.cpp).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "probes/ledgers/migration_files.h"

namespace driftwatch::ledgers::file_listing {

struct FolderEntry {
  std::string name;
  std::filesystem::path path;
  bool is_folder = false;
};

/// The entries of `folder`, sorted by name (byte order, as Go and Rust sort
/// names). Throws std::runtime_error naming the folder when it cannot be read.
std::vector<FolderEntry> sorted_entries(const std::filesystem::path& folder);

/// Whether `path` is a regular file (false when it cannot be looked at).
bool file_exists(const std::filesystem::path& path);

/// Whether `path` is a folder (false when it cannot be looked at).
bool folder_exists(const std::filesystem::path& path);

/// The file's bytes. Throws std::runtime_error naming it when unreadable.
std::string read_bytes(const std::filesystem::path& file);

/// The decimal digits `text` starts with ("" when none).
std::string_view leading_digits(std::string_view text);

/// The number as an integer column shows it: "0042" becomes "42".
std::string without_leading_zeros(std::string_view digits);

/// A file whose identity is its name's leading version number, when the
/// name is <digits>_... : `integer_version` drops leading zeros (for tools
/// that parse the version as a number) and `id` is "" when the name does not fit.
MigrationFile versioned_file(const FolderEntry& entry, bool integer_version);

// The tools whose identities live inside files or that record checksums
// (migration_files_structured.cpp).
std::vector<MigrationFile> list_alembic(const std::filesystem::path& folder);
std::vector<MigrationFile> list_drizzle(const std::filesystem::path& folder);
std::vector<MigrationFile> list_sqitch(const std::filesystem::path& folder);
std::vector<MigrationFile> list_atlas(const std::filesystem::path& folder);
std::vector<MigrationFile> list_typeorm(const std::filesystem::path& folder);
std::vector<MigrationFile> list_flyway(const std::filesystem::path& folder);

}  // namespace driftwatch::ledgers::file_listing
