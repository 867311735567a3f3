// The append-only JSON Lines event file: every stored event, once, in id
// order, even across crashes and with several writers (the daemon, `accept`,
// `check`): each append locks the file and starts after its last line.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "daemon/state_store.h"

namespace driftwatch::daemon {

class EventFile {
 public:
  /// Throws StateError when the file exists but its last line is not an event.
  EventFile(std::filesystem::path path, StateStore& store);

  /// Appends the stored events the file does not have yet and syncs it.
  /// A file whose last line is not the store's event of that id (the state
  /// was reset) is first renamed to FILE.before-reset (or .before-reset.N)
  /// and a new one started: the renamed file's path is returned, for a
  /// warning. Throws StateError on a write error; a later call writes what
  /// is missing.
  std::optional<std::filesystem::path> catch_up();

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  StateStore& store_;
};

/// The warning for a file catch_up() moved aside.
std::string moved_aside_warning(const std::filesystem::path& moved);

}  // namespace driftwatch::daemon
