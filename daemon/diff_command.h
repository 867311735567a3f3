// `driftwatch diff`: compare two saved snapshots object by object.
#pragma once

#include <string>

#include "daemon/filter_options.h"

namespace driftwatch::daemon {

struct DiffOptions {
  std::string before;  ///< file, or "-" for standard input
  std::string after;
  std::string format = "text";  ///< text | json
  FilterOptions filters;
};

/// Returns kExitOk when equal, kExitDifferent when they differ. Throws on error.
int run_diff(const DiffOptions& options);

}  // namespace driftwatch::daemon
