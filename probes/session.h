// One read-only connection to a watched database. The only code in
// driftwatch that talks to libpqxx; nothing of pqxx leaks out of here.
#pragma once

#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "probes/conninfo.h"
#include "probes/result_table.h"

namespace driftwatch::probes {

/// The oldest PostgreSQL release driftwatch reads (server_version_num).
inline constexpr int kMinimumServerVersion = 150000;

/// A connection with driftwatch's session settings. Throws on connection
/// failure or an unsupported server, with a message free of secrets.
/// Not thread-safe: one thread uses a session at a time.
class Session {
 public:
  Session(std::string_view dsn, const SessionLimits& limits);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  /// server_version_num, e.g. 150018.
  [[nodiscard]] int server_version() const;
  /// The role the session logged in as.
  [[nodiscard]] std::string user() const;
  /// "host=... port=... dbname=... user=...", for messages.
  [[nodiscard]] const std::string& description() const;

  /// Asks the server to cancel the statement running on this session. The
  /// one call that may come from another thread while a query runs: it is
  /// how a poll that outlives its time limit is stopped.
  void cancel();

 private:
  friend class ReadTransaction;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

enum class Isolation {
  snapshot,   ///< REPEATABLE READ: every query sees one catalog state
  statement,  ///< READ COMMITTED: each query sees the latest state
};

/// A read-only transaction on a session; rolled back unless committed.
class ReadTransaction {
 public:
  ReadTransaction(Session& session, Isolation isolation);
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

  ResultTable query(std::string_view sql);

  /// Sends all the queries at once and hands each result to `consume`, in
  /// order, as it arrives: the server runs the next query while this process
  /// reads the last one.
  void query_pipelined(const std::vector<std::string>& queries,
                       const std::function<void(std::size_t, const ResultTable&)>& consume);

  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace driftwatch::probes

namespace driftwatch::probes {

/// Advice for a failure a session raised (statement timeout, lock timeout,
/// missing privilege, a connection lost, a pooler that refused the startup
/// options), or an empty string for other errors.
std::string failure_hint(const std::exception& error);

/// A short, stable class of failure for metrics: "connect", "timeout",
/// "lock_timeout", "privilege", "query" or "other".
std::string_view failure_reason(const std::exception& error);

}  // namespace driftwatch::probes
