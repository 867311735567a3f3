// A target's poll cycle: read, judge, store, summarise.
#include "daemon/target_watch.h"

#include "daemon/verdict.h"
#include "daemon/watch_scope.h"
#include "probes/schema/hashes.h"
#include "probes/session.h"

namespace driftwatch::daemon {
namespace {

// An accept from another process between load and commit makes the commit
// refuse; a reload and a second judgement settle it.
constexpr int kCommitAttempts = 5;

// Objects or changes: anything with a key.
template <class Range>
std::map<std::string, std::size_t> count_by_kind(const Range& items) {
  std::map<std::string, std::size_t> counts;
  for (const auto& item : items) ++counts[std::string(schema::kind_name(item.key.kind))];
  return counts;
}

std::string describe_failure(const std::exception& error) {
  std::string message = error.what();
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (auto hint = probes::failure_hint(error); !hint.empty()) message += " (" + hint + ")";
  return message;
}

std::string error_reason_of(const std::exception& error) {
  if (dynamic_cast<const StateError*>(&error) != nullptr) return "state";
  return std::string(probes::failure_reason(error));
}

}  // namespace

TargetWatch::TargetWatch(config::Target target, const config::DaemonSettings& settings,
                         StateStore& store, Writer writer)
    : poller_(std::move(target), settings),
      store_(store),
      writer_(writer),
      scope_(scope_text({poller_.target().filter, poller_.target().fold_partitions})) {
  status_.name = poller_.target().name;
  status_.labels = poller_.target().labels;
  status_.database = poller_.description();
}

PollReport TargetWatch::poll_once() {
  PollReport report;
  report.target = target().name;
  const auto start = std::chrono::steady_clock::now();
  bool failed = false;
  try {
    poll_and_store(report);
  } catch (const std::exception& error) {
    failed = true;
    report.reachable = poller_.reached_database();
    report.error = describe_failure(error);
    report.error_reason = error_reason_of(error);
  }
  // A store that cannot be written is not an outage of the database.
  if (failed && !report.reachable) {
    // Recording target_down must not turn one failure into two, nor escape.
    try {
      store_failure(report);
    } catch (const std::exception& error) {
      report.error += "; the state could not be saved either: " + std::string(error.what());
    }
  }
  report.elapsed = std::chrono::steady_clock::now() - start;
  update_status(report);
  return report;
}

void TargetWatch::poll_and_store(PollReport& report) {
  // accept and check write the store from other processes: their change of
  // generation says the cached state is stale.
  if (!cached_ || store_.generation(target().name) != cached_->generation) {
    cached_ = store_.load(target().name);
    derived_.reset();
  }
  const auto& known = cached_->state;
  // A schema stored under other ignore rules is no stand-in for a read.
  const bool same_scope = known.scope.empty() || known.scope == scope_;
  KnownTarget remembered;
  if (known.has_baseline) {
    remembered.live = same_scope ? &known.live : nullptr;
    remembered.identity = &known.identity;
    remembered.writes_since = known.writes_since;
    remembered.fingerprint = known.fingerprint;
    remembered.ledgers = &known.ledgers;
  }
  auto reading = poller_.poll(remembered);
  reading.observation.scope = scope_;
  report.reachable = true;
  report.read_catalog = reading.read_catalog;
  report.relations_reread = reading.relations_reread;
  // The usual poll: same schema, same ledgers, nothing to judge or store.
  // Skipping it keeps an unchanged poll from copying and diffing the schema.
  const bool nothing_new = !reading.read_catalog && known.has_baseline && !known.down &&
                           known.identity == reading.observation.identity &&
                           known.ledgers == reading.observation.ledgers && known.scope == scope_ &&
                           derived_;
  if (!nothing_new) {
    if (!reading.read_catalog) reading.observation.live = known.live;
    judge_and_store(reading, report);
    derived_.reset();
  }
  if (!derived_) {
    // Drift, counts and the hash change only with the state: computed once
    // per change, not once per poll.
    Derived fresh;
    fresh.drift = drift_of(cached_->state);
    fresh.objects_by_kind = count_by_kind(cached_->state.live.objects());
    fresh.drift_by_kind = count_by_kind(fresh.drift);
    fresh.schema_hash = schema::root_hash(cached_->state.live);
    derived_ = std::move(fresh);
  }
  report.ok = true;
  report.ledgers = std::move(reading.ledgers);
  report.drift = derived_->drift;
  report.objects_by_kind = derived_->objects_by_kind;
  report.drift_by_kind = derived_->drift_by_kind;
  report.schema_hash = derived_->schema_hash;
}

void TargetWatch::judge_and_store(PollReading& reading, PollReport& report) {
  for (int attempt = 1;; ++attempt) {
    // The schema goes in by move, the rest by copy: copying a large schema
    // costs more than judging it. A retry takes it back from the verdict,
    // which holds it unchanged.
    schema::Snapshot live = std::move(reading.observation.live);
    Observation observation = reading.observation;  // all but the schema, now empty
    observation.live = std::move(live);
    auto verdict = judge_poll(cached_->state, std::move(observation), target().name);
    if (commit(verdict.next, verdict.events)) {
      cached_->state = std::move(verdict.next);
      report.changes = std::move(verdict.changes);
      report.provenance = std::move(verdict.provenance);
      report.events = std::move(verdict.events);
      return;
    }
    if (attempt == kCommitAttempts) {
      throw StateError("the state of target " + target().name +
                       " kept changing under this poll (accept running in a loop?)");
    }
    reading.observation.live = std::move(verdict.next.live);
    cached_ = store_.load(target().name);
    // Another writer (check) stored a newer schema; when this poll did not
    // read the catalog, the reading's schema is the stale cached one.
    if (!reading.read_catalog && cached_->state.has_baseline) {
      reading.observation.live = cached_->state.live;
    }
  }
}

void TargetWatch::store_failure(PollReport& report) {
  if (!cached_) {
    cached_ = store_.load(target().name);
    derived_.reset();
  }
  auto verdict = judge_failure(cached_->state, std::chrono::system_clock::now(), target().name,
                               poller_.description() + ": " + report.error);
  if (verdict.events.empty() && cached_->state.down) return;
  if (commit(verdict.next, verdict.events)) {
    cached_->state = std::move(verdict.next);
    report.events = std::move(verdict.events);
  } else {
    cached_.reset();  // reload at the next poll
  }
}

bool TargetWatch::commit(const TargetState& after, std::vector<Event>& events) {
  for (auto& event : events) event.labels = target().labels;
  if (writer_ == Writer::daemon) {
    return store_.commit(target().name, cached_->state, after, events, cached_->generation);
  }
  // The daemon may be running with this target's state cached: bumping the
  // generation makes it reload before it writes.
  if (!store_.commit_external(target().name, cached_->state, after, events, cached_->generation)) {
    return false;
  }
  ++cached_->generation;
  return true;
}

void TargetWatch::update_status(const PollReport& report) {
  const std::lock_guard lock(status_mutex_);
  const auto now = std::chrono::system_clock::now();
  status_.polled = true;
  status_.last_poll = now;
  status_.up = report.reachable;
  status_.database = poller_.description();
  if (report.ok) {
    status_.last_success = now;
    status_.last_error.clear();
    status_.schema_hash = report.schema_hash;
    status_.drift = report.drift;
    status_.objects = cached_ ? cached_->state.live.size() : 0;
    status_.ledgers = cached_ ? cached_->state.ledgers : std::vector<LedgerSummary>{};
  } else {
    status_.last_error = report.error;
  }
}

void TargetWatch::inherit_status(const TargetStatus& previous) {
  const std::lock_guard lock(status_mutex_);
  auto name = status_.name;
  auto labels = status_.labels;
  status_ = previous;
  status_.name = std::move(name);
  status_.labels = std::move(labels);
}

TargetStatus TargetWatch::status() const {
  const std::lock_guard lock(status_mutex_);
  return status_;
}

TargetWatch::Health TargetWatch::health() const {
  const std::lock_guard lock(status_mutex_);
  return {status_.polled, status_.up, !status_.drift.empty()};
}

}  // namespace driftwatch::daemon
