// How a poll sample updates its target's series, and the scrape that joins them.
#include "exporters/metrics.h"

#include <prometheus/gauge.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <mutex>

#include "exporters/target_series.h"

namespace driftwatch::exporters {

// Each target renders its own text when a poll updates it, so a scrape
// concatenates kept text instead of collecting and serialising every series
// of every target (at 200 targets that took 10-20 ms per scrape).
struct Metrics::Impl {
  std::string build_info;  ///< rendered once: it never changes
  mutable std::mutex mutex;
  FamilyHeaders headers;
  std::map<std::string, std::unique_ptr<TargetSeries>> targets;

  explicit Impl(std::string_view version) {
    prometheus::Registry registry;
    prometheus::BuildGauge()
        .Name("driftwatch_build_info")
        .Help("driftwatch's version; always 1")
        .Register(registry)
        .Add({{"version", std::string(version)}})
        .Set(1);
    build_info = prometheus::TextSerializer{}.Serialize(registry.Collect());
  }

  TargetSeries& ensure(const std::string& name) {
    auto [it, added] = targets.try_emplace(name);
    if (added) {
      it->second = std::make_unique<TargetSeries>(name);
      auto& target = *it->second;
      target.gauge(FamilyId::up).Set(0);
      target.gauge(FamilyId::drift).Set(0);
      target.counter(FamilyId::polls);
      for (const auto* cause : {"migration", "out_of_band"}) {
        target.counter(FamilyId::changes, {{"cause", cause}});
      }
      for (const auto* read : {"partial", "whole"}) {
        target.counter(FamilyId::catalog_reads, {{"read", read}});
      }
      target.render(headers);
    }
    return *it->second;
  }
};

namespace {

void record_schema(TargetSeries& target, const PollSample& sample) {
  target.gauge(FamilyId::last_success).Set(sample.finished_at);
  // Only the kinds present: zeros for every kind of every target made up
  // most of a scrape. driftwatch_drift says "no drift" explicitly.
  target.drop_gauges(FamilyId::objects);
  target.drop_gauges(FamilyId::drifted);
  for (const auto& [kind, count] : sample.objects_by_kind) {
    target.gauge(FamilyId::objects, {{"kind", kind}}).Set(static_cast<double>(count));
  }
  for (const auto& [kind, count] : sample.drift_by_kind) {
    target.gauge(FamilyId::drifted, {{"kind", kind}}).Set(static_cast<double>(count));
  }
  target.gauge(FamilyId::drift).Set(sample.drift_by_kind.empty() ? 0 : 1);
  if (sample.drift_detected) target.gauge(FamilyId::last_drift).Set(sample.finished_at);
  for (const auto& [cause, count] : sample.changes_by_cause) {
    target.counter(FamilyId::changes, {{"cause", cause}}).Increment(static_cast<double>(count));
  }
  target.drop_gauges(FamilyId::hash_info);
  if (!sample.schema_hash.empty()) {
    target.gauge(FamilyId::hash_info, {{"hash", sample.schema_hash}}).Set(1);
  }
}

void record_ledgers(TargetSeries& target, const std::vector<LedgerSample>& ledgers) {
  using enum FamilyId;
  for (const auto family :
       {applied, failed, pending, will_fail, healthy, dirty, locked, lock_age}) {
    target.drop_gauges(family);
  }
  for (const auto& ledger : ledgers) {
    const prometheus::Labels labels{{"framework", ledger.framework}, {"table", ledger.table}};
    target.gauge(applied, labels).Set(static_cast<double>(ledger.applied));
    target.gauge(failed, labels).Set(static_cast<double>(ledger.failed));
    target.gauge(pending, labels).Set(static_cast<double>(ledger.pending));
    target.gauge(will_fail, labels).Set(static_cast<double>(ledger.will_fail));
    target.gauge(healthy, labels).Set(ledger.state == "healthy" ? 1 : 0);
    target.gauge(dirty, labels).Set(ledger.dirty ? 1 : 0);
    target.gauge(locked, labels).Set(ledger.locked ? 1 : 0);
    target.gauge(lock_age, labels).Set(ledger.lock_age_seconds.value_or(0));
  }
}

}  // namespace

Metrics::Metrics(std::string_view version) : impl_(std::make_unique<Impl>(version)) {}

Metrics::~Metrics() = default;

void Metrics::add_target(const std::string& target) {
  const std::lock_guard lock(impl_->mutex);
  impl_->ensure(target);
}

void Metrics::remove_target(const std::string& target) {
  const std::lock_guard lock(impl_->mutex);
  impl_->targets.erase(target);
}

void Metrics::record_poll(const PollSample& sample) {
  auto& m = *impl_;
  const std::lock_guard lock(m.mutex);
  auto& target = m.ensure(sample.target);
  target.counter(FamilyId::polls).Increment();
  target.duration().Observe(sample.seconds);
  target.gauge(FamilyId::up).Set(sample.reachable ? 1 : 0);
  for (const auto& type : sample.event_types) {
    target.counter(FamilyId::events, {{"type", type}}).Increment();
  }
  if (sample.ok) {
    if (!sample.catalog_read.empty()) {
      target.counter(FamilyId::catalog_reads, {{"read", sample.catalog_read}}).Increment();
    }
    record_schema(target, sample);
    record_ledgers(target, sample.ledgers);
  } else {
    target.counter(FamilyId::errors, {{"reason", sample.error_reason}}).Increment();
  }
  target.render(m.headers);
}

std::string Metrics::serialize() const {
  const auto& m = *impl_;
  // Under the lock: a poll's update is rendered whole or not at all.
  const std::lock_guard lock(m.mutex);
  std::size_t size = m.build_info.size();
  for (const auto& header : m.headers) size += header.size();
  for (const auto& [name, target] : m.targets) {
    for (std::size_t i = 0; i < kFamilyCount; ++i) {
      size += target->samples(static_cast<FamilyId>(i)).size();
    }
  }
  std::string text;
  text.reserve(size);
  text += m.build_info;
  for (std::size_t i = 0; i < kFamilyCount; ++i) {
    const auto family = static_cast<FamilyId>(i);
    bool header_written = false;
    for (const auto& [name, target] : m.targets) {
      const auto& samples = target->samples(family);
      if (samples.empty()) continue;
      if (!header_written) text += m.headers.at(i);
      header_written = true;
      text += samples;
    }
  }
  return text;
}

}  // namespace driftwatch::exporters
