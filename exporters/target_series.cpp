// A target's registry and its rendering into per-family exposition text.
#include "exporters/target_series.h"

#include <prometheus/text_serializer.h>

#include <stdexcept>

namespace driftwatch::exporters {
namespace {

const prometheus::Histogram::BucketBoundaries& duration_buckets() {
  static const prometheus::Histogram::BucketBoundaries buckets{
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
  return buckets;
}

// Where a serialised family's sample lines start: after its comment lines.
std::size_t samples_start(const std::string& text) {
  std::size_t at = 0;
  while (at < text.size() && text[at] == '#') {
    const auto end = text.find('\n', at);
    if (end == std::string::npos) return text.size();
    at = end + 1;
  }
  return at;
}

}  // namespace

TargetSeries::TargetSeries(std::string target) : target_(std::move(target)) {
  for (std::size_t i = 0; i < kFamilyCount; ++i) {
    const auto& spec = family_spec(static_cast<FamilyId>(i));
    const std::string name(spec.name);
    const std::string help(spec.help);
    switch (spec.type) {
      case FamilyType::gauge:
        gauge_families_[i] = &prometheus::BuildGauge().Name(name).Help(help).Register(registry_);
        break;
      case FamilyType::counter:
        counter_families_[i] =
            &prometheus::BuildCounter().Name(name).Help(help).Register(registry_);
        break;
      case FamilyType::histogram:
        duration_ = &prometheus::BuildHistogram().Name(name).Help(help).Register(registry_).Add(
            {{"target", target_}}, duration_buckets());
        break;
    }
  }
}

template <class T>
T& TargetSeries::series(std::map<std::pair<FamilyId, prometheus::Labels>, T*>& cache,
                        prometheus::Family<T>& family, FamilyId id,
                        const prometheus::Labels& labels) {
  auto key = std::make_pair(id, labels);
  auto it = cache.find(key);
  if (it != cache.end()) return *it->second;
  auto all = labels;
  all.emplace("target", target_);
  T& metric = family.Add(all);
  cache.emplace(std::move(key), &metric);
  return metric;
}

prometheus::Gauge& TargetSeries::gauge(FamilyId family, const prometheus::Labels& labels) {
  auto* found = gauge_families_.at(static_cast<std::size_t>(family));
  if (found == nullptr) throw std::logic_error("not a gauge family");
  return series(gauges_, *found, family, labels);
}

prometheus::Counter& TargetSeries::counter(FamilyId family, const prometheus::Labels& labels) {
  auto* found = counter_families_.at(static_cast<std::size_t>(family));
  if (found == nullptr) throw std::logic_error("not a counter family");
  return series(counters_, *found, family, labels);
}

void TargetSeries::drop_gauges(FamilyId family) {
  auto* found = gauge_families_.at(static_cast<std::size_t>(family));
  const auto first = gauges_.lower_bound({family, {}});
  auto last = first;
  while (last != gauges_.end() && last->first.first == family) {
    found->Remove(last->second);
    ++last;
  }
  gauges_.erase(first, last);
}

void TargetSeries::render(FamilyHeaders& headers) {
  for (auto& text : samples_) text.clear();
  const prometheus::TextSerializer serializer;
  for (const auto& family : registry_.Collect()) {
    const auto id = family_by_name(family.name);
    if (!id) continue;  // every family of the registry has a FamilyId
    const auto index = static_cast<std::size_t>(*id);
    auto text = serializer.Serialize({family});
    const auto start = samples_start(text);
    if (headers.at(index).empty()) headers.at(index) = text.substr(0, start);
    samples_.at(index) = text.substr(start);
  }
}

}  // namespace driftwatch::exporters
