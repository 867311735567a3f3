// One target's series, in a registry of its own, rendered to exposition text
// after each update so that a scrape only has to concatenate text.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/labels.h>
#include <prometheus/registry.h>

#include <array>
#include <map>
#include <string>
#include <utility>

#include "exporters/metric_families.h"

namespace driftwatch::exporters {

/// Each family's "# HELP" and "# TYPE" lines, as the serializer writes them.
using FamilyHeaders = std::array<std::string, kFamilyCount>;

class TargetSeries {
 public:
  explicit TargetSeries(std::string target);
  TargetSeries(const TargetSeries&) = delete;
  TargetSeries& operator=(const TargetSeries&) = delete;

  /// The series of the family with the target's label and `labels`; created on first use.
  prometheus::Gauge& gauge(FamilyId family, const prometheus::Labels& labels = {});
  prometheus::Counter& counter(FamilyId family, const prometheus::Labels& labels = {});
  prometheus::Histogram& duration() { return *duration_; }
  /// Removes the family's gauges: for series whose label values change
  /// (the hash, a ledger that went away), before a poll sets the current ones.
  void drop_gauges(FamilyId family);

  /// Serialises the registry with prometheus-cpp's text serializer, keeping
  /// each family's sample lines; fills in headers not yet known.
  void render(FamilyHeaders& headers);
  /// The family's sample lines as last rendered; empty when it has none.
  [[nodiscard]] const std::string& samples(FamilyId family) const {
    return samples_.at(static_cast<std::size_t>(family));
  }

 private:
  template <class T>
  T& series(std::map<std::pair<FamilyId, prometheus::Labels>, T*>& cache,
            prometheus::Family<T>& family, FamilyId id, const prometheus::Labels& labels);

  std::string target_;
  prometheus::Registry registry_;
  std::array<prometheus::Family<prometheus::Gauge>*, kFamilyCount> gauge_families_{};
  std::array<prometheus::Family<prometheus::Counter>*, kFamilyCount> counter_families_{};
  prometheus::Histogram* duration_ = nullptr;
  std::map<std::pair<FamilyId, prometheus::Labels>, prometheus::Gauge*> gauges_;
  std::map<std::pair<FamilyId, prometheus::Labels>, prometheus::Counter*> counters_;
  std::array<std::string, kFamilyCount> samples_;
};

}  // namespace driftwatch::exporters
