// The metric families and how a poll sample updates them.
#include "exporters/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <mutex>
#include <set>

namespace driftwatch::exporters {
namespace {

using prometheus::Counter;
using prometheus::Family;
using prometheus::Gauge;
using prometheus::Histogram;
using prometheus::Labels;

// One series set per target, so that a target that leaves the configuration
// takes all of its series with it.
struct TargetSeries {
  template <class T>
  struct Entry {
    Family<T>* family;
    T* metric;
  };
  std::map<std::string, Entry<Gauge>> gauges;  ///< keyed by family name and label values
  std::map<std::string, Entry<Counter>> counters;
  Histogram* duration = nullptr;
};

}  // namespace

struct Metrics::Impl {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  Family<Gauge>& build_info = prometheus::BuildGauge()
                                  .Name("driftwatch_build_info")
                                  .Help("driftwatch's version; always 1")
                                  .Register(*registry);
  Family<Gauge>& up = prometheus::BuildGauge()
                          .Name("driftwatch_target_up")
                          .Help("1 when the last poll of the target reached its database")
                          .Register(*registry);
  Family<Histogram>& duration = prometheus::BuildHistogram()
                                    .Name("driftwatch_poll_duration_seconds")
                                    .Help("How long a poll of the target took")
                                    .Register(*registry);
  Family<Counter>& polls = prometheus::BuildCounter()
                               .Name("driftwatch_polls_total")
                               .Help("Polls of the target, successful or not")
                               .Register(*registry);
  Family<Counter>& errors = prometheus::BuildCounter()
                                .Name("driftwatch_poll_errors_total")
                                .Help("Failed polls of the target, by reason")
                                .Register(*registry);
  Family<Gauge>& last_success = prometheus::BuildGauge()
                                    .Name("driftwatch_last_successful_poll_timestamp_seconds")
                                    .Help("Unix time of the target's last successful poll")
                                    .Register(*registry);
  Family<Gauge>& objects = prometheus::BuildGauge()
                               .Name("driftwatch_schema_objects")
                               .Help("Objects in the target's live schema, by kind (kinds it has)")
                               .Register(*registry);
  Family<Gauge>& drifted =
      prometheus::BuildGauge()
          .Name("driftwatch_drifted_objects")
          .Help("Objects that differ from the target's baseline, by kind (kinds with drift)")
          .Register(*registry);
  Family<Gauge>& drift = prometheus::BuildGauge()
                             .Name("driftwatch_drift")
                             .Help("1 while the target's live schema differs from its baseline")
                             .Register(*registry);
  Family<Gauge>& last_drift = prometheus::BuildGauge()
                                  .Name("driftwatch_last_drift_timestamp_seconds")
                                  .Help("Unix time drift was last detected on the target")
                                  .Register(*registry);
  Family<Counter>& changes = prometheus::BuildCounter()
                                 .Name("driftwatch_schema_changes_total")
                                 .Help("Object changes seen on the target, by cause")
                                 .Register(*registry);
  Family<Counter>& events = prometheus::BuildCounter()
                                .Name("driftwatch_events_total")
                                .Help("Events raised for the target, by type")
                                .Register(*registry);
  Family<Gauge>& applied = prometheus::BuildGauge()
                               .Name("driftwatch_migrations_applied")
                               .Help("Migrations the ledger records as applied")
                               .Register(*registry);
  Family<Gauge>& failed = prometheus::BuildGauge()
                              .Name("driftwatch_migrations_failed")
                              .Help("Migrations the ledger records as failed")
                              .Register(*registry);
  Family<Gauge>& pending = prometheus::BuildGauge()
                               .Name("driftwatch_migrations_pending")
                               .Help("Migration files not in the ledger (needs migrations_dirs)")
                               .Register(*registry);
  Family<Gauge>& will_fail =
      prometheus::BuildGauge()
          .Name("driftwatch_migrations_pending_will_fail")
          .Help("Pending migrations with a statement certain to fail against the live schema")
          .Register(*registry);
  Family<Gauge>& healthy =
      prometheus::BuildGauge()
          .Name("driftwatch_ledger_healthy")
          .Help("1 when the ledger's state is healthy; 0 for any other state, unknown included")
          .Register(*registry);
  Family<Gauge>& dirty = prometheus::BuildGauge()
                             .Name("driftwatch_ledger_dirty")
                             .Help("1 while the ledger is marked dirty or partly applied")
                             .Register(*registry);
  Family<Gauge>& locked = prometheus::BuildGauge()
                              .Name("driftwatch_ledger_locked")
                              .Help("1 while the migration tool's lock is held")
                              .Register(*registry);
  Family<Gauge>& lock_age =
      prometheus::BuildGauge()
          .Name("driftwatch_ledger_lock_age_seconds")
          .Help("How long the tool's lock has been held, when it records since when")
          .Register(*registry);
  Family<Gauge>& hash_info = prometheus::BuildGauge()
                                 .Name("driftwatch_schema_hash_info")
                                 .Help("The root hash of the target's live schema; always 1")
                                 .Register(*registry);

  mutable std::mutex mutex;
  std::map<std::string, TargetSeries> targets;

  template <class T>
  T& series(std::map<std::string, TargetSeries::Entry<T>>& cache, Family<T>& family,
            const Labels& labels) {
    std::string key = family.GetName();
    for (const auto& [name, value] : labels) {
      key += '\x1f';
      key += name;
      key += '=';
      key += value;
    }
    auto it = cache.find(key);
    if (it != cache.end()) return *it->second.metric;
    T& metric = family.Add(labels);
    cache.emplace(key, TargetSeries::Entry<T>{&family, &metric});
    return metric;
  }

  Gauge& gauge(TargetSeries& target, Family<Gauge>& family, const Labels& labels) {
    return series(target.gauges, family, labels);
  }
  Counter& counter(TargetSeries& target, Family<Counter>& family, const Labels& labels) {
    return series(target.counters, family, labels);
  }

  // Series whose label values change (the hash, a ledger that went away)
  // are dropped before a poll sets the current ones.
  void drop_gauges(TargetSeries& target, Family<Gauge>& family) {
    const auto prefix = family.GetName() + '\x1f';
    for (auto it = target.gauges.begin(); it != target.gauges.end();) {
      if (it->first.rfind(prefix, 0) == 0) {
        family.Remove(it->second.metric);
        it = target.gauges.erase(it);
      } else {
        ++it;
      }
    }
  }

  TargetSeries& ensure(const std::string& name) {
    auto [it, added] = targets.try_emplace(name);
    if (added) {
      auto& target = it->second;
      const Labels labels{{"target", name}};
      gauge(target, up, labels).Set(0);
      gauge(target, drift, labels).Set(0);
      target.duration =
          &duration.Add(labels, Histogram::BucketBoundaries{0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                            0.5, 1, 2.5, 5, 10, 30, 60});
      counter(target, polls, labels);
      for (const auto* cause : {"migration", "out_of_band"}) {
        counter(target, changes, {{"target", name}, {"cause", cause}});
      }
    }
    return it->second;
  }
};

Metrics::Metrics(std::string_view version) : impl_(std::make_unique<Impl>()) {
  impl_->build_info.Add({{"version", std::string(version)}}).Set(1);
}

Metrics::~Metrics() = default;

void Metrics::add_target(const std::string& target) {
  const std::lock_guard lock(impl_->mutex);
  impl_->ensure(target);
}

void Metrics::remove_target(const std::string& target) {
  const std::lock_guard lock(impl_->mutex);
  auto it = impl_->targets.find(target);
  if (it == impl_->targets.end()) return;
  auto& series = it->second;
  for (const auto& [key, entry] : series.gauges) entry.family->Remove(entry.metric);
  for (const auto& [key, entry] : series.counters) entry.family->Remove(entry.metric);
  impl_->duration.Remove(series.duration);
  impl_->targets.erase(it);
}

void Metrics::record_poll(const PollSample& sample) {
  auto& m = *impl_;
  const std::lock_guard lock(m.mutex);
  auto& target = m.ensure(sample.target);
  const Labels labels{{"target", sample.target}};
  m.counter(target, m.polls, labels).Increment();
  target.duration->Observe(sample.seconds);
  m.gauge(target, m.up, labels).Set(sample.reachable ? 1 : 0);
  for (const auto& type : sample.event_types) {
    m.counter(target, m.events, {{"target", sample.target}, {"type", type}}).Increment();
  }
  if (!sample.ok) {
    m.counter(target, m.errors, {{"target", sample.target}, {"reason", sample.error_reason}})
        .Increment();
    return;
  }
  m.gauge(target, m.last_success, labels).Set(sample.finished_at);
  // Only the kinds present: zeros for every kind of every target made up
  // most of a scrape. driftwatch_drift says "no drift" explicitly.
  m.drop_gauges(target, m.objects);
  m.drop_gauges(target, m.drifted);
  for (const auto& [kind, count] : sample.objects_by_kind) {
    m.gauge(target, m.objects, {{"target", sample.target}, {"kind", kind}})
        .Set(static_cast<double>(count));
  }
  for (const auto& [kind, count] : sample.drift_by_kind) {
    m.gauge(target, m.drifted, {{"target", sample.target}, {"kind", kind}})
        .Set(static_cast<double>(count));
  }
  m.gauge(target, m.drift, labels).Set(sample.drift_by_kind.empty() ? 0 : 1);
  if (sample.drift_detected) m.gauge(target, m.last_drift, labels).Set(sample.finished_at);
  for (const auto& [cause, count] : sample.changes_by_cause) {
    m.counter(target, m.changes, {{"target", sample.target}, {"cause", cause}})
        .Increment(static_cast<double>(count));
  }
  m.drop_gauges(target, m.hash_info);
  if (!sample.schema_hash.empty()) {
    m.gauge(target, m.hash_info, {{"target", sample.target}, {"hash", sample.schema_hash}}).Set(1);
  }
  for (auto* family : {&m.applied, &m.failed, &m.pending, &m.will_fail, &m.healthy, &m.dirty,
                       &m.locked, &m.lock_age}) {
    m.drop_gauges(target, *family);
  }
  for (const auto& ledger : sample.ledgers) {
    const Labels ledger_labels{
        {"target", sample.target}, {"framework", ledger.framework}, {"table", ledger.table}};
    m.gauge(target, m.applied, ledger_labels).Set(static_cast<double>(ledger.applied));
    m.gauge(target, m.failed, ledger_labels).Set(static_cast<double>(ledger.failed));
    m.gauge(target, m.pending, ledger_labels).Set(static_cast<double>(ledger.pending));
    m.gauge(target, m.will_fail, ledger_labels).Set(static_cast<double>(ledger.will_fail));
    m.gauge(target, m.healthy, ledger_labels).Set(ledger.state == "healthy" ? 1 : 0);
    m.gauge(target, m.dirty, ledger_labels).Set(ledger.dirty ? 1 : 0);
    m.gauge(target, m.locked, ledger_labels).Set(ledger.locked ? 1 : 0);
    m.gauge(target, m.lock_age, ledger_labels).Set(ledger.lock_age_seconds.value_or(0));
  }
}

std::string Metrics::serialize() const {
  // Collect() takes the registry's own lock; ours keeps a poll's update whole.
  const std::lock_guard lock(impl_->mutex);
  return prometheus::TextSerializer{}.Serialize(impl_->registry->Collect());
}

}  // namespace driftwatch::exporters
