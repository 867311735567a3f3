// `driftwatch run`: polls every target on its own timer with bounded
// concurrency, serves HTTP, and handles SIGHUP (reload) and SIGTERM (stop).
#pragma once

#include <memory>

#include "config/config.h"

namespace driftwatch::daemon {

class WatchDaemon {
 public:
  /// Opens the state, binds the HTTP endpoint. Throws on failure.
  explicit WatchDaemon(config::Config config);
  ~WatchDaemon();
  WatchDaemon(const WatchDaemon&) = delete;
  WatchDaemon& operator=(const WatchDaemon&) = delete;

  /// Runs until SIGTERM or SIGINT; returns the exit status.
  int run();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace driftwatch::daemon
