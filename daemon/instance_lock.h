// One daemon per state directory: a second one would race the first for
// the same targets' state.
#pragma once

#include <filesystem>

namespace driftwatch::daemon {

class InstanceLock {
 public:
  /// Locks STATE_DIR/daemon.lock (flock, released when the process ends in
  /// any way) and writes this process's id into it. Throws
  /// std::runtime_error naming the holder when another daemon has it.
  explicit InstanceLock(const std::filesystem::path& state_dir);
  ~InstanceLock();
  InstanceLock(const InstanceLock&) = delete;
  InstanceLock& operator=(const InstanceLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace driftwatch::daemon
