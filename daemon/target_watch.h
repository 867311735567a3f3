// One watched target: polls it, judges what it saw, stores state and events
// atomically, and keeps a summary for the API and the metrics.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "daemon/event.h"
#include "daemon/state_store.h"
#include "daemon/target_poller.h"

namespace driftwatch::daemon {

/// What one poll did: for the metrics, the log and `check`.
struct PollReport {
  std::string target;
  bool ok = false;
  bool reachable = false;    ///< the database answered, even if the poll failed after
  std::string error;         ///< free of secrets
  std::string error_reason;  ///< failure_reason(), or "state" when the store failed
  std::chrono::duration<double> elapsed{};
  bool read_catalog = false;
  /// When the catalog was read in part: how many relations were re-read.
  std::optional<std::size_t> relations_reread;
  std::vector<schema::ObjectChange> changes;
  std::vector<Provenance> provenance;  ///< of each of `changes`
  std::vector<schema::ObjectChange> drift;
  std::vector<ledgers::LedgerState> ledgers;
  std::vector<Event> events;  ///< stored, with their ids
  std::map<std::string, std::size_t> objects_by_kind;
  std::map<std::string, std::size_t> drift_by_kind;
  std::string schema_hash;  ///< root hash of the live snapshot
};

/// The latest known state of a target, as /api/v1/targets shows it.
struct TargetStatus {
  std::string name;
  std::map<std::string, std::string> labels;
  std::string database;  ///< description without secrets
  bool polled = false;
  bool up = false;
  std::optional<TimePoint> last_poll;
  std::optional<TimePoint> last_success;
  std::string last_error;
  std::string schema_hash;
  std::size_t objects = 0;
  std::vector<schema::ObjectChange> drift;
  std::vector<LedgerSummary> ledgers;
};

class TargetWatch {
 public:
  enum class Writer {
    daemon,    ///< the target's only regular writer; keeps a cached state
    one_shot,  ///< `check`: its commits make a running daemon reload
  };

  TargetWatch(config::Target target, const config::DaemonSettings& settings, StateStore& store,
              Writer writer = Writer::daemon);

  /// Polls once, judges and stores. Every failure of the poll (the database,
  /// the network, the store) ends here and is reported, never thrown: one
  /// target's trouble must not stop the others.
  PollReport poll_once();

  /// Cancels a running poll's statement, from any thread.
  void cancel() { poller_.cancel(); }

  [[nodiscard]] TargetStatus status() const;
  /// What readiness and the service status line need, without copying the
  /// drift and ledgers that status() does: they run after every poll.
  struct Health {
    bool polled = false;
    bool up = false;
    bool drifted = false;
  };
  [[nodiscard]] Health health() const;
  /// Takes over what a previous watch of the same target knew (at reload),
  /// so the API and readiness do not forget it until the next poll.
  void inherit_status(const TargetStatus& previous);
  [[nodiscard]] const config::Target& target() const { return poller_.target(); }

 private:
  void poll_and_store(PollReport& report);
  void judge_and_store(PollReading& reading, PollReport& report);
  void store_failure(PollReport& report);
  void update_status(const PollReport& report);

  bool commit(const TargetState& after, std::vector<Event>& events);

  TargetPoller poller_;
  StateStore& store_;
  Writer writer_;
  std::string scope_;  ///< scope_text() of the target's ignore rules and partitions
  std::optional<StoredTarget> cached_;
  /// What the cached state implies, kept until the state changes.
  struct Derived {
    std::vector<schema::ObjectChange> drift;
    std::map<std::string, std::size_t> objects_by_kind;
    std::map<std::string, std::size_t> drift_by_kind;
    std::string schema_hash;
  };
  std::optional<Derived> derived_;
  mutable std::mutex status_mutex_;
  TargetStatus status_;
};

}  // namespace driftwatch::daemon
