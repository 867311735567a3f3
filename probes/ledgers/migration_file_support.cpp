#include "probes/ledgers/migration_file_support.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>

namespace driftwatch::ledgers::file_listing {

namespace fs = std::filesystem;

std::vector<FolderEntry> sorted_entries(const fs::path& folder) {
  std::vector<FolderEntry> entries;
  std::error_code error;
  fs::directory_iterator it(folder, error);
  for (; !error && it != fs::directory_iterator(); it.increment(error)) {
    std::error_code type_error;  // a dangling link is simply not a folder
    entries.push_back({it->path().filename().string(), it->path(), it->is_directory(type_error)});
  }
  if (error) {
    throw std::runtime_error("cannot read the folder " + folder.string() + ": " + error.message());
  }
  std::sort(entries.begin(), entries.end(),
            [](const FolderEntry& a, const FolderEntry& b) { return a.name < b.name; });
  return entries;
}

bool file_exists(const fs::path& path) {
  std::error_code error;
  return fs::is_regular_file(path, error);
}

bool folder_exists(const fs::path& path) {
  std::error_code error;
  return fs::is_directory(path, error);
}

std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + file.string());
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw std::runtime_error("cannot read " + file.string());
  return bytes;
}

std::string_view leading_digits(std::string_view text) {
  std::size_t end = 0;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  return text.substr(0, end);
}

std::string without_leading_zeros(std::string_view digits) {
  const auto first = digits.find_first_not_of('0');
  if (first == std::string_view::npos) return digits.empty() ? std::string() : std::string("0");
  return std::string(digits.substr(first));
}

MigrationFile versioned_file(const FolderEntry& entry, bool integer_version) {
  MigrationFile file{{}, entry.name, entry.path.string(), std::nullopt, {}, {}};
  const auto digits = leading_digits(entry.name);
  if (!digits.empty() && digits.size() < entry.name.size() && entry.name[digits.size()] == '_') {
    file.id = integer_version ? without_leading_zeros(digits) : std::string(digits);
  }
  return file;
}

}  // namespace driftwatch::ledgers::file_listing
