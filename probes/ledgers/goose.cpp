// goose's goose_db_version: a row per applied version (older releases also
// wrote one per down, is_applied false); goose_lock holds its optional table lock.
#include <array>
#include <map>

#include "probes/ledgers/reader_support.h"
#include "probes/ledgers/readers.h"

namespace driftwatch::ledgers {
namespace {

// goose's session lock, pg_try_advisory_lock(DefaultLockID). goose releases
// differ: some use 4097083626 (the CRC-32 of "goose"), others
// 5887940537704921958 (its CRC-64).
constexpr std::array kGooseLocks{4097083626LL, 5887940537704921958LL};

}  // namespace

void read_goose(const LedgerInput& input, LedgerState& state) {
  const auto& rows = input.rows;
  // As goose's EnsureDBVersion does: the latest row of each version decides.
  const auto order = rows_ordered_by(rows, "id");
  std::map<std::string, std::size_t> latest;
  for (std::size_t r : order) latest[rows.get(r, "version_id").value_or("")] = r;
  std::vector<std::string> rolled_back;
  for (std::size_t r : order) {
    const auto version = rows.get(r, "version_id").value_or("");
    // goose writes version 0 when it creates the table; it is no migration.
    if (version == "0" || version.empty() || latest[version] != r) continue;
    if (rows.flag(r, "is_applied")) {
      state.applied.push_back({version, version, rows.get(r, "tstamp"), {}, rows.xid(r)});
    } else {
      rolled_back.push_back(version);
    }
  }
  set_healthy(state);

  for (long long key : kGooseLocks) {
    if (!note_advisory_lock(input, key, state)) continue;
    state.health = Health::in_progress;
    state.explanation = "goose is migrating right now: a session holds its advisory lock (" +
                        std::to_string(key) + ").";
    state.next_step = "Wait for the run to finish, then look again.";
    return;
  }
  if (auto it = input.related.find("goose_lock"); it != input.related.end()) {
    const auto& locks = it->second;
    for (std::size_t r = 0; r < locks.size(); ++r) {
      if (!locks.flag(r, "locked")) continue;
      const auto holder = locks.get(r, "locked_by");
      const auto since = locks.get(r, "locked_at");
      const auto expires = locks.get(r, "lease_expires_at");
      state.lock = LockInfo{true, since, holder};
      state.health = Health::locked;
      state.explanation =
          "goose's table lock (" + TableInfo{state.schema, "goose_lock", {}}.qualified() +
          ", lock_id " + locks.get(r, "lock_id").value_or("?") + ") is held by " +
          holder.value_or("an unnamed instance") + (since ? " since " + *since : std::string()) +
          ": a run is in progress, or one stopped without releasing it. Other goose runs "
          "cannot migrate until the lease " +
          (expires ? "(which ends " + *expires + ") " : std::string()) +
          "runs out without being renewed.";
      state.next_step =
          "Check whether the goose instance named in locked_by is still running; if it is, wait "
          "for it. If not, the next goose run takes the lock over once the lease has expired, "
          "so waiting for that is enough; to free it sooner, UPDATE " +
          TableInfo{state.schema, "goose_lock", {}}.qualified() +
          " SET locked = false, locked_at = NULL, locked_by = NULL, lease_expires_at = NULL "
          "WHERE lock_id = " +
          locks.get(r, "lock_id").value_or("<lock_id>") + ".";
      return;
    }
  }
  if (!rolled_back.empty()) {
    std::string versions;
    for (const auto& v : rolled_back) versions += (versions.empty() ? "" : ", ") + v;
    state.health = Health::rolled_back;
    state.explanation =
        "The latest record of " + std::string(rolled_back.size() == 1 ? "version " : "versions ") +
        versions +
        " says it was rolled back (is_applied false, written by `goose down` in older goose "
        "releases), so goose counts it as not applied and the next `goose up` runs it again.";
    state.next_step = "Make sure the schema no longer holds what " + versions +
                      " created, then run `goose up`; if it still does, find out why the down "
                      "migration left it before applying the migration again.";
  }
}

}  // namespace driftwatch::ledgers
