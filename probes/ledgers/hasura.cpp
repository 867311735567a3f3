// Hasura CLI's legacy hdb_catalog.schema_migrations: one row per applied
// version with a dirty flag (unlike golang-migrate's single row).
#include "probes/ledgers/reader_support.h"
#include "probes/ledgers/readers.h"

namespace driftwatch::ledgers {

void read_hasura(const LedgerInput& input, LedgerState& state) {
  const auto& rows = input.rows;
  for (std::size_t r : rows_ordered_by(rows, "version")) {
    const auto version = rows.get(r, "version").value_or("");
    if (rows.flag(r, "dirty")) {
      state.failed.push_back({version, version, {}, {}, rows.xid(r)});
    } else {
      state.applied.push_back({version, version, {}, {}, rows.xid(r)});
    }
  }
  state.notes.emplace_back(
      "Hasura CLI v1.4 and later keep migration state in hdb_catalog.hdb_version.cli_state (or "
      "in the metadata database); a project on them no longer writes this table, which may be "
      "out of date");
  if (state.failed.empty()) {
    set_healthy(state);
    return;
  }
  std::string versions;
  for (const auto& failed : state.failed) versions += (versions.empty() ? "" : ", ") + failed.id;
  const auto& first = state.failed.front().id;
  const std::string table = TableInfo{state.schema, state.table, {}}.qualified();
  state.health = Health::dirty;
  state.explanation =
      (state.failed.size() == 1 ? "Version " + versions + " is" : "Versions " + versions + " are") +
      " marked dirty. The Hasura CLI records each version it applies with dirty false, in the "
      "same request as the migration, so a dirty row comes from an interrupted run, a hand "
      "edit, or another tool: the migration may have been applied in part. The CLI itself "
      "counts a dirty version as applied, so `hasura migrate apply` will not run it again.";
  state.next_step =
      "Compare the schema with the up migration of " + first +
      " (`hasura migrate status` lists what the CLI sees). If all of it took effect, clear "
      "the flag: UPDATE " +
      table + " SET dirty = false WHERE version = " + first +
      ". If none did (or after undoing the partial changes by hand), remove the row with "
      "DELETE FROM " +
      table + " WHERE version = " + first + " and run `hasura migrate apply` again." +
      (state.failed.size() > 1 ? " Do the same for each dirty version (" + versions + ")."
                               : std::string()) +
      " Do not roll back with `hasura migrate apply "
      "--down all`: it runs every down migration and drops what they built.";
}

}  // namespace driftwatch::ledgers
