// Liquibase's databasechangelog (a row per changeset run, never a failure)
// and databasechangeloglock, whose single row is locked while an update runs.
#include <map>

#include "probes/ledgers/reader_support.h"
#include "probes/ledgers/readers.h"

namespace driftwatch::ledgers {
namespace {

std::string listed(const std::vector<std::string>& names) {
  // A changelog can hold thousands of changesets; name the first few.
  constexpr std::size_t kShown = 5;
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < kShown; ++i) {
    out += (out.empty() ? "" : ", ") + names[i];
  }
  if (names.size() > kShown) out += " and " + std::to_string(names.size() - kShown) + " more";
  return out;
}

}  // namespace

void read_liquibase(const LedgerInput& input, LedgerState& state) {
  const auto& rows = input.rows;
  // Liquibase knows a changeset by (id, author, filename) and keeps no key on
  // them, so a copied or hand-edited table can hold one twice.
  std::map<std::string, std::size_t> position;
  std::vector<std::string> marked_ran;
  std::vector<std::string> reran;
  std::size_t duplicates = 0;
  for (std::size_t r : rows_ordered_by(rows, "orderexecuted")) {
    const auto id = rows.get(r, "id").value_or("");
    const auto identity = id + "::" + rows.get(r, "author").value_or("") +
                          "::" + rows.get(r, "filename").value_or("");
    const auto exectype = rows.get(r, "exectype").value_or("");
    if (exectype == "MARK_RAN") marked_ran.push_back(identity);
    if (exectype == "RERAN") reran.push_back(identity);
    AppliedMigration changeset{identity, id, rows.get(r, "dateexecuted"), rows.get(r, "md5sum"),
                               rows.xid(r)};
    if (auto it = position.find(identity); it != position.end()) {
      ++duplicates;
      state.applied[it->second] = std::move(changeset);
      continue;
    }
    position[identity] = state.applied.size();
    state.applied.push_back(std::move(changeset));
  }
  if (!marked_ran.empty()) {
    state.notes.push_back(
        count_of(marked_ran.size(), "changeset is", "changesets are") +
        " recorded as MARK_RAN, as run without being executed (changelog-sync, or a "
        "precondition with onFail=MARK_RAN): " +
        listed(marked_ran));
  }
  if (!reran.empty()) {
    state.notes.push_back(
        count_of(reran.size(), "changeset was", "changesets were") +
        " run again after a change (RERAN, runOnChange or runAlways): " + listed(reran));
  }
  if (duplicates > 0) {
    state.notes.push_back(count_of(duplicates, "changeset appears", "changesets appear") +
                          " more than once; the latest run of each is used");
  }
  state.notes.emplace_back(
      "Liquibase records no failures: a changeset that failed has no row, and one that ran "
      "without a transaction (runInTransaction=false) may have been applied in part");
  set_healthy(state);

  auto lock_rows = input.related.find("databasechangeloglock");
  if (lock_rows == input.related.end()) return;
  const auto& locks = lock_rows->second;
  for (std::size_t r = 0; r < locks.size(); ++r) {
    if (!locks.flag(r, "locked")) continue;
    state.lock = LockInfo{true, locks.get(r, "lockgranted"), locks.get(r, "lockedby")};
    state.health = Health::locked;
    const auto holder = locks.get(r, "lockedby").value_or("an unnamed host");
    const auto since = locks.get(r, "lockgranted");
    state.explanation =
        "Liquibase's lock is held by " + holder + (since ? " since " + *since : std::string()) +
        ": either an update is running now, or one crashed or was killed and left the lock "
        "behind (Liquibase releases it only when it exits cleanly). Every other Liquibase run "
        "waits for it, by default 5 minutes, then fails with \"Could not acquire change log "
        "lock\".";
    state.next_step =
        "Make sure no Liquibase process is still running (lockedby names the host that took the "
        "lock). If none is, release the lock with `liquibase release-locks` (or UPDATE " +
        TableInfo{state.schema, "databasechangeloglock", {}}.qualified() +
        " SET locked = false, lockgranted = NULL, lockedby = NULL WHERE id = " +
        locks.get(r, "id").value_or("1") +
        "), then run the update again. Releasing a lock that a live update holds lets two "
        "updates run at once.";
    return;
  }
}

}  // namespace driftwatch::ledgers
