// Lists the migration files of the tools whose identities live inside files
// (Alembic, TypeORM), in a journal or plan (Drizzle, Sqitch), or that record
// a checksum needing the whole folder (Atlas) or a name rule (Flyway).
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "probes/ledgers/checksums.h"
#include "probes/ledgers/migration_file_support.h"

namespace driftwatch::ledgers::file_listing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> quoted_strings(std::string_view text) {
  std::vector<std::string> strings;
  for (std::size_t at = text.find_first_of("'\""); at != std::string_view::npos;) {
    const auto close = text.find(text[at], at + 1);
    if (close == std::string_view::npos) break;
    strings.emplace_back(text.substr(at + 1, close - at - 1));
    at = text.find_first_of("'\"", close + 1);
  }
  return strings;
}

// The strings of a top-level Python assignment `name = ...` or, as newer
// Alembic templates write it, `name: <type> = ...`: one quoted string, a
// tuple or list of them (a merge), or none (None). Nothing when absent.
std::optional<std::vector<std::string>> python_assignment(std::string_view source,
                                                          std::string_view name) {
  for (std::size_t line = 0; line < source.size();) {
    const auto end = std::min(source.find('\n', line), source.size());
    const auto text = source.substr(line, end - line);
    const char after = text.size() > name.size() ? text[name.size()] : '\0';
    const auto equals = text.find('=');
    if (text.starts_with(name) && (after == ' ' || after == ':' || after == '=') &&
        equals != std::string_view::npos) {
      const auto value_start = source.find_first_not_of(" \t", line + equals + 1);
      if (value_start == std::string_view::npos) return std::vector<std::string>{};
      const char first = source[value_start];
      if (first == '(' || first == '[') {  // a merge revision; may span lines
        const auto close = source.find(first == '(' ? ')' : ']', value_start);
        return quoted_strings(source.substr(value_start, close - value_start));
      }
      if (first != '\'' && first != '"') return std::vector<std::string>{};  // None
      auto strings = quoted_strings(source.substr(value_start, end - value_start));
      strings.resize(std::min<std::size_t>(strings.size(), 1));  // ignore a trailing comment
      return strings;
    }
    line = end + 1;
  }
  return std::nullopt;
}

bool is_identifier_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c == '$';
}

// The migration class a TypeORM file declares: the class that implements
// MigrationInterface, else (compiled JavaScript has no interfaces) the first
// class of a file that uses a queryRunner.
std::string typeorm_class_name(std::string_view source) {
  std::string first_class;
  for (auto at = source.find("class "); at != std::string_view::npos;
       at = source.find("class ", at + 1)) {
    if (at > 0 && is_identifier_char(source[at - 1])) continue;
    auto end = at + 6;
    while (end < source.size() && is_identifier_char(source[end])) ++end;
    const auto name = source.substr(at + 6, end - at - 6);
    if (name.empty()) continue;
    const auto body = source.find('{', end);
    if (source.substr(end, body - end).find("MigrationInterface") != std::string_view::npos) {
      return std::string(name);
    }
    if (first_class.empty()) first_class = name;
  }
  return source.find("queryRunner") != std::string_view::npos ? first_class : std::string();
}

[[noreturn]] void unreadable_journal(const fs::path& journal, const std::string& problem) {
  throw std::runtime_error("cannot read Drizzle's journal " + journal.string() + ": " + problem);
}

// Flyway's resource scanner descends into subfolders of a location.
void collect_flyway(const fs::path& folder, std::vector<MigrationFile>& files) {
  for (const auto& entry : sorted_entries(folder)) {
    if (entry.is_folder) {
      collect_flyway(entry.path, files);
      continue;
    }
    const auto separator = entry.name.find("__");
    const bool versioned = entry.name.starts_with("V");
    const bool repeatable = entry.name.starts_with("R");
    if (!entry.name.ends_with(".sql") || separator == std::string::npos ||
        !(versioned || repeatable)) {
      continue;
    }
    // File names use "_" for spaces in the description and for dots in the
    // version; the ledger holds the description and version with them replaced.
    std::string description = entry.name.substr(separator + 2);
    description.resize(description.size() - 4);
    for (char& c : description) c = c == '_' ? ' ' : c;
    std::string version = entry.name.substr(1, separator - 1);
    for (char& c : version) c = c == '_' ? '.' : c;
    const bool well_formed = versioned ? !version.empty() : version.empty();
    if (!well_formed) continue;  // "V__x.sql", "R1__x.sql": Flyway refuses these
    const auto id = versioned ? version : "R:" + description;
    files.push_back({id,
                     description,
                     entry.path.string(),
                     std::to_string(flyway_checksum(read_bytes(entry.path))),
                     {},
                     {}});
  }
}

}  // namespace

std::vector<MigrationFile> list_alembic(const fs::path& folder) {
  const auto versions = folder_exists(folder / "versions") ? folder / "versions" : folder;
  std::vector<MigrationFile> files;
  for (const auto& entry : sorted_entries(versions)) {
    // Alembic skips __init__.py and editor lock files (".#name.py").
    if (entry.is_folder || !entry.name.ends_with(".py") || entry.name == "__init__.py" ||
        entry.name.starts_with(".#")) {
      continue;
    }
    const auto source = read_bytes(entry.path);
    const auto revision = python_assignment(source, "revision");
    if (!revision || revision->size() != 1) continue;  // not a revision script
    files.push_back(
        {revision->front(),
         entry.name,
         entry.path.string(),
         std::nullopt,
         {},
         python_assignment(source, "down_revision").value_or(std::vector<std::string>{})});
  }
  return files;
}

std::vector<MigrationFile> list_drizzle(const fs::path& folder) {
  const auto journal = folder / "meta" / "_journal.json";
  if (!file_exists(journal)) unreadable_journal(journal, "it does not exist");
  const auto parsed = nlohmann::json::parse(read_bytes(journal), nullptr, false);
  if (parsed.is_discarded()) unreadable_journal(journal, "it is not JSON");
  const auto entries = parsed.is_object() ? parsed.find("entries") : parsed.end();
  if (entries == parsed.end() || !entries->is_array()) {
    unreadable_journal(journal, "it has no \"entries\" list");
  }
  std::vector<MigrationFile> files;
  for (const auto& entry : *entries) {
    const auto tag = entry.is_object() ? entry.find("tag") : entry.end();
    const auto when = entry.is_object() ? entry.find("when") : entry.end();
    if (tag == entry.end() || !tag->is_string() || when == entry.end() ||
        !when->is_number_integer()) {
      unreadable_journal(journal, "an entry lacks a \"tag\" text or a \"when\" number");
    }
    const auto script = folder / (tag->get<std::string>() + ".sql");
    // A journal entry without its script: reported as missing if applied.
    if (!file_exists(script)) continue;
    files.push_back({std::to_string(when->get<long long>()),
                     tag->get<std::string>(),
                     script.string(),
                     drizzle_checksum(read_bytes(script)),
                     {},
                     {}});
  }
  return files;
}

std::vector<MigrationFile> list_sqitch(const fs::path& folder) {
  const auto plan_file = folder / "sqitch.plan";
  if (!file_exists(plan_file)) {
    throw std::runtime_error("cannot read Sqitch's plan " + plan_file.string() +
                             ": it does not exist");
  }
  const auto plan = read_bytes(plan_file);
  struct PlannedChange {
    std::string name;
    std::string next_tag;  ///< the first tag after it; names a reworked copy
  };
  std::vector<PlannedChange> changes;
  for (std::size_t line = 0; line < plan.size();) {
    const auto end = std::min(plan.find('\n', line), plan.size());
    std::string_view text(plan.data() + line, end - line);
    line = end + 1;
    text.remove_prefix(std::min(text.find_first_not_of(" \t\r"), text.size()));
    if (text.empty() || text[0] == '#' || text[0] == '%') continue;
    const bool is_tag = text[0] == '@';
    if (text[0] == '-') continue;  // a revert step, not a deployment
    if (text[0] == '+' || is_tag) text.remove_prefix(1);
    text.remove_prefix(std::min(text.find_first_not_of(" \t"), text.size()));
    const auto name = std::string(text.substr(0, text.find_first_of(" \t\r[")));
    if (name.empty()) continue;
    if (!is_tag) {
      changes.push_back({name, {}});
      continue;
    }
    for (auto it = changes.rbegin(); it != changes.rend() && it->next_tag.empty(); ++it) {
      it->next_tag = name;
    }
  }
  std::map<std::string, int> later_instances;
  for (const auto& change : changes) ++later_instances[change.name];
  std::vector<MigrationFile> files;
  for (const auto& change : changes) {
    // A reworked change's earlier instance deploys from <name>@<tag>.sql.
    const bool reworked = --later_instances[change.name] > 0 && !change.next_tag.empty();
    const auto script =
        folder / "deploy" / (change.name + (reworked ? "@" + change.next_tag : "") + ".sql");
    if (!file_exists(script)) continue;
    files.push_back({change.name,
                     change.name,
                     script.string(),
                     sqitch_script_hash(read_bytes(script)),
                     {},
                     {}});
  }
  return files;
}

std::vector<MigrationFile> list_atlas(const fs::path& folder) {
  std::vector<AtlasFile> directory;  // Atlas hashes every *.sql file, by name
  std::vector<FolderEntry> scripts;
  for (const auto& entry : sorted_entries(folder)) {
    if (entry.is_folder || !entry.name.ends_with(".sql")) continue;
    directory.push_back({entry.name, read_bytes(entry.path)});
    scripts.push_back(entry);
  }
  std::map<std::string, std::string> hashes;
  for (const auto& entry : atlas_sum(directory).entries) hashes[entry.name] = entry.hash;
  std::vector<MigrationFile> files;
  for (const auto& entry : scripts) {
    // Atlas's version: the name without ".sql", up to the first "_".
    const auto stem = entry.name.substr(0, entry.name.size() - 4);
    MigrationFile file{
        stem.substr(0, stem.find('_')), entry.name, entry.path.string(), std::nullopt, {}, {}};
    if (auto hash = hashes.find(entry.name); hash != hashes.end()) file.checksum = hash->second;
    files.push_back(std::move(file));
  }
  return files;
}

std::vector<MigrationFile> list_typeorm(const fs::path& folder) {
  std::vector<MigrationFile> files;
  for (const auto& entry : sorted_entries(folder)) {
    const auto& name = entry.name;
    const bool script = name.ends_with(".ts") || name.ends_with(".js") || name.ends_with(".mts") ||
                        name.ends_with(".cts") || name.ends_with(".mjs") || name.ends_with(".cjs");
    if (entry.is_folder || !script || name.ends_with(".d.ts")) continue;
    auto class_name = typeorm_class_name(read_bytes(entry.path));
    if (class_name.empty()) continue;
    files.push_back({std::move(class_name), name, entry.path.string(), std::nullopt, {}, {}});
  }
  return files;
}

std::vector<MigrationFile> list_flyway(const fs::path& folder) {
  std::vector<MigrationFile> files;
  collect_flyway(folder, files);
  return files;
}

}  // namespace driftwatch::ledgers::file_listing
