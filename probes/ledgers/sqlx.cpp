// sqlx's _sqlx_migrations: one row per migration with a success flag; a false
// one makes sqlx refuse to migrate (MigrateError::Dirty).
#include <cctype>

#include "probes/ledgers/reader_support.h"
#include "probes/ledgers/readers.h"

namespace driftwatch::ledgers {
namespace {

// The checksum is a bytea, which PostgreSQL prints as \x and hex
// (bytea_output = hex, the default); keep the hex, in lower case.
std::optional<std::string> hex_checksum(const std::optional<std::string>& value) {
  if (!value || !value->starts_with("\\x")) return std::nullopt;
  std::string hex = value->substr(2);
  for (char& c : hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return hex;
}

}  // namespace

void read_sqlx(const LedgerInput& input, LedgerState& state) {
  const auto& rows = input.rows;
  std::vector<std::string> timing_lost;
  bool checksum_not_hex = false;
  for (std::size_t r : rows_ordered_by(rows, "version")) {
    const auto version = rows.get(r, "version").value_or("");
    auto name = rows.get(r, "description").value_or("");
    if (name.empty()) name = version;
    if (!rows.flag(r, "success")) {
      state.failed.push_back({version, name, rows.get(r, "installed_on"), {}, rows.xid(r)});
      continue;
    }
    const auto checksum = hex_checksum(rows.get(r, "checksum"));
    checksum_not_hex = checksum_not_hex || (!checksum && rows.get(r, "checksum"));
    state.applied.push_back({version, name, rows.get(r, "installed_on"), checksum, rows.xid(r)});
    // sqlx writes -1 and sets the time after the commit; a lost connection skips that.
    if (rows.get(r, "execution_time") == "-1") timing_lost.push_back(version);
  }
  set_healthy(state);
  for (const auto& version : timing_lost) {
    state.notes.push_back("migration " + version +
                          " applied, but its timing update was lost (execution_time = -1)");
  }
  if (checksum_not_hex) {
    state.notes.emplace_back("checksums are not shown: the server does not print bytea as hex");
  }
  if (state.failed.empty()) return;
  // sqlx stops at the lowest such version (ORDER BY version LIMIT 1).
  const auto& dirty = state.failed.front();
  const std::string table = qualified_table(state);
  state.health = Health::failed;
  state.explanation =
      "Migration " + dirty.id + " (" + dirty.name +
      ") is recorded with success = false, so sqlx treats the database as dirty and refuses to "
      "run any migration (\"migration " +
      dirty.id +
      " is partially applied; fix and remove row from `_sqlx_migrations` table\"). Its SQL may "
      "have taken effect in part. On PostgreSQL sqlx itself records a migration only after its "
      "SQL succeeded, and always with success = true (a -- no-transaction migration too), so "
      "this row was written by hand, by another tool, or by sqlx on a database without "
      "transactional DDL.";
  if (state.failed.size() > 1) {
    state.explanation += " " + count_of(state.failed.size(), "row is", "rows are") + " marked so.";
  }
  state.next_step =
      "Check which of " + dirty.id +
      "'s statements took effect. Then, by hand and in one transaction (sqlx has no repair "
      "command): either finish the rest and mark it done (UPDATE " +
      table + " SET success = true WHERE version = " + dirty.id +
      "), or undo what it did and delete its row (DELETE FROM " + table +
      " WHERE version = " + dirty.id + ") so that `sqlx migrate run` applies it again. " +
      kNoReset + " (`sqlx database reset` drops the database.)";
}

}  // namespace driftwatch::ledgers
