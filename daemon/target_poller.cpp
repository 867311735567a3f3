// One target's reads: connection reuse, the activity gate, consistent ledgers.
#include "daemon/target_poller.h"

#include "daemon/dsn_source.h"
#include "daemon/ledger_files.h"
#include "daemon/verdict.h"
#include "probes/conninfo.h"
#include "probes/ledger_reader.h"
#include "probes/schema/relation_merge.h"
#include "probes/snapshot_reader.h"
#include "probes/watch_queries.h"

namespace driftwatch::daemon {
namespace {

// Ledger reads that bracket a catalog read must agree; a migration that
// commits between them makes the pairing of changes and rows ambiguous.
constexpr int kMaxConsistentAttempts = 3;

std::vector<LedgerSummary> summaries(const std::vector<ledgers::LedgerState>& found) {
  std::vector<LedgerSummary> out;
  out.reserve(found.size());
  for (const auto& ledger : found) out.push_back(summarize_ledger(ledger));
  return out;
}

}  // namespace

std::string target_dsn(const config::Connection& connection) {
  if (!connection.service.empty()) return "service=" + connection.service;
  return resolve_dsn(DsnSource{connection.dsn, connection.dsn_env, connection.dsn_file});
}

TargetPoller::TargetPoller(config::Target target, const config::DaemonSettings& settings)
    : target_(std::move(target)),
      full_check_every_(std::max(1, settings.full_check_every)),
      partial_reads_(settings.partial_reads) {
  limits_.statement_timeout = settings.statement_timeout;
  limits_.lock_timeout = settings.lock_timeout;
  limits_.connect_timeout = std::chrono::duration_cast<std::chrono::seconds>(
      std::max<config::Duration>(settings.connect_timeout, std::chrono::seconds(1)));
}

TargetPoller::~TargetPoller() = default;

std::string TargetPoller::description() const {
  const std::lock_guard lock(session_mutex_);
  if (session_) return session_->description();
  if (!target_.connection.service.empty()) return "service=" + target_.connection.service;
  if (!target_.connection.dsn.empty()) return probes::describe_dsn(target_.connection.dsn);
  return "target " + target_.name;
}

void TargetPoller::cancel() {
  const std::lock_guard lock(session_mutex_);
  if (session_) session_->cancel();
}

PollReading TargetPoller::poll(const KnownTarget& known) {
  // On any failure the connection may be broken or inside an aborted
  // transaction: start the next poll from a fresh one.
  struct DropOnFailure {
    TargetPoller& poller;
    bool ok = false;
    ~DropOnFailure() {
      if (ok) return;
      const std::lock_guard lock(poller.session_mutex_);
      poller.session_.reset();
      poller.last_activity_.clear();
      poller.last_ledgers_.clear();
      poller.discovery_.reset();
      poller.read_base_.reset();
    }
  } guard{*this};
  auto reading = read(known);
  guard.ok = true;
  return reading;
}

PollReading TargetPoller::read(const KnownTarget& known) {
  reached_ = false;
  if (!session_) {
    auto session = std::make_unique<probes::Session>(target_dsn(target_.connection), limits_);
    const std::lock_guard lock(session_mutex_);
    session_ = std::move(session);
  }
  auto& session = *session_;
  PollReading reading;
  reading.observation.time = std::chrono::system_clock::now();
  const auto identity = probes::read_identity(session);
  reading.observation.identity = {identity.system_identifier, identity.database};
  reached_ = true;

  const auto activity = probes::catalog_activity(session);
  const bool same_database =
      known.identity != nullptr && *known.identity == reading.observation.identity;

  // Finding the ledger tables scans the catalog; while the counters say it
  // has not changed, the tables found last time are still the ones.
  probes::LedgerReadOptions ledger_options;
  ledger_options.overrides = target_.ledgers;
  const bool catalog_quiet =
      same_database && discovery_ && !activity.empty() && activity == last_activity_;
  ledger_options.discovery = catalog_quiet ? &*discovery_ : nullptr;
  auto found = probes::read_ledgers(session, ledger_options);
  discovery_ = std::move(found.discovery);
  auto ledgers = std::move(found.ledgers);
  ledger_options.discovery = nullptr;
  bool must_read = known.live == nullptr || !same_database;
  reading.activity_check = must_read ? "first poll" : "counters";
  auto ledger_summaries = summaries(ledgers);
  if (!must_read && last_activity_.empty()) {
    // A new poller has no counters to compare. The fingerprint sees every
    // committed catalog change, so an equal one means the stored schema is
    // still the live one (a migration's DDL included, whatever its ledger).
    reading.activity_check = "stored fingerprint";
    if (known.fingerprint.empty()) {
      must_read = true;
    } else if (!partial_reads_) {
      must_read = probes::catalog_fingerprint(session) != known.fingerprint;
      if (!must_read) last_fingerprint_ = std::string(known.fingerprint);
    } else {
      // With the state it describes, for a partial read at the next change.
      auto base = probes::read_base(session);
      must_read = base.fingerprint != known.fingerprint;
      if (!must_read) {
        last_fingerprint_ = std::string(known.fingerprint);
        read_base_ = std::move(base);
      }
    }
  } else {
    if (!must_read && (activity.empty() || activity != last_activity_)) must_read = true;
    // A ledger that moved means a migration ran: its DDL must be read in
    // this window even if the catalog counters have not been published yet,
    // or it would show up a poll later, looking out-of-band.
    if (!must_read && ledger_summaries != last_ledgers_) {
      must_read = true;
      reading.activity_check = "ledger moved";
    }
    // The counters can miss a change for a while, and on a standby they miss
    // every change (see catalog_activity); the fingerprint cannot.
    const int fingerprint_every = identity.in_recovery ? 1 : full_check_every_;
    if (!must_read && ++polls_since_fingerprint_ >= fingerprint_every) {
      polls_since_fingerprint_ = 0;
      reading.activity_check = "fingerprint";
      must_read = probes::catalog_fingerprint(session) != last_fingerprint_;
    }
  }
  last_activity_ = activity;

  // Without a catalog read, `live` stays empty: the caller has the last one
  // and copying a large schema each poll would cost more than the poll.
  if (must_read) {
    probes::ReadOptions read_options;
    read_options.fold_partitions = target_.fold_partitions;
    if (known.writes_since != 0 && same_database) read_options.writes_since = known.writes_since;
    if (!same_database) read_base_.reset();
    for (int attempt = 1;; ++attempt) {
      read_schema(session, read_options, known, reading);
      auto after_found = probes::read_ledgers(session, ledger_options);
      discovery_ = std::move(after_found.discovery);
      auto after = std::move(after_found.ledgers);
      auto after_summaries = summaries(after);
      const bool consistent = after_summaries == ledger_summaries;
      ledgers = std::move(after);
      ledger_summaries = std::move(after_summaries);
      if (consistent || attempt == kMaxConsistentAttempts) {
        last_fingerprint_ = reading.observation.fingerprint;
        break;
      }
    }
    reading.read_catalog = true;
    polls_since_fingerprint_ = 0;
    forecasts_.clear();
  }
  last_ledgers_ = std::move(ledger_summaries);
  const auto* live = reading.read_catalog ? &reading.observation.live : known.live;
  compare_migration_dirs(
      ledgers, target_.migrations_dirs, [live] { return live; }, &forecasts_);
  if (known.ledgers != nullptr) {
    reading.observation.migration_sql =
        new_migrations_sql(ledgers, target_.migrations_dirs, *known.ledgers);
  }
  reading.observation.ledgers = summaries(ledgers);
  reading.ledgers = std::move(ledgers);
  return reading;
}

void TargetPoller::read_schema(probes::Session& session, const probes::ReadOptions& options,
                               const KnownTarget& known, PollReading& reading) {
  // The last read must be the one `known.live` came from: a poll that read
  // and then failed to store its result leaves an older live schema.
  const bool base_matches = partial_reads_ && read_base_ && known.live != nullptr &&
                            !known.fingerprint.empty() &&
                            known.fingerprint == read_base_->fingerprint;
  if (base_matches) {
    // Re-reading a quarter of the relations costs about a quarter of a read:
    // past that, a whole read is as cheap and simpler.
    const std::size_t most = std::max<std::size_t>(64, read_base_->relations.size() / 4);
    auto partial = probes::read_changed_relations(session, options, *read_base_, most);
    if (partial) {
      auto merged = schema::replace_relations(
          *known.live, partial->replaced,
          schema::apply_filter(std::move(partial->fresh), target_.filter));
      if (merged) {
        reading.observation.live = std::move(*merged);
        reading.observation.fingerprint = partial->base.fingerprint;
        reading.observation.writes = std::move(partial->writes);
        reading.relations_reread = partial->relations;
        read_base_ = std::move(partial->base);
        return;
      }
    }
  }
  auto catalog = probes::read_catalog(session, options);
  reading.observation.fingerprint = std::move(catalog.fingerprint);
  reading.observation.writes = std::move(catalog.writes);
  reading.observation.live = schema::apply_filter(std::move(catalog.snapshot), target_.filter);
  reading.relations_reread.reset();
  read_base_ = std::move(catalog.base);
}

}  // namespace driftwatch::daemon
