#include "daemon/filter_options.h"

#include <CLI/CLI.hpp>

#include <stdexcept>

namespace driftwatch::daemon {
namespace {

std::string known_kinds() {
  std::string out;
  for (auto kind : schema::all_kinds()) {
    if (!out.empty()) out += ", ";
    out += schema::kind_name(kind);
  }
  return out;
}

}  // namespace

void add_filter_options(CLI::App& command, FilterOptions& options) {
  command.add_option("--schema", options.include_schemas,
                     "Keep only schemas matching this glob (repeatable)");
  command.add_option("--exclude-schema", options.exclude_schemas,
                     "Drop schemas matching this glob (repeatable)");
  command.add_option("--include", options.include_objects,
                     "Keep only objects whose identity matches [KIND:]GLOB (repeatable)");
  command.add_option("--exclude", options.exclude_objects,
                     "Drop objects whose identity matches [KIND:]GLOB (repeatable)");
  command.add_option("--exclude-kind", options.exclude_kinds,
                     "Drop every object of this kind, e.g. policy (repeatable)");
}

schema::FilterRules to_filter_rules(const FilterOptions& options) {
  schema::FilterRules rules;
  rules.include_schemas = options.include_schemas;
  rules.exclude_schemas = options.exclude_schemas;
  for (const auto& text : options.include_objects) {
    rules.include_objects.push_back(schema::parse_object_pattern(text));
  }
  for (const auto& text : options.exclude_objects) {
    rules.exclude_objects.push_back(schema::parse_object_pattern(text));
  }
  for (const auto& name : options.exclude_kinds) {
    auto kind = schema::parse_kind(name);
    if (!kind) {
      throw std::runtime_error("--exclude-kind: unknown kind \"" + name +
                               "\" (known: " + known_kinds() + ")");
    }
    rules.exclude_kinds.push_back(*kind);
  }
  return rules;
}

}  // namespace driftwatch::daemon
