// The state store's schema and its reads and writes.
#include "daemon/state_store.h"

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "probes/schema/identity.h"
#include "probes/schema/snapshot_json.h"

namespace driftwatch::daemon {
namespace {

constexpr int kSchemaVersion = 1;
constexpr int kBaseline = 0;
constexpr int kLive = 1;

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS targets (
  name TEXT PRIMARY KEY,
  has_baseline INTEGER NOT NULL DEFAULT 0,
  system_identifier TEXT NOT NULL DEFAULT '',
  database TEXT NOT NULL DEFAULT '',
  ledgers TEXT NOT NULL DEFAULT '[]',
  down INTEGER NOT NULL DEFAULT 0,
  generation INTEGER NOT NULL DEFAULT 0,
  writes_since INTEGER NOT NULL DEFAULT 0,
  scope TEXT NOT NULL DEFAULT '',
  fingerprint TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS objects (
  target TEXT NOT NULL,
  side INTEGER NOT NULL,
  id TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (target, side, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY,
  target TEXT NOT NULL,
  type TEXT NOT NULL,
  body TEXT NOT NULL
);
)sql";

std::string object_id(const schema::ObjectKey& key) {
  return std::string(schema::kind_name(key.kind)) + ":" + schema::format_identity(key);
}

nlohmann::json ledgers_json(const std::vector<LedgerSummary>& ledgers) {
  auto out = nlohmann::json::array();
  for (const auto& ledger : ledgers) {
    nlohmann::json item{{"framework", ledger.framework},
                        {"table", ledger.table},
                        {"health", ledgers::health_name(ledger.health)},
                        {"applied", ledger.applied},
                        {"failed", ledger.failed},
                        {"pending", ledger.pending},
                        {"explanation", ledger.explanation},
                        {"next_step", ledger.next_step}};
    if (ledger.lock_since) item["lock_since"] = *ledger.lock_since;
    if (!ledger.will_fail.empty()) item["will_fail"] = ledger.will_fail;
    if (!ledger.left_behind.empty()) item["left_behind"] = ledger.left_behind;
    out.push_back(std::move(item));
  }
  return out;
}

ledgers::Health parse_health(const std::string& name) {
  for (int h = 0; h <= static_cast<int>(ledgers::Health::healthy); ++h) {
    const auto health = static_cast<ledgers::Health>(h);
    if (ledgers::health_name(health) == name) return health;
  }
  return ledgers::Health::unknown;
}

std::vector<LedgerSummary> ledgers_from_json(const std::string& text, const std::string& where) {
  std::vector<LedgerSummary> ledgers;
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_array()) throw StateError(where + ": unreadable ledger state");
  for (const auto& item : doc) {
    LedgerSummary ledger;
    ledger.framework = item.value("framework", "");
    ledger.table = item.value("table", "");
    ledger.health = parse_health(item.value("health", ""));
    ledger.applied = item.value("applied", std::vector<std::string>{});
    ledger.failed = item.value("failed", std::vector<std::string>{});
    ledger.pending = item.value("pending", std::size_t{0});
    ledger.explanation = item.value("explanation", "");
    ledger.next_step = item.value("next_step", "");
    if (item.contains("lock_since")) ledger.lock_since = item["lock_since"].get<std::string>();
    ledger.will_fail = item.value("will_fail", std::vector<std::string>{});
    ledger.left_behind = item.value("left_behind", std::vector<std::string>{});
    ledgers.push_back(std::move(ledger));
  }
  return ledgers;
}

// Writes the objects that differ between two sorted snapshots: a poll that
// changed one column rewrites one row, not the whole schema.
void write_delta(Statement& upsert, Statement& remove, std::string_view target, int side,
                 const schema::Snapshot& before, const schema::Snapshot& after) {
  const auto& old_objects = before.objects();
  const auto& new_objects = after.objects();
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < old_objects.size() || j < new_objects.size()) {
    if (j == new_objects.size() ||
        (i < old_objects.size() && old_objects[i].key < new_objects[j].key)) {
      remove.bind(1, target).bind(2, std::int64_t{side}).bind(3, object_id(old_objects[i].key));
      remove.run();
      ++i;
    } else if (i == old_objects.size() || new_objects[j].key < old_objects[i].key) {
      upsert.bind(1, target).bind(2, std::int64_t{side}).bind(3, object_id(new_objects[j].key));
      upsert.bind(4, schema::object_to_json(new_objects[j]));
      upsert.run();
      ++j;
    } else {
      if (old_objects[i] != new_objects[j]) {
        upsert.bind(1, target).bind(2, std::int64_t{side}).bind(3, object_id(new_objects[j].key));
        upsert.bind(4, schema::object_to_json(new_objects[j]));
        upsert.run();
      }
      ++i;
      ++j;
    }
  }
}

}  // namespace

StateStore::StateStore(const std::filesystem::path& state_dir) : db_(state_dir / "state.db") {
  WriteTransaction transaction(db_);
  db_.execute(kSchema);
  // State written by an earlier version lacks the newer columns; adding them
  // is all the upgrade there is. writes_since 0: no lower bound, the next
  // read sets one; scope and fingerprint '': unknown, the next poll or read
  // records them.
  std::set<std::string> columns;
  {
    Statement names(db_, "SELECT name FROM pragma_table_info('targets')");
    while (names.step()) columns.insert(names.text(0));
  }
  if (!columns.contains("writes_since")) {
    db_.execute("ALTER TABLE targets ADD COLUMN writes_since INTEGER NOT NULL DEFAULT 0");
  }
  for (const auto* column : {"scope", "fingerprint"}) {
    if (!columns.contains(column)) {
      db_.execute("ALTER TABLE targets ADD COLUMN " + std::string(column) +
                  " TEXT NOT NULL DEFAULT ''");
    }
  }
  Statement version(db_, "SELECT value FROM meta WHERE key = 'schema_version'");
  if (version.step()) {
    if (version.text(0) != std::to_string(kSchemaVersion)) {
      throw StateError(db_.file().string() + ": state of schema version " + version.text(0) +
                       ", this build reads version " + std::to_string(kSchemaVersion));
    }
  } else {
    Statement insert(db_, "INSERT INTO meta (key, value) VALUES ('schema_version', ?1)");
    insert.bind(1, std::to_string(kSchemaVersion)).run();
  }
  transaction.commit();
}

StoredTarget StateStore::load(std::string_view target) {
  const std::lock_guard lock(mutex_);
  StoredTarget stored;
  Statement row(db_,
                "SELECT has_baseline, system_identifier, database, ledgers, down, generation,"
                "       writes_since, scope, fingerprint FROM targets WHERE name = ?1");
  row.bind(1, target);
  if (!row.step()) return stored;
  const std::string where = db_.file().string() + ": target " + std::string(target);
  stored.state.has_baseline = row.integer(0) != 0;
  stored.state.identity = {row.text(1), row.text(2)};
  stored.state.ledgers = ledgers_from_json(row.text(3), where);
  stored.state.down = row.integer(4) != 0;
  stored.generation = row.integer(5);
  stored.state.writes_since = static_cast<schema::FullXid>(row.integer(6));
  stored.state.scope = row.text(7);
  stored.state.fingerprint = row.text(8);

  std::vector<schema::SchemaObject> sides[2];
  Statement objects(db_, "SELECT side, id, body FROM objects WHERE target = ?1");
  objects.bind(1, target);
  while (objects.step()) {
    const auto side = objects.integer(0);
    if (side != kBaseline && side != kLive) continue;
    sides[side].push_back(
        schema::object_from_json(objects.text(2), where + ": " + objects.text(1)));
  }
  stored.state.baseline = schema::Snapshot(std::move(sides[kBaseline]));
  stored.state.live = schema::Snapshot(std::move(sides[kLive]));
  return stored;
}

std::int64_t StateStore::generation(std::string_view target) {
  const std::lock_guard lock(mutex_);
  Statement row(db_, "SELECT generation FROM targets WHERE name = ?1");
  row.bind(1, target);
  return row.step() ? row.integer(0) : 0;
}

bool StateStore::commit(std::string_view target, const TargetState& before,
                        const TargetState& after, std::vector<Event>& events,
                        std::int64_t generation) {
  return write(target, before, after, events, generation, false);
}

bool StateStore::commit_external(std::string_view target, const TargetState& before,
                                 const TargetState& after, std::vector<Event>& events,
                                 std::int64_t generation) {
  return write(target, before, after, events, generation, true);
}

bool StateStore::write(std::string_view target, const TargetState& before, const TargetState& after,
                       std::vector<Event>& events, std::int64_t generation, bool external) {
  const std::lock_guard lock(mutex_);
  WriteTransaction transaction(db_);
  Statement current(db_, "SELECT generation FROM targets WHERE name = ?1");
  current.bind(1, target);
  const std::int64_t stored_generation = current.step() ? current.integer(0) : 0;
  if (stored_generation != generation) return false;

  Statement upsert_target(db_,
                          "INSERT INTO targets (name, has_baseline, system_identifier, database,"
                          "                     ledgers, down, generation, writes_since, scope,"
                          "                     fingerprint)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                          " ON CONFLICT (name) DO UPDATE SET has_baseline = ?2,"
                          "   system_identifier = ?3, database = ?4, ledgers = ?5, down = ?6,"
                          "   generation = ?7, writes_since = ?8, scope = ?9, fingerprint = ?10");
  upsert_target.bind(1, target)
      .bind(2, std::int64_t{after.has_baseline ? 1 : 0})
      .bind(3, after.identity.system_identifier)
      .bind(4, after.identity.database)
      .bind(5, ledgers_json(after.ledgers).dump())
      .bind(6, std::int64_t{after.down ? 1 : 0})
      .bind(7, generation + (external ? 1 : 0))
      .bind(8, static_cast<std::int64_t>(after.writes_since))
      .bind(9, after.scope)
      .bind(10, after.fingerprint);
  upsert_target.run();

  Statement upsert(db_,
                   "INSERT INTO objects (target, side, id, body) VALUES (?1, ?2, ?3, ?4)"
                   " ON CONFLICT (target, side, id) DO UPDATE SET body = ?4");
  Statement remove(db_, "DELETE FROM objects WHERE target = ?1 AND side = ?2 AND id = ?3");
  write_delta(upsert, remove, target, kBaseline, before.baseline, after.baseline);
  write_delta(upsert, remove, target, kLive, before.live, after.live);

  Statement last(db_, "SELECT coalesce(max(id), 0) FROM events");
  last.step();
  std::int64_t id = last.integer(0);
  Statement insert(db_, "INSERT INTO events (id, target, type, body) VALUES (?1, ?2, ?3, ?4)");
  for (auto& event : events) {
    event.id = ++id;
    insert.bind(1, event.id).bind(2, target).bind(3, event_type_name(event.type));
    insert.bind(4, event_json(event));
    insert.run();
  }
  transaction.commit();
  return true;
}

std::vector<std::pair<std::int64_t, std::string>> StateStore::events_after(std::int64_t after_id,
                                                                           std::size_t limit) {
  const std::lock_guard lock(mutex_);
  Statement rows(db_, "SELECT id, body FROM events WHERE id > ?1 ORDER BY id LIMIT ?2");
  rows.bind(1, after_id).bind(2, static_cast<std::int64_t>(limit));
  std::vector<std::pair<std::int64_t, std::string>> events;
  while (rows.step()) events.emplace_back(rows.integer(0), rows.text(1));
  return events;
}

std::int64_t StateStore::last_event_id() {
  const std::lock_guard lock(mutex_);
  Statement last(db_, "SELECT coalesce(max(id), 0) FROM events");
  last.step();
  return last.integer(0);
}

std::optional<std::string> StateStore::setting(std::string_view key) {
  const std::lock_guard lock(mutex_);
  Statement row(db_, "SELECT value FROM meta WHERE key = ?1");
  row.bind(1, std::string("setting:") + std::string(key));
  if (!row.step()) return std::nullopt;
  return row.text(0);
}

void StateStore::set_setting(std::string_view key, std::string_view value) {
  const std::lock_guard lock(mutex_);
  Statement upsert(db_,
                   "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                   " ON CONFLICT (key) DO UPDATE SET value = ?2");
  upsert.bind(1, std::string("setting:") + std::string(key)).bind(2, value);
  upsert.run();
}

std::vector<std::string> StateStore::targets() {
  const std::lock_guard lock(mutex_);
  Statement rows(db_, "SELECT name FROM targets ORDER BY name");
  std::vector<std::string> names;
  while (rows.step()) names.push_back(rows.text(0));
  return names;
}

}  // namespace driftwatch::daemon
