// `driftwatch status`: every migration ledger in a database, which tool
// wrote it, what it says, and what to do when it is unhealthy.
#pragma once

#include <string>
#include <vector>

#include "daemon/dsn_source.h"

namespace driftwatch::daemon {

struct StatusOptions {
  DsnSource source;
  std::vector<std::string> migrations_dirs;  ///< "[FRAMEWORK=]DIR"
  std::vector<std::string> ledgers;          ///< "FRAMEWORK=[SCHEMA.]TABLE"
  std::string format = "text";               ///< text | json
  bool fail_on_pending = false;
  long statement_timeout_ms = 30'000;
  long lock_timeout_ms = 1'000;
};

/// Returns kExitOk when every ledger is healthy, kExitDifferent (1) when
/// something needs attention. Throws on error.
int run_status(const StatusOptions& options);

}  // namespace driftwatch::daemon
