#include "daemon/filter_options.h"

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
