// The persisted state of every target (baseline, live schema, ledgers) and
// the event history, in one SQLite database in the state directory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/event.h"
#include "daemon/sqlite_db.h"
#include "daemon/watch_state.h"

namespace driftwatch::daemon {

struct StoredTarget {
  TargetState state;
  /// Bumped by every write from outside the target's poller (`accept`), so
  /// that a poller knows its copy of the state is stale.
  std::int64_t generation = 0;
};

/// Thread-safe; several processes may open the same directory (the daemon
/// and `driftwatch accept`): SQLite serialises their writes.
class StateStore {
 public:
  /// Opens or creates STATE_DIR/state.db. Throws StateError naming the file.
  explicit StateStore(const std::filesystem::path& state_dir);

  /// The target's state; an empty state (no baseline) for a new target.
  StoredTarget load(std::string_view target);

  /// The target's generation (0 for a target without state): cheap, for a
  /// poller to see that another writer changed the state.
  std::int64_t generation(std::string_view target);

  /// Writes `after` (as a delta against `before`, the state this writer
  /// loaded or last committed) and appends `events`, giving them ids, in one
  /// transaction. Writes nothing and returns false when the stored generation
  /// is no longer `generation`: reload and judge again.
  bool commit(std::string_view target, const TargetState& before, const TargetState& after,
              std::vector<Event>& events, std::int64_t generation);

  /// Same, for a writer from outside the poller: bumps the generation.
  bool commit_external(std::string_view target, const TargetState& before, const TargetState& after,
                       std::vector<Event>& events, std::int64_t generation);

  /// Events with an id above `after_id`, oldest first, at most `limit`, as
  /// the JSON lines event_json() wrote.
  std::vector<std::pair<std::int64_t, std::string>> events_after(std::int64_t after_id,
                                                                 std::size_t limit);
  std::int64_t last_event_id();

  /// A small named value kept with the state (a delivery cursor), or nothing.
  std::optional<std::string> setting(std::string_view key);
  void set_setting(std::string_view key, std::string_view value);

  /// Every target that has state, sorted.
  std::vector<std::string> targets();

  [[nodiscard]] const std::filesystem::path& file() const { return db_.file(); }

 private:
  bool write(std::string_view target, const TargetState& before, const TargetState& after,
             std::vector<Event>& events, std::int64_t generation, bool external);

  std::mutex mutex_;
  SqliteDb db_;
};

}  // namespace driftwatch::daemon
