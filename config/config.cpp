// The walk over a driftwatch.toml document, and reading it from disk.
#include "config/config.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>

#include "config/sections.h"
#include "config/table_reader.h"

namespace driftwatch::config {
namespace {

using detail::TableReader;

toml::table parse_toml(std::string_view text, const std::filesystem::path& origin) {
  try {
    return toml::parse(text, origin.string());
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    throw ConfigError(origin.string() + ":" + std::to_string(begin.line) + ":" +
                      std::to_string(begin.column) + ": " + std::string(e.description()));
  }
}

// A [daemon]-style table, or nullptr when the file leaves it out.
const toml::table* section_table(const TableReader& top, std::string_view key) {
  const auto* node = top.find(key);
  if (node == nullptr) return nullptr;
  if (!node->is_table()) {
    top.fail(*node, key,
             "expected a table [" + std::string(key) + "], got " +
                 std::string(detail::type_phrase(*node)));
  }
  return node->as_table();
}

std::vector<Target> read_targets(const TableReader& top, const std::filesystem::path& origin) {
  std::vector<Target> targets;
  const auto* node = top.find("target");
  if (node == nullptr) return targets;
  const auto* array = node->as_array();
  if (array == nullptr || !array->is_array_of_tables()) {
    top.fail(*node, "target",
             "expected [[target]] tables, got " + std::string(detail::type_phrase(*node)));
  }
  std::map<std::string, int, std::less<>> seen;
  for (const auto& element : *array) {
    TableReader reader(*element.as_table(), "[[target]]", origin);
    auto target = detail::read_target(reader);
    if (auto [it, fresh] = seen.emplace(target.name, target.line); !fresh) {
      reader.fail(*reader.find("name"), "name",
                  "already used by the target at line " + std::to_string(it->second));
    }
    targets.push_back(std::move(target));
  }
  return targets;
}

}  // namespace

const Target* Config::find_target(std::string_view name) const {
  for (const auto& target : targets) {
    if (target.name == name) return &target;
  }
  return nullptr;
}

Config parse_config(std::string_view text, const std::filesystem::path& origin) {
  const toml::table document = parse_toml(text, origin);
  const TableReader top(document, "", origin);
  top.reject_unknown_keys({"daemon", "http", "webhook", "log", "target"});

  Config config;
  config.path = origin;
  if (const auto* table = section_table(top, "daemon")) {
    detail::read_daemon(TableReader(*table, "[daemon]", origin), config.daemon);
  }
  if (const auto* table = section_table(top, "http")) {
    detail::read_http(TableReader(*table, "[http]", origin), config.http);
  }
  if (const auto* table = section_table(top, "webhook")) {
    detail::read_webhook(TableReader(*table, "[webhook]", origin), config.webhook);
  }
  if (const auto* table = section_table(top, "log")) {
    detail::read_log(TableReader(*table, "[log]", origin), config.log);
  }
  config.targets = read_targets(top, origin);
  // Only now, as [daemon] may come after the targets in the file.
  for (auto& target : config.targets) {
    if (target.interval == Duration::zero()) target.interval = config.daemon.interval;
  }
  return config;
}

Config load_config(const std::filesystem::path& path) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                             &std::fclose);
  if (!file) {
    const int error = errno;
    throw ConfigError("cannot read " + path.string() + ": " + std::strerror(error));
  }
  std::string text;
  char buffer[8192];
  std::size_t count = 0;
  while ((count = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, count);
  // A directory opens fine and fails on the first read, with EISDIR.
  if (std::ferror(file.get()) != 0) {
    const int error = errno;
    throw ConfigError("cannot read " + path.string() + ": " + std::strerror(error));
  }
  return parse_config(text, path);
}

}  // namespace driftwatch::config
