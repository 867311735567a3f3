// The small queries the daemon runs on every poll: which database it reached,
// and whether the catalog may have changed since the last poll.
#pragma once

#include <string>

#include "probes/session.h"

namespace driftwatch::probes {

struct DatabaseIdentity {
  std::string system_identifier;  ///< the cluster's, from pg_control_system()
  std::string database;           ///< current_database()
  /// A standby replaying the primary's WAL: its catalog changes by replay,
  /// which the activity counters do not count.
  bool in_recovery = false;
};

DatabaseIdentity read_identity(Session& session);

/// The server's counters of rows inserted, updated and deleted in the
/// catalogs a snapshot reads, as one string: when it is unchanged, no DDL
/// has been recorded since. The counters reach the statistics a moment after
/// a transaction ends (up to a minute on a busy session) and restart on
/// pg_stat_reset() or a crash, so a poller also takes a catalog fingerprint
/// now and then. On a standby they never move: replayed DDL is not counted.
/// Empty when the server does not count (track_counts off).
std::string catalog_activity(Session& session);

}  // namespace driftwatch::probes
