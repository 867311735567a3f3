// driftwatch.toml: the daemon's settings and its targets, as plain structs,
// read and validated without touching any database.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "probes/ledgers/detection.h"
#include "probes/schema/filter.h"

namespace driftwatch::config {

using Duration = std::chrono::milliseconds;

/// A configuration that cannot be used. what() names the file, the line and
/// the key: "driftwatch.toml:12: target \"app\": interval: must be at least 1s".
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class LogFormat { text, json };

struct DaemonSettings {
  std::filesystem::path state_dir = "/var/lib/driftwatch";
  Duration interval = std::chrono::seconds(60);  ///< default for targets
  double jitter = 0.1;                           ///< start-up spread, as a fraction of the interval
  int concurrency = 4;                           ///< polls running at once
  Duration poll_timeout = std::chrono::seconds(60);  ///< a poll is cancelled after this
  Duration statement_timeout = std::chrono::seconds(10);
  Duration lock_timeout = std::chrono::milliseconds(100);
  Duration connect_timeout = std::chrono::seconds(10);
  Duration shutdown_timeout = std::chrono::seconds(10);  ///< in-flight polls at SIGTERM
  int full_check_every = 10;  ///< polls between full catalog fingerprints
  /// catalog_read = "partial": a poll re-reads only the relations that
  /// changed; "whole": it reads the whole catalog, as before.
  bool partial_reads = true;
  std::string events_file = "events.jsonl";  ///< relative to state_dir; "" disables
};

struct HttpSettings {
  std::string listen = "127.0.0.1:9762";  ///< "" disables the HTTP endpoint
};

/// Where events are also POSTed, one JSON object per request.
struct WebhookSettings {
  std::string url;  ///< "http://HOST[:PORT]/PATH"; "" disables the webhook
  Duration timeout = std::chrono::seconds(5);      ///< per request
  Duration max_backoff = std::chrono::minutes(5);  ///< between retries of a failing receiver
};

struct LogSettings {
  std::string level = "info";  ///< trace, debug, info, warn, error
  LogFormat format = LogFormat::text;
};

/// Where a target's connection string comes from; exactly one is set, or
/// none, which means libpq's PG* environment variables.
struct Connection {
  std::string dsn;       ///< libpq key=value or URI
  std::string dsn_env;   ///< name of an environment variable holding it
  std::string dsn_file;  ///< a file holding it (e.g. a systemd credential)
  std::string service;   ///< a pg_service.conf section name
};

struct MigrationsDir {
  std::optional<ledgers::Framework> framework;
  std::string path;
};

struct Target {
  std::string name;  ///< [A-Za-z0-9_.-]+, unique
  int line = 0;      ///< where its [[target]] table starts, for messages
  Connection connection;
  Duration interval{};  ///< the daemon's default when not given
  schema::FilterRules filter;
  bool fold_partitions = true;
  std::vector<ledgers::LedgerOverride> ledgers;
  std::vector<MigrationsDir> migrations_dirs;
  std::map<std::string, std::string> labels;  ///< added to the target's events and API output
};

struct Config {
  std::filesystem::path path;  ///< the file it came from
  DaemonSettings daemon;
  HttpSettings http;
  WebhookSettings webhook;
  LogSettings log;
  std::vector<Target> targets;

  /// The target with this name, or nullptr.
  [[nodiscard]] const Target* find_target(std::string_view name) const;
};

/// Parses and validates TOML text. `origin` names it in errors. Throws
/// ConfigError on a syntax error, an unknown key, a value of the wrong type
/// or out of range, a duplicate target name, a target with two connection
/// sources. Never connects or reads the DSN's content.
Config parse_config(std::string_view text, const std::filesystem::path& origin);

/// Reads and parses a file. Throws ConfigError (also when it cannot be read).
Config load_config(const std::filesystem::path& path);

/// "250ms", "10s", "5m", "1h", or a bare integer of seconds.
/// Throws std::invalid_argument naming the accepted forms.
Duration parse_duration(std::string_view text);

}  // namespace driftwatch::config
