// Sqitch's registry (schema sqitch): changes holds what is deployed now,
// events the append-only log of every deploy, revert and failure.
#include <map>
#include <set>
#include <utility>

#include "probes/ledgers/reader_support.h"
#include "probes/ledgers/readers.h"

namespace driftwatch::ledgers {
namespace {

// Sqitch holds this advisory lock while it deploys or reverts (Engine/pg.pm).
constexpr long long kSqitchLock = 75474063;

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace

void read_sqitch(const LedgerInput& input, LedgerState& state) {
  const auto& changes = input.rows;
  std::set<std::string> deployed_ids;
  std::set<std::string> projects;
  // (project, change name) -> when the deployed change of that name was committed.
  std::map<std::pair<std::string, std::string>, std::string> deployed_at;
  for (std::size_t r : rows_ordered_by(changes, "committed_at")) {
    const auto name = changes.get(r, "change").value_or("");
    const auto project = changes.get(r, "project").value_or("");
    const auto committed = changes.get(r, "committed_at");
    deployed_ids.insert(changes.get(r, "change_id").value_or(""));
    projects.insert(project);
    deployed_at[{project, name}] = committed.value_or("");
    state.applied.push_back({name, name, committed, changes.get(r, "script_hash"), changes.xid(r)});
  }
  if (projects.size() > 1) {
    state.notes.push_back(
        "the registry holds the changes of " + std::to_string(projects.size()) +
        " projects: " + joined(std::vector<std::string>(projects.begin(), projects.end())));
  }

  // The latest event of each change tells its last outcome. A change whose
  // plan entry was edited, or that was reworked, gets a new change_id: an old
  // id's failure or revert no longer matters once a change of that name has
  // been deployed after it.
  std::vector<std::pair<std::string, std::string>> reverted;  // name, when
  if (auto it = input.related.find("events"); it != input.related.end()) {
    const auto& events = it->second;
    const auto order = rows_ordered_by(events, "committed_at");
    std::map<std::string, std::size_t> latest;
    for (std::size_t r : order) latest[events.get(r, "change_id").value_or("")] = r;
    for (std::size_t r : order) {
      const auto change_id = events.get(r, "change_id").value_or("");
      if (latest[change_id] != r || deployed_ids.count(change_id) > 0) continue;
      const auto name = events.get(r, "change").value_or("");
      const auto when = events.get(r, "committed_at");
      auto deployed = deployed_at.find({events.get(r, "project").value_or(""), name});
      if (deployed != deployed_at.end() && deployed->second > when.value_or("")) continue;
      const auto event = events.get(r, "event").value_or("");
      if (event == "fail") state.failed.push_back({name, name, when, {}, events.xid(r)});
      if (event == "revert") reverted.emplace_back(name, when.value_or(""));
    }
  }
  if (auto it = input.related.find("tags"); it != input.related.end() && it->second.size() > 0) {
    const auto& tags = it->second;
    const auto latest = rows_ordered_by(tags, "committed_at").back();
    state.notes.push_back("latest tag: " + tags.get(latest, "tag").value_or(""));
  }

  if (note_advisory_lock(input, kSqitchLock, state)) {
    state.health = Health::in_progress;
    state.explanation =
        "Sqitch is deploying or reverting right now: a session holds its advisory lock "
        "(75474063).";
    state.next_step = "Wait for the run to finish, then look again.";
    return;
  }
  if (!state.failed.empty()) {
    const auto& failed = state.failed.back();
    // deploy --mode all (the default) reverts what the failed run had deployed.
    std::vector<std::string> reverted_with;
    for (const auto& [name, when] : reverted) {
      if (when > failed.started_at.value_or("")) reverted_with.push_back(name);
    }
    state.health = Health::failed;
    state.explanation =
        "Deploying change " + failed.name + " failed" +
        (failed.started_at ? " at " + *failed.started_at : std::string()) +
        ": its deploy script stopped with an error and Sqitch logged a fail event instead of "
        "recording the change as deployed." +
        (reverted_with.empty()
             ? std::string()
             : " Sqitch then reverted the changes deployed earlier in that run (" +
                   joined(reverted_with) + ").") +
        " If the script wraps its work in BEGIN/COMMIT, as Sqitch's templates do, its changes "
        "were rolled back; a script without its own transaction may have been applied in part.";
    state.next_step =
        "Read the deploy script of " + failed.name +
        " and check which of its statements took effect (undo any that did if it has no "
        "transaction of its own). Fix the script or the database, then run `sqitch deploy` "
        "again. If a previous change must be undone too, revert only to it (`sqitch revert "
        "--to <change>`). Do not run `sqitch revert --to @ROOT` on production: it reverts "
        "every change and drops what they built.";
    return;
  }
  set_healthy(state);
  if (!reverted.empty()) {
    std::vector<std::string> names;
    names.reserve(reverted.size());
    for (const auto& entry : reverted) names.push_back(entry.first);
    state.health = Health::rolled_back;
    state.explanation = "The latest event of " + joined(names) +
                        " is a revert, and it has not been deployed since, so Sqitch counts it "
                        "as not deployed; the next `sqitch deploy` deploys it again if it is "
                        "still in the plan.";
    state.next_step =
        "If the revert was intended, nothing needs doing. Otherwise check the "
        "schema no longer holds what " +
        joined(names) + " created, then run `sqitch deploy`.";
  }
}

}  // namespace driftwatch::ledgers
