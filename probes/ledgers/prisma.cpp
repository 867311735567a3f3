// Prisma Migrate's _prisma_migrations: one row per attempt; finished_at is set
// only on success, rolled_back_at by `prisma migrate resolve --rolled-back`.
#include <map>

#include "probes/ledgers/reader_support.h"
#include "probes/ledgers/readers.h"

namespace driftwatch::ledgers {
namespace {

// Prisma holds this advisory lock while it migrates (schema-engine, postgres flavour).
constexpr long long kPrismaLock = 72707369;

}  // namespace

void read_prisma(const LedgerInput& input, LedgerState& state) {
  const auto& rows = input.rows;
  // The latest attempt of each migration decides its state.
  std::map<std::string, std::size_t> latest;
  for (std::size_t r : rows_ordered_by(rows, "started_at")) {
    latest[rows.get(r, "migration_name").value_or("")] = r;
  }
  std::vector<std::size_t> rolled_back;
  for (std::size_t r : rows_ordered_by(rows, "started_at")) {
    const auto name = rows.get(r, "migration_name").value_or("");
    if (latest[name] != r) continue;
    const auto finished = rows.get(r, "finished_at");
    const auto rolled = rows.get(r, "rolled_back_at");
    if (rolled) {
      rolled_back.push_back(r);
    } else if (finished) {
      state.applied.push_back({name, name, finished, rows.get(r, "checksum"), rows.xid(r)});
    } else {
      state.failed.push_back(
          {name, name, rows.get(r, "started_at"), rows.get(r, "logs"), rows.xid(r)});
    }
  }
  const bool running = note_advisory_lock(input, kPrismaLock, state);
  if (!state.failed.empty() && running) {
    state.health = Health::in_progress;
    state.explanation = "Prisma is applying " + state.failed.back().name +
                        " right now: its row has no finished_at yet and Prisma's advisory lock "
                        "is held.";
    state.next_step = "Wait for the deploy to finish, then look again.";
    return;
  }
  if (!state.failed.empty()) {
    const auto& failed = state.failed.front();
    state.health = Health::failed;
    state.explanation =
        "Migration " + failed.name + " started" +
        (failed.started_at ? " at " + *failed.started_at : std::string()) +
        " and did not finish: Prisma refuses to apply anything else until it is resolved "
        "(error P3009, \"migrate found failed migrations in the target database\"). Its SQL may "
        "have been applied in part.";
    state.next_step =
        "Compare the schema with " + failed.name +
        "/migration.sql to see which of its changes exist. If all do, run `prisma migrate "
        "resolve --applied " +
        failed.name +
        "`; if none do (or after undoing the partial "
        "ones), run `prisma migrate resolve --rolled-back " +
        failed.name + "` and deploy again. " + kNoReset +
        " (`prisma migrate reset` drops the database.)";
    return;
  }
  set_healthy(state);
  if (!rolled_back.empty()) {
    const auto name = rows.get(rolled_back.back(), "migration_name").value_or("");
    state.health = Health::rolled_back;
    state.explanation = "Migration " + name +
                        " was marked rolled back (prisma migrate resolve --rolled-back) and has "
                        "not been applied since; the next `prisma migrate deploy` applies it "
                        "again.";
    state.next_step = "Make sure the schema no longer holds what " + name +
                      " created, then deploy; or, if it does, resolve it as applied instead.";
  }
}

}  // namespace driftwatch::ledgers
