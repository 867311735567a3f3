// driftwatch's Prometheus metrics (docs/metrics.md): one registry per target,
// fed from plain poll samples, served in the text exposition format.
// Bounded cardinality: no per-object labels.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace driftwatch::exporters {

struct LedgerSample {
  std::string framework;
  std::string table;
  std::string state;  ///< health name
  std::size_t applied = 0;
  std::size_t failed = 0;
  std::size_t pending = 0;
  std::size_t will_fail = 0;  ///< pending migrations with a statement certain to fail
  bool dirty = false;
  bool locked = false;
  std::optional<double> lock_age_seconds;  ///< when the tool records since when
};

struct PollSample {
  std::string target;
  bool ok = false;
  bool reachable = false;    ///< the database answered (up), even if the poll failed
  double seconds = 0;        ///< how long the poll took
  double finished_at = 0;    ///< Unix time
  std::string error_reason;  ///< when !ok
  /// How the poll read the catalog: "partial", "whole", or "" when it did not.
  std::string catalog_read;
  std::map<std::string, std::size_t> objects_by_kind;
  std::map<std::string, std::size_t> drift_by_kind;
  std::map<std::string, std::size_t> changes_by_cause;  ///< this poll's schema changes
  std::vector<std::string> event_types;                 ///< this poll's events
  bool drift_detected = false;                          ///< a drift_detected event in this poll
  std::string schema_hash;
  std::vector<LedgerSample> ledgers;
};

class Metrics {
 public:
  explicit Metrics(std::string_view version);
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  /// Creates the target's series (up = 0 until its first poll).
  void add_target(const std::string& target);
  /// Drops every series of the target (it left the configuration).
  void remove_target(const std::string& target);
  /// Thread-safe.
  void record_poll(const PollSample& sample);
  /// The text exposition format (version 0.0.4).
  [[nodiscard]] std::string serialize() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace driftwatch::exporters
