// `driftwatch snapshot`: read a database's schema and print its snapshot.
#pragma once

#include <chrono>
#include <string>

#include "daemon/dsn_source.h"
#include "daemon/filter_options.h"

namespace driftwatch::daemon {

struct SnapshotOptions {
  DsnSource source;
  std::string format = "json";      ///< json | text
  std::string output;               ///< file; empty or "-" for standard output
  std::string partitions = "fold";  ///< fold | full
  FilterOptions filters;
  bool stats = false;         ///< per-query cost on standard error
  bool show_queries = false;  ///< print the SQL a snapshot runs, and nothing else
  long statement_timeout_ms = 30'000;
  long lock_timeout_ms = 1'000;
};

/// Runs the command; returns its exit code. Throws on error.
int run_snapshot(const SnapshotOptions& options);

}  // namespace driftwatch::daemon
