// One [[target]] table: a database to watch and how to look at it.
#include <algorithm>
#include <array>
#include <stdexcept>
#include <utility>

#include "config/sections.h"
#include "probes/ledgers/framework.h"
#include "probes/schema/object.h"

namespace driftwatch::config::detail {
namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// [A-Za-z_][A-Za-z0-9_]*: Prometheus label names and environment variable names alike.
bool is_identifier(std::string_view name) {
  return !name.empty() && !(name.front() >= '0' && name.front() <= '9') &&
         std::all_of(name.begin(), name.end(), is_word_char);
}

bool is_target_name(std::string_view name) {
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return is_word_char(c) || c == '.' || c == '-'; });
}

std::string read_name(const TableReader& reader) {
  auto name = reader.string("name");
  if (!name) reader.fail(line_of(reader.table()), "name", "missing (every target needs one)");
  if (name->empty()) reader.fail(*reader.find("name"), "name", "must not be empty");
  if (!is_target_name(*name)) {
    reader.fail(*reader.find("name"), "name",
                "\"" + *name + "\" has characters other than A-Z, a-z, 0-9, '_', '.' and '-'");
  }
  return *name;
}

// At most one source: two would leave the reader guessing which one wins.
Connection read_connection(const TableReader& reader) {
  constexpr std::array<std::string_view, 4> kKeys{"dsn", "dsn_env", "dsn_file", "service"};
  std::vector<std::pair<std::int64_t, std::string_view>> given;
  for (auto key : kKeys) {
    if (const auto* node = reader.find(key)) given.emplace_back(line_of(*node), key);
  }
  std::sort(given.begin(), given.end());
  if (given.size() > 1) {
    reader.fail(given[1].first, given[1].second,
                "cannot be combined with " + std::string(given[0].second) +
                    " (give at most one of dsn, dsn_env, dsn_file and service)");
  }
  Connection connection;
  // The DSN may hold a password: nothing below puts its value in a message.
  if (auto dsn = reader.non_empty_string("dsn")) connection.dsn = *dsn;
  if (auto env = reader.non_empty_string("dsn_env")) {
    if (!is_identifier(*env)) {
      reader.fail(*reader.find("dsn_env"), "dsn_env",
                  "\"" + *env + "\" is not an environment variable name");
    }
    connection.dsn_env = *env;
  }
  if (auto file = reader.non_empty_string("dsn_file")) connection.dsn_file = *file;
  if (auto service = reader.non_empty_string("service")) connection.service = *service;
  return connection;
}

std::string known_kinds() {
  std::string out;
  for (auto kind : schema::all_kinds()) {
    if (!out.empty()) out += ", ";
    out += schema::kind_name(kind);
  }
  return out;
}

std::vector<schema::ObjectPattern> read_patterns(const TableReader& reader, std::string_view key) {
  std::vector<schema::ObjectPattern> patterns;
  for (const auto& item : reader.strings(key)) {
    auto pattern = schema::parse_object_pattern(item.text);
    if (pattern.glob.empty()) {
      reader.fail(item.line, key, "\"" + item.text + "\" has a kind but no pattern after ':'");
    }
    patterns.push_back(std::move(pattern));
  }
  return patterns;
}

schema::FilterRules read_filter(const TableReader& reader) {
  schema::FilterRules rules;
  for (auto& item : reader.strings("include_schemas")) rules.include_schemas.push_back(item.text);
  for (auto& item : reader.strings("exclude_schemas")) rules.exclude_schemas.push_back(item.text);
  rules.include_objects = read_patterns(reader, "include_objects");
  rules.exclude_objects = read_patterns(reader, "exclude_objects");
  for (const auto& item : reader.strings("exclude_kinds")) {
    auto kind = schema::parse_kind(item.text);
    if (!kind) {
      reader.fail(item.line, "exclude_kinds",
                  "unknown kind \"" + item.text + "\" (known: " + known_kinds() + ")");
    }
    rules.exclude_kinds.push_back(*kind);
  }
  return rules;
}

bool read_fold_partitions(const TableReader& reader) {
  auto mode = reader.string("partitions");
  if (!mode || *mode == "fold") return true;
  if (*mode == "full") return false;
  reader.fail(*reader.find("partitions"), "partitions",
              "expected \"fold\" or \"full\", got \"" + *mode + "\"");
}

std::vector<ledgers::LedgerOverride> read_ledgers(const TableReader& reader) {
  std::vector<ledgers::LedgerOverride> overrides;
  for (const auto& item : reader.strings("ledgers")) {
    try {
      overrides.push_back(ledgers::parse_ledger_override(item.text));
    } catch (const std::invalid_argument& e) {
      reader.fail(item.line, "ledgers", e.what());
    }
  }
  return overrides;
}

// The same "[FRAMEWORK=]DIR" as --migrations-dir: a prefix that names no
// framework is part of the path.
std::vector<MigrationsDir> read_migrations_dirs(const TableReader& reader) {
  std::vector<MigrationsDir> dirs;
  for (const auto& item : reader.strings("migrations_dirs")) {
    MigrationsDir dir{std::nullopt, item.text};
    if (const auto eq = item.text.find('='); eq != std::string::npos) {
      if (auto framework = ledgers::parse_framework(item.text.substr(0, eq))) {
        dir = {framework, item.text.substr(eq + 1)};
      }
    }
    if (dir.path.empty()) reader.fail(item.line, "migrations_dirs", "no folder after '='");
    dirs.push_back(std::move(dir));
  }
  return dirs;
}

std::map<std::string, std::string> read_labels(const TableReader& reader) {
  std::map<std::string, std::string> labels;
  const auto* node = reader.find("labels");
  if (node == nullptr) return labels;
  const auto* table = node->as_table();
  if (table == nullptr) {
    reader.fail(
        *node, "labels",
        "expected a table such as { team = \"billing\" }, got " + std::string(type_phrase(*node)));
  }
  for (const auto& [key, value] : *table) {
    const std::string name(key.str());
    if (!is_identifier(name) || name.starts_with("__")) {
      reader.fail(line_of(key), "labels",
                  "\"" + name +
                      "\" is not a usable label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting "
                      "with \"__\")");
    }
    const auto* text = value.as_string();
    if (text == nullptr) {
      reader.fail(value, "labels",
                  "\"" + name + "\": expected a string, got " + std::string(type_phrase(value)));
    }
    labels.emplace(name, text->get());
  }
  return labels;
}

}  // namespace

Target read_target(TableReader& reader) {
  Target target;
  target.line = static_cast<int>(line_of(reader.table()));
  target.name = read_name(reader);
  reader.set_section("target \"" + target.name + "\"");
  reader.reject_unknown_keys({"name", "dsn", "dsn_env", "dsn_file", "service", "interval",
                              "include_schemas", "exclude_schemas", "include_objects",
                              "exclude_objects", "exclude_kinds", "partitions", "ledgers",
                              "migrations_dirs", "labels"});
  target.connection = read_connection(reader);
  if (auto interval = reader.duration("interval", std::chrono::seconds(1))) {
    target.interval = *interval;
  }
  target.filter = read_filter(reader);
  target.fold_partitions = read_fold_partitions(reader);
  target.ledgers = read_ledgers(reader);
  target.migrations_dirs = read_migrations_dirs(reader);
  target.labels = read_labels(reader);
  return target;
}

}  // namespace driftwatch::config::detail
