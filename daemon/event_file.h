// The append-only JSON Lines event file: every stored event, once, in id
// order, even across crashes and with several writers (the daemon, `accept`,
// `check`): each append locks the file and starts after its last line.
#pragma once

#include <filesystem>

#include "daemon/state_store.h"

namespace driftwatch::daemon {

class EventFile {
 public:
  /// Throws StateError when the file exists but its last line is not an event.
  EventFile(std::filesystem::path path, StateStore& store);

  /// Appends the stored events the file does not have yet and syncs it.
  /// Throws StateError on a write error; a later call writes what is missing.
  void catch_up();

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  StateStore& store_;
};

}  // namespace driftwatch::daemon
