// The verdict rules of docs/daemon.md: baseline, attribution, drift, health.
#include "daemon/verdict.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "daemon/attribution.h"
#include "daemon/watch_scope.h"
#include "probes/schema/identity.h"

namespace driftwatch::daemon {
namespace {

using schema::ObjectChange;
using schema::ObjectKey;
using schema::Snapshot;

Event make_event(EventType type, TimePoint time, std::string_view target) {
  Event event;
  event.type = type;
  event.time = time;
  event.target = std::string(target);
  return event;
}

std::string plural(std::size_t count, std::string_view noun) {
  return std::to_string(count) + " " + std::string(noun) + (count == 1 ? "" : "s");
}

std::string object_label(const ObjectKey& key) {
  return std::string(schema::kind_name(key.kind)) + " " + schema::format_identity(key);
}

// "column public.users.nickname, index public.users_idx and 3 more".
std::string list_objects(const std::vector<ObjectChange>& changes) {
  constexpr std::size_t kShown = 3;
  std::string text;
  for (std::size_t i = 0; i < changes.size() && i < kShown; ++i) {
    if (i > 0) text += ", ";
    text +=
        object_label(changes[i].key) + " " + std::string(schema::change_type_name(changes[i].type));
  }
  if (changes.size() > kShown) text += " and " + std::to_string(changes.size() - kShown) + " more";
  return text;
}

// `base` with the objects of `keys` taken from `source` (removed when
// `source` has none).
Snapshot take_objects(const Snapshot& base, const Snapshot& source,
                      const std::set<ObjectKey>& keys) {
  std::vector<schema::SchemaObject> objects;
  objects.reserve(base.size() + keys.size());
  for (const auto& object : base.objects()) {
    if (!keys.contains(object.key)) objects.push_back(object);
  }
  for (const auto& key : keys) {
    if (const auto* object = source.find(key)) objects.push_back(*object);
  }
  return Snapshot(std::move(objects));
}

const LedgerSummary* find_ledger(const std::vector<LedgerSummary>& ledgers,
                                 const std::string& key) {
  for (const auto& ledger : ledgers) {
    if (ledger.key() == key) return &ledger;
  }
  return nullptr;
}

// Migrations a ledger recorded since the last poll: rows it gained, and rows
// that went from failed or in progress to applied (tools that write their
// row before the DDL and complete it after, as Prisma does).
std::vector<std::string> new_rows(const LedgerSummary* before, const LedgerSummary& after) {
  std::set<std::string> applied_before;
  std::set<std::string> known;
  if (before != nullptr) {
    applied_before.insert(before->applied.begin(), before->applied.end());
    known = applied_before;
    known.insert(before->failed.begin(), before->failed.end());
  }
  std::vector<std::string> rows;
  for (const auto& id : after.applied) {
    if (!applied_before.contains(id)) rows.push_back(id);
  }
  for (const auto& id : after.failed) {
    if (!known.contains(id)) rows.push_back(id);
  }
  return rows;
}

// migration_will_fail for statements newly foreseen to fail: once each, not
// at every poll while the migration stays pending.
void report_will_fail(PollVerdict& verdict, const LedgerSummary* before,
                      const LedgerSummary& ledger, TimePoint time, std::string_view target) {
  std::vector<std::string> fresh;
  for (const auto& line : ledger.will_fail) {
    if (before == nullptr || std::find(before->will_fail.begin(), before->will_fail.end(), line) ==
                                 before->will_fail.end()) {
      fresh.push_back(line);
    }
  }
  if (fresh.empty()) return;
  auto event = make_event(EventType::migration_will_fail, time, target);
  event.ledger = ledger;
  for (const auto& line : fresh) {
    auto id = line.substr(0, line.find(" line "));
    if (std::find(event.migrations.begin(), event.migrations.end(), id) == event.migrations.end()) {
      event.migrations.push_back(std::move(id));
    }
  }
  event.message = plural(fresh.size(), "pending statement") + " of " + ledger.framework +
                  " will fail against the live schema: " + fresh.front() +
                  (fresh.size() > 1 ? " and " + std::to_string(fresh.size() - 1) + " more" : "");
  verdict.events.push_back(std::move(event));
}

std::string failure_message(const LedgerSummary& ledger) {
  std::string message = ledger.framework + " ledger " + ledger.table + " is " +
                        std::string(ledgers::health_name(ledger.health)) + ": " +
                        ledger.explanation;
  for (const auto& left : ledger.left_behind) message += " Left by " + left + ".";
  return message;
}

void record_baseline(PollVerdict& verdict, const Observation& observation,
                     std::string_view target) {
  auto event = make_event(EventType::baseline_created, observation.time, target);
  event.message = "baseline recorded: " + plural(verdict.next.live.size(), "object") + " in " +
                  observation.identity.database + ", " +
                  plural(verdict.next.ledgers.size(), "migration ledger");
  verdict.events.push_back(std::move(event));
  verdict.next.baseline = verdict.next.live;
  verdict.next.has_baseline = true;
  for (const auto& ledger : verdict.next.ledgers) {
    if (!ledgers::needs_attention(ledger.health)) continue;
    auto failed = make_event(EventType::ledger_failed, observation.time, target);
    failed.ledger = ledger;
    failed.migrations = ledger.failed;
    failed.message = failure_message(ledger);
    verdict.events.push_back(std::move(failed));
  }
  for (const auto& ledger : verdict.next.ledgers) {
    report_will_fail(verdict, nullptr, ledger, observation.time, target);
  }
}

void judge_ledgers(PollVerdict& verdict, const TargetState& previous, TimePoint time,
                   std::string_view target, const MigrationSql& migration_sql,
                   std::vector<WindowMigration>& window_migrations) {
  for (const auto& ledger : verdict.next.ledgers) {
    const auto* before = find_ledger(previous.ledgers, ledger.key());
    auto rows = new_rows(before, ledger);
    if (!rows.empty()) {
      auto event = make_event(EventType::migration_applied, time, target);
      event.ledger = ledger;
      event.migrations = rows;
      event.message = plural(rows.size(), "migration") + " recorded by " + ledger.framework +
                      " in " + ledger.table + ": " + rows.front() +
                      (rows.size() > 1 ? " ... " + rows.back() : "");
      verdict.events.push_back(std::move(event));
      for (const auto& id : rows) {
        const auto xid = ledger.row_xids.find(id);
        const bool unfinished =
            std::find(ledger.failed.begin(), ledger.failed.end(), id) != ledger.failed.end();
        WindowMigration migration{
            ledger.key(), id, xid != ledger.row_xids.end() ? xid->second : 0, unfinished, {}};
        if (const auto sql = migration_sql.find({ledger.key(), id}); sql != migration_sql.end()) {
          migration.removal = migration_sql::removal_scope(sql->second);
        }
        window_migrations.push_back(std::move(migration));
      }
    }
    // A migration still failed or running may go on changing the schema
    // (Prisma runs its script after writing its row): its window stays open.
    for (const auto& id : ledger.failed) {
      if (std::find(rows.begin(), rows.end(), id) != rows.end()) continue;
      const auto xid = ledger.row_xids.find(id);
      if (xid != ledger.row_xids.end()) {
        window_migrations.push_back({ledger.key(), id, xid->second, true, {}});
      }
    }
    const auto was = before != nullptr ? before->health : ledgers::Health::healthy;
    const bool bad = ledgers::needs_attention(ledger.health);
    if (bad && (before == nullptr || was != ledger.health)) {
      auto event = make_event(EventType::ledger_failed, time, target);
      event.ledger = ledger;
      event.migrations = ledger.failed;
      event.message = failure_message(ledger);
      verdict.events.push_back(std::move(event));
    }
    report_will_fail(verdict, before, ledger, time, target);
    if (!bad && ledgers::needs_attention(was)) {
      auto event = make_event(EventType::ledger_recovered, time, target);
      event.ledger = ledger;
      event.message = ledger.framework + " ledger " + ledger.table + " is " +
                      std::string(ledgers::health_name(ledger.health)) + " again (was " +
                      std::string(ledgers::health_name(was)) + ")";
      verdict.events.push_back(std::move(event));
    }
  }
  for (const auto& ledger : previous.ledgers) {
    if (find_ledger(verdict.next.ledgers, ledger.key()) != nullptr) continue;
    if (!ledgers::needs_attention(ledger.health)) continue;
    auto event = make_event(EventType::ledger_recovered, time, target);
    event.ledger = ledger;
    event.message = ledger.framework + " ledger " + ledger.table + " (" +
                    std::string(ledgers::health_name(ledger.health)) + ") is gone";
    verdict.events.push_back(std::move(event));
  }
}

void judge_drift(PollVerdict& verdict, const TargetState& previous, TimePoint time,
                 std::string_view target) {
  const auto before = drift_of(previous);
  const auto after = drift_of(verdict.next);
  std::map<ObjectKey, const ObjectChange*> old_drift;
  for (const auto& change : before) old_drift.emplace(change.key, &change);
  std::vector<ObjectChange> detected;
  for (const auto& change : after) {
    auto it = old_drift.find(change.key);
    if (it == old_drift.end() || !(*it->second == change)) detected.push_back(change);
    if (it != old_drift.end()) old_drift.erase(it);
  }
  std::vector<ObjectChange> resolved;
  for (const auto& change : before) {
    if (old_drift.contains(change.key)) resolved.push_back(change);
  }
  if (!detected.empty()) {
    auto event = make_event(EventType::drift_detected, time, target);
    event.cause = Cause::out_of_band;
    event.message = plural(detected.size(), "object") +
                    (detected.size() == 1 ? " now differs" : " now differ") +
                    " from the baseline: " + list_objects(detected);
    event.changes = std::move(detected);
    verdict.events.push_back(std::move(event));
  }
  if (!resolved.empty()) {
    auto event = make_event(EventType::drift_resolved, time, target);
    event.message = plural(resolved.size(), "object") + (resolved.size() == 1 ? " is" : " are") +
                    " back to the baseline: " + list_objects(resolved);
    event.changes = std::move(resolved);
    verdict.events.push_back(std::move(event));
  }
}

// The owner of an object, or of the relation a member belongs to.
std::optional<std::string> owner_of(const schema::Snapshot& snapshot, const ObjectKey& key) {
  const auto* object = snapshot.find(key);
  if (object == nullptr) return std::nullopt;
  if (auto owner = object->attribute("owner")) return std::string(*owner);
  const auto relation = schema::owner_relation_path(*object);
  if (!relation) return std::nullopt;
  for (const auto kind :
       {schema::Kind::table, schema::Kind::view, schema::Kind::materialized_view}) {
    if (const auto* parent = snapshot.find({kind, *relation, std::nullopt})) {
      if (auto owner = parent->attribute("owner")) return std::string(*owner);
    }
  }
  return std::nullopt;
}

// "transaction 727 at 2026-11-24T07:02:18Z, owner app": what the log line of
// an out-of-band change can say about where it came from.
std::string origin_of(const std::vector<Provenance>& provenance) {
  std::vector<std::string> parts;
  for (const auto& p : provenance) {
    if (!p.transaction) continue;
    std::string part = "transaction " + std::to_string(*p.transaction);
    if (p.committed_at) part += " at " + *p.committed_at;
    if (p.owner) part += ", owner " + *p.owner;
    if (std::find(parts.begin(), parts.end(), part) == parts.end()) parts.push_back(part);
  }
  if (parts.empty()) return "";
  std::string text = " [" + parts.front();
  if (parts.size() > 1) text += "; " + plural(parts.size() - 1, "more transaction");
  return text + "]";
}

// One schema_changed event for the changes of one cause, each with its
// provenance.
void record_changes(PollVerdict& verdict, Cause cause, TimePoint time, std::string_view target) {
  auto event = make_event(EventType::schema_changed, time, target);
  event.cause = cause;
  for (std::size_t i = 0; i < verdict.changes.size(); ++i) {
    const auto& provenance = verdict.provenance[i];
    if (provenance.cause != cause) continue;
    event.changes.push_back(verdict.changes[i]);
    event.provenance.push_back(provenance);
    const auto& id = provenance.migration;
    if (!id.empty() &&
        std::find(event.migrations.begin(), event.migrations.end(), id) == event.migrations.end()) {
      event.migrations.push_back(id);
    }
  }
  if (event.changes.empty()) return;
  event.message = plural(event.changes.size(), "object") + " changed (" +
                  std::string(cause_name(cause)) + "): " + list_objects(event.changes);
  if (cause == Cause::out_of_band) event.message += origin_of(event.provenance);
  verdict.events.push_back(std::move(event));
}

}  // namespace

LedgerSummary summarize_ledger(const ledgers::LedgerState& ledger) {
  LedgerSummary summary;
  summary.framework = std::string(ledgers::framework_name(ledger.framework));
  summary.table = ledgers::qualified_table(ledger);
  summary.health = ledger.health;
  for (const auto& applied : ledger.applied) summary.applied.push_back(applied.id);
  for (const auto& failed : ledger.failed) summary.failed.push_back(failed.id);
  summary.pending = ledger.pending.size();
  if (ledger.lock && ledger.lock->held) summary.lock_since = ledger.lock->since.value_or("");
  summary.explanation = ledger.explanation;
  summary.next_step = ledger.next_step;
  if (ledger.forecast) {
    for (const auto& failure : ledger.forecast->failures) {
      if (!failure.certain) continue;
      summary.will_fail.push_back(failure.migration + " line " + std::to_string(failure.line) +
                                  ": " + failure.error + " (" + failure.object + ")");
    }
  }
  for (const auto& run : ledger.partial_runs) {
    summary.left_behind.push_back(run.id + ": " + run.run.summary);
  }
  for (const auto& applied : ledger.applied) {
    if (applied.xid != 0) summary.row_xids[applied.id] = applied.xid;
  }
  for (const auto& failed : ledger.failed) {
    if (failed.xid != 0) summary.row_xids[failed.id] = failed.xid;
  }
  return summary;
}

std::vector<ObjectChange> drift_of(const TargetState& state) {
  if (!state.has_baseline) return {};
  return schema::diff_snapshots(state.baseline, state.live);
}

// The stored state as if the observation's scope had always been the
// target's, with an event saying what that changed; nullopt when the stored
// scope cannot be read (then the stored state is judged as it is).
std::optional<TargetState> rescope_state(PollVerdict& verdict, const TargetState& stored,
                                         const std::string& now_text, TimePoint time,
                                         std::string_view target) {
  const auto before = parse_scope_text(stored.scope);
  const auto now = parse_scope_text(now_text);
  if (!before || !now) return std::nullopt;
  auto seen = rescope(stored.baseline, stored.live, *before, *now, verdict.next.live);
  TargetState out = stored;  // a copy, once per edit of the rules
  out.baseline = std::move(seen.baseline);
  out.live = std::move(seen.live);
  out.scope = now_text;
  auto event = make_event(EventType::scope_changed, time, target);
  event.message = "what is watched changed (ignore rules or partitions): " +
                  plural(seen.newly_watched, "object") + " newly watched, taken as they are; " +
                  plural(seen.no_longer_watched, "object") + " no longer watched";
  verdict.events.push_back(std::move(event));
  return out;
}

PollVerdict judge_poll(const TargetState& stored, Observation observation,
                       std::string_view target) {
  PollVerdict verdict;
  verdict.next.scope = observation.scope;
  verdict.next.fingerprint =
      observation.fingerprint.empty() ? stored.fingerprint : observation.fingerprint;
  verdict.next.identity = observation.identity;
  verdict.next.live = std::move(observation.live);
  verdict.next.ledgers = std::move(observation.ledgers);
  verdict.next.writes_since =
      observation.writes.next_since != 0 ? observation.writes.next_since : stored.writes_since;
  const auto time = observation.time;

  if (stored.down) {
    auto up = make_event(EventType::target_up, time, target);
    up.message = "database " + observation.identity.database + " is reachable again";
    verdict.events.push_back(std::move(up));
  }
  if (!stored.has_baseline) {
    record_baseline(verdict, observation, target);
    return verdict;
  }
  if (!(stored.identity == observation.identity)) {
    auto event = make_event(EventType::target_identity_changed, time, target);
    event.message = "the DSN now reaches database " + observation.identity.database +
                    " of cluster " + observation.identity.system_identifier + " (was " +
                    stored.identity.database + " of cluster " + stored.identity.system_identifier +
                    "); not comparing it with the old baseline, recording a new one";
    verdict.events.push_back(std::move(event));
    record_baseline(verdict, observation, target);
    return verdict;
  }

  // Edited ignore rules change what is watched, not the schema.
  std::optional<TargetState> rescoped;
  if (!stored.scope.empty() && stored.scope != observation.scope) {
    rescoped = rescope_state(verdict, stored, observation.scope, time, target);
  }
  const TargetState& previous = rescoped ? *rescoped : stored;

  std::vector<WindowMigration> window_migrations;
  judge_ledgers(verdict, previous, time, target, observation.migration_sql, window_migrations);

  verdict.next.has_baseline = true;
  verdict.next.baseline = previous.baseline;
  verdict.changes = schema::diff_snapshots(previous.live, verdict.next.live);
  verdict.provenance =
      attribute_changes(verdict.changes, window_migrations, observation.writes, previous.live);
  for (std::size_t i = 0; i < verdict.changes.size(); ++i) {
    const auto& key = verdict.changes[i].key;
    auto owner = owner_of(verdict.next.live, key);
    verdict.provenance[i].owner = owner ? owner : owner_of(previous.live, key);
  }
  // What a migration did (or may have done: a drop it cannot be told from)
  // becomes the expected schema; the rest is drift.
  std::set<ObjectKey> expected;
  for (std::size_t i = 0; i < verdict.changes.size(); ++i) {
    if (verdict.provenance[i].cause != Cause::out_of_band) {
      expected.insert(verdict.changes[i].key);
    }
  }
  if (!expected.empty()) {
    verdict.next.baseline = take_objects(previous.baseline, verdict.next.live, expected);
  }
  for (const auto cause : {Cause::migration, Cause::unknown, Cause::out_of_band}) {
    record_changes(verdict, cause, time, target);
  }
  judge_drift(verdict, previous, time, target);
  return verdict;
}

PollVerdict judge_failure(const TargetState& previous, TimePoint time, std::string_view target,
                          std::string_view reason) {
  PollVerdict verdict;
  verdict.next = previous;
  if (!previous.down) {
    auto event = make_event(EventType::target_down, time, target);
    event.message = std::string(reason);
    verdict.events.push_back(std::move(event));
  }
  verdict.next.down = true;
  return verdict;
}

AcceptVerdict accept_drift(const TargetState& state, const std::vector<std::string>& objects,
                           std::string_view reason, TimePoint time, std::string_view target) {
  const auto drift = drift_of(state);
  if (drift.empty()) throw std::invalid_argument("target has no drift to accept");
  std::vector<ObjectChange> accepted;
  if (objects.empty()) {
    accepted = drift;
  } else {
    for (const auto& wanted : objects) {
      const auto before = accepted.size();
      for (const auto& change : drift) {
        const auto identity = schema::format_identity(change.key);
        const auto with_kind = std::string(schema::kind_name(change.key.kind)) + ":" + identity;
        if (wanted == identity || wanted == with_kind) accepted.push_back(change);
      }
      if (accepted.size() == before) {
        std::string message = "\"" + wanted + "\" is not a drifted object; drifted: ";
        for (std::size_t i = 0; i < drift.size(); ++i) {
          if (i > 0) message += ", ";
          message += schema::kind_name(drift[i].key.kind);
          message += ':';
          message += schema::format_identity(drift[i].key);
        }
        throw std::invalid_argument(message);
      }
    }
  }
  std::set<ObjectKey> keys;
  for (const auto& change : accepted) keys.insert(change.key);
  AcceptVerdict verdict;
  verdict.next = state;
  verdict.next.baseline = take_objects(state.baseline, state.live, keys);
  verdict.event = make_event(EventType::accepted, time, target);
  verdict.event.message = plural(keys.size(), "drifted object") + " accepted as the baseline" +
                          (reason.empty() ? "" : ": " + std::string(reason));
  // In drift order, each object once, however often it was named.
  for (const auto& change : drift) {
    if (keys.contains(change.key)) verdict.event.changes.push_back(change);
  }
  return verdict;
}

}  // namespace driftwatch::daemon
