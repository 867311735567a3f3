// The ignore-rule options shared by the commands that read or compare
// snapshots (--schema, --exclude-schema, --include, --exclude, --exclude-kind).
#pragma once

#include <string>
#include <vector>

#include "probes/schema/filter.h"

namespace driftwatch::daemon {

struct FilterOptions {
  std::vector<std::string> include_schemas;
  std::vector<std::string> exclude_schemas;
  std::vector<std::string> include_objects;
  std::vector<std::string> exclude_objects;
  std::vector<std::string> exclude_kinds;
};

/// The rules the options describe. Throws std::runtime_error for an
/// unknown kind name, listing the known ones.
schema::FilterRules to_filter_rules(const FilterOptions& options);

}  // namespace driftwatch::daemon
