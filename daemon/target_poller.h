// Reads one target's database for a poll: keeps its connection, skips the
// snapshot when the catalog cannot have changed, and pairs the schema with
// ledger rows read around it.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "daemon/migration_forecast.h"
#include "daemon/watch_state.h"
#include "probes/ledger_reader.h"
#include "probes/ledgers/ledger_state.h"
#include "probes/session.h"
#include "probes/snapshot_reader.h"

namespace driftwatch::daemon {

struct PollReading {
  Observation observation;
  std::vector<ledgers::LedgerState> ledgers;  ///< in full, as `status` prints them
  bool read_catalog = false;  ///< false: the catalog had not changed, `live` is the last one
  /// When the catalog was read in part: how many relations were re-read.
  std::optional<std::size_t> relations_reread;
  std::string activity_check;  ///< "counters", "fingerprint" or "first poll"
};

/// What the state remembers of the target, for a poll to compare with.
struct KnownTarget {
  const schema::Snapshot* live = nullptr;               ///< the schema last seen; nullptr: none
  const TargetIdentity* identity = nullptr;             ///< nullptr: none
  schema::FullXid writes_since = 0;                     ///< provenance lower bound; 0: none
  std::string_view fingerprint;                         ///< of the read `live` came from
  const std::vector<LedgerSummary>* ledgers = nullptr;  ///< as last stored
};

class TargetPoller {
 public:
  TargetPoller(config::Target target, const config::DaemonSettings& settings);
  ~TargetPoller();
  TargetPoller(const TargetPoller&) = delete;
  TargetPoller& operator=(const TargetPoller&) = delete;

  /// Reads the database. When the catalog has not changed since `known.live`
  /// was read, the reading's schema is left empty and read_catalog false: a
  /// running poller tells by the catalog's activity counters (and a
  /// fingerprint every full_check_every polls), a new one (a restart, a
  /// reload, `check`) by the stored fingerprint. The catalog writes since
  /// `known.writes_since` are read with the schema, for provenance.
  /// Throws on any failure, after dropping the connection so that the next
  /// poll connects anew.
  PollReading poll(const KnownTarget& known);

  /// Whether the last poll got a connection, even if it failed after: a
  /// timeout or a lock is not an outage.
  [[nodiscard]] bool reached_database() const { return reached_; }

  /// Cancels the statement a poll is running, from any thread.
  void cancel();

  [[nodiscard]] const config::Target& target() const { return target_; }
  /// "host=... dbname=...": the target's database, without secrets.
  [[nodiscard]] std::string description() const;

 private:
  PollReading read(const KnownTarget& known);
  /// Reads the schema into `reading`: only the relations whose catalog rows
  /// changed, when the last read describes `known.live`, else all of it.
  void read_schema(probes::Session& session, const probes::ReadOptions& options,
                   const KnownTarget& known, PollReading& reading);

  config::Target target_;
  probes::SessionLimits limits_;
  int full_check_every_;
  bool partial_reads_;
  mutable std::mutex session_mutex_;  ///< guards session_ against cancel()
  std::unique_ptr<probes::Session> session_;
  std::string last_activity_;
  std::vector<LedgerSummary> last_ledgers_;
  std::optional<probes::LedgerDiscovery> discovery_;
  std::string last_fingerprint_;
  /// The state the last catalog read saw, for a partial read next time.
  std::optional<probes::ReadBase> read_base_;
  int polls_since_fingerprint_ = 0;
  /// Forecasts against the live schema of the last catalog read: cleared
  /// by each read, as they hold only while the schema stands still.
  ForecastMemo forecasts_;
  bool reached_ = false;
};

/// The target's DSN, from where its configuration says: the string itself,
/// an environment variable, a file, or a pg_service name. Throws
/// std::runtime_error naming the variable or file, never the DSN's text.
std::string target_dsn(const config::Connection& connection);

}  // namespace driftwatch::daemon
