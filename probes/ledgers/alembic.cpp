// Alembic's alembic_version: one row per current head revision, no history;
// upgrades update the row, a new branch inserts one, a merge deletes some.
#include <algorithm>

#include "probes/ledgers/reader_support.h"
#include "probes/ledgers/readers.h"

namespace driftwatch::ledgers {

void read_alembic(const LedgerInput& input, LedgerState& state) {
  const auto& rows = input.rows;
  // Sorted, so that a report of several heads does not change with the
  // order the server happens to return them in.
  std::vector<std::string> heads;
  std::vector<std::uint64_t> head_xids;
  std::size_t blank = 0;
  for (std::size_t r : rows_ordered_by(rows, "version_num")) {
    const auto version = rows.get(r, "version_num");
    if (!version || version->empty()) {
      ++blank;
      continue;
    }
    // Without version_table_pk the same revision can be stored twice.
    if (std::find(heads.begin(), heads.end(), *version) == heads.end()) {
      heads.push_back(*version);
      head_xids.push_back(rows.xid(r));
    } else {
      state.notes.push_back("revision " + *version + " is stored more than once");
    }
  }
  if (blank > 0) {
    state.notes.push_back(count_of(blank, "row has", "rows have") +
                          " an empty version_num and was left out");
  }
  state.heads = heads;
  for (std::size_t i = 0; i < heads.size(); ++i) {
    state.applied.push_back({heads[i], heads[i], {}, {}, head_xids[i]});
  }

  if (heads.empty()) {
    state.health = Health::healthy;
    state.explanation =
        "Alembic is at base: no revision is recorded, so none has been applied (or the database "
        "was never stamped).";
    return;
  }
  state.notes.emplace_back(
      "Alembic keeps only the current heads, not the history: the revisions before them count "
      "as applied, but listing them needs the revision files");
  if (heads.size() == 1) {
    state.health = Health::healthy;
    state.explanation = "At revision " + heads.front() +
                        "; Alembic keeps only the head, so every revision up to it counts as "
                        "applied.";
    return;
  }
  std::string listed;
  for (const auto& head : heads) listed += (listed.empty() ? "" : ", ") + head;
  state.health = Health::multiple_heads;
  state.explanation =
      "The database is at " + std::to_string(heads.size()) + " heads (" + listed +
      "): revisions of branches that were never merged have been applied side by side. While "
      "the revision files also have several heads, `alembic upgrade head` stops with "
      "\"Multiple head revisions are present for given argument 'head'\".";
  state.next_step =
      "If the branches belong in one line of history, create a merge revision with `alembic "
      "merge heads -m \"merge heads\"` (or use the merge revision that already exists), review "
      "it, and run `alembic upgrade head`; if the branches are meant to stay apart, upgrade them "
      "with `alembic upgrade heads`. Do not run `alembic downgrade base` to get back to one "
      "head: it runs every downgrade and drops everything the migrations built, data included.";
}

}  // namespace driftwatch::ledgers
