// Connection strings: parse the user's DSN with libpq, add driftwatch's
// session settings, and describe a target without revealing secrets.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace driftwatch::probes {

/// Limits every driftwatch session runs under, so that a read never holds
/// up a migration or the application for long.
struct SessionLimits {
  std::chrono::milliseconds statement_timeout{30'000};
  std::chrono::milliseconds lock_timeout{1'000};
  std::chrono::milliseconds idle_in_transaction_timeout{60'000};
  std::chrono::seconds connect_timeout{10};
};

/// The conninfo driftwatch connects with: the user's DSN (key=value or URI,
/// empty for libpq's PG* environment variables) plus the session settings
/// (read-only transactions, timeouts, pinned output formats) in `options`,
/// which libpq re-sends on every reconnect. Throws std::invalid_argument
/// with a message that never echoes the DSN's text.
std::string session_conninfo(std::string_view dsn, const SessionLimits& limits);

/// The settings session_conninfo() asks for, as name and value; durations in
/// milliseconds with the unit "ms".
std::vector<std::pair<std::string, std::string>> session_settings(const SessionLimits& limits);

/// Compares the settings a session runs with (pg_settings' name and setting,
/// durations in milliseconds without a unit) with those asked for: the
/// first one missing or different, described, or an empty string when all
/// took. A pooler that drops startup options would leave the session
/// without its timeouts.
std::string settings_not_taken(const std::vector<std::pair<std::string, std::string>>& asked,
                               const std::map<std::string, std::string>& actual);

/// "host=db1 port=5432 dbname=app user=watcher": what a log line or error may
/// say about a DSN. Never includes a password or other options.
std::string describe_dsn(std::string_view dsn);

}  // namespace driftwatch::probes
