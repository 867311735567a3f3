// The attribution rules of docs/provenance.md.
#include "daemon/attribution.h"

#include <algorithm>
#include <iterator>
#include <set>

namespace driftwatch::daemon {
namespace {

using schema::ChangeType;
using schema::FullXid;
using schema::ObjectChange;
using schema::ObjectWrite;

std::string list_migrations(const std::vector<WindowMigration>& migrations) {
  std::string text;
  for (std::size_t i = 0; i < migrations.size() && i < 3; ++i) {
    if (i > 0) text += ", ";
    text += migrations[i].migration;
  }
  if (migrations.size() > 3) text += " and " + std::to_string(migrations.size() - 3) + " more";
  return text;
}

// The row that dates a change: for a new object its oldest row (its
// creation), for a changed one its newest; for a dropped column, the row it
// leaves behind in its relation.
const ObjectWrite* dating_write(const ObjectChange& change, const schema::WriteIndex& writes) {
  const auto* own =
      change.type == ChangeType::added ? writes.earliest(change.key) : writes.latest(change.key);
  if (own != nullptr) return own;
  if (change.type == ChangeType::removed && change.key.kind == schema::Kind::column &&
      change.key.path.size() == 3) {
    return writes.latest_column_drop({change.key.path[0], change.key.path[1]});
  }
  return nullptr;
}

Provenance by_poll_window(const std::vector<WindowMigration>& migrations, const std::string& why) {
  Provenance provenance;
  provenance.confidence = Confidence::poll_window;
  if (migrations.empty()) {
    provenance.cause = Cause::out_of_band;
    provenance.reason = why + "; no migration was recorded in this poll window";
  } else {
    provenance.cause = Cause::migration;
    if (migrations.size() == 1) {
      provenance.migration = migrations.front().migration;
      provenance.ledger = migrations.front().ledger;
    }
    provenance.reason =
        why + "; recorded in the same poll window as " + list_migrations(migrations);
  }
  return provenance;
}

// A removal no catalog row dates, decided by the window's migration files:
// only when every migration of the window has SQL that can tell, since one
// without would leave the question open.
std::optional<Provenance> by_migration_sql(const ObjectChange& change,
                                           const std::vector<WindowMigration>& migrations,
                                           const schema::Snapshot& before) {
  if (change.type != ChangeType::removed || migrations.empty()) return std::nullopt;
  for (const auto& migration : migrations) {
    if (!migration.removal || !migration.removal->complete) return std::nullopt;
  }
  Provenance provenance;
  provenance.confidence = Confidence::sql;
  for (const auto& migration : migrations) {
    if (!migration.removal->covers(change.key, before)) continue;
    provenance.cause = Cause::migration;
    provenance.migration = migration.migration;
    provenance.ledger = migration.ledger;
    provenance.reason = "a removed object leaves no catalog row to date it; the SQL of " +
                        migration.migration + " drops, alters or renames it or what it belongs to";
    return provenance;
  }
  provenance.cause = Cause::out_of_band;
  provenance.reason = "a removed object leaves no catalog row to date it; it went while " +
                      list_migrations(migrations) + (migrations.size() == 1 ? " was" : " were") +
                      " applied, and no statement of their SQL drops, alters or renames it or "
                      "what it belongs to";
  return provenance;
}

}  // namespace

std::vector<Provenance> attribute_changes(const std::vector<ObjectChange>& changes,
                                          const std::vector<WindowMigration>& migrations,
                                          const schema::CatalogWrites& writes,
                                          const schema::Snapshot& before) {
  std::vector<Provenance> out;
  out.reserve(changes.size());
  if (!writes.read) {
    for (const auto& change : changes) {
      auto decided = by_migration_sql(change, migrations, before);
      out.push_back(decided ? std::move(*decided)
                            : by_poll_window(migrations, "no catalog provenance for this read"));
    }
    return out;
  }

  std::vector<const ObjectWrite*> dated;
  dated.reserve(changes.size());
  const schema::WriteIndex index(writes);
  std::set<FullXid> change_xids;
  for (const auto& change : changes) {
    dated.push_back(dating_write(change, index));
    if (dated.back() != nullptr) change_xids.insert(dated.back()->xid);
  }
  // Ledger rows by transaction; rows whose own transaction changed no object
  // were written apart from their DDL and own the window before them.
  std::vector<const WindowMigration*> rows;
  bool undated_row = false;
  for (const auto& migration : migrations) {
    if (migration.xid == 0) {
      undated_row = true;
    } else {
      rows.push_back(&migration);
    }
  }
  // Stable: rows one transaction wrote keep the ledger's order.
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto* a, const auto* b) { return a->xid < b->xid; });

  for (std::size_t i = 0; i < changes.size(); ++i) {
    const auto* write = dated[i];
    if (write == nullptr) {
      if (auto decided = by_migration_sql(changes[i], migrations, before)) {
        out.push_back(std::move(*decided));
        continue;
      }
      auto provenance = by_poll_window(
          migrations, changes[i].type == ChangeType::removed
                          ? "a removed object leaves no catalog row to date it"
                          : "none of the catalog rows driftwatch reads for it was written since "
                            "the last read");
      if (provenance.cause == Cause::migration) provenance.cause = Cause::unknown;
      out.push_back(std::move(provenance));
      continue;
    }
    Provenance provenance;
    provenance.transaction = write->xid;
    provenance.committed_at = write->committed_at;
    const auto next = std::find_if(rows.begin(), rows.end(),
                                   [&](const auto* row) { return row->xid >= write->xid; });
    if (next != rows.end() && (*next)->xid == write->xid) {
      provenance.cause = Cause::migration;
      provenance.migration = (*next)->migration;
      provenance.ledger = (*next)->ledger;
      provenance.confidence = Confidence::exact;
      // Tools that run a whole batch in one transaction (knex, typeorm)
      // write several rows in it: the object is one of theirs.
      std::string recorded;
      for (auto row = next; row != rows.end() && (*row)->xid == write->xid; ++row) {
        recorded += (recorded.empty() ? "" : ", ") + (*row)->migration;
      }
      provenance.reason = "transaction " + std::to_string(write->xid) +
                          " changed the object and recorded " + recorded;
    } else if (next != rows.end() && !(*next)->unfinished && !change_xids.contains((*next)->xid)) {
      provenance.cause = Cause::migration;
      provenance.migration = (*next)->migration;
      provenance.ledger = (*next)->ledger;
      provenance.confidence = Confidence::window;
      provenance.reason = "transaction " + std::to_string(write->xid) + " ran before transaction " +
                          std::to_string((*next)->xid) + " recorded " + (*next)->migration +
                          ", after the previous ledger write, and wrote no ledger row itself";
    } else if (next != rows.begin() && (*std::prev(next))->unfinished) {
      const auto* started = *std::prev(next);
      provenance.cause = Cause::migration;
      provenance.migration = started->migration;
      provenance.ledger = started->ledger;
      provenance.confidence = Confidence::window;
      provenance.reason = "transaction " + std::to_string(write->xid) + " ran after " +
                          started->migration + " started (transaction " +
                          std::to_string(started->xid) +
                          "), which has not been recorded as finished";
    } else if (undated_row) {
      provenance = by_poll_window(migrations, "a ledger row's transaction is unknown");
      provenance.transaction = write->xid;
      provenance.committed_at = write->committed_at;
    } else {
      provenance.cause = Cause::out_of_band;
      provenance.confidence = Confidence::exact;
      provenance.reason = "transaction " + std::to_string(write->xid) + " wrote no ledger row" +
                          (migrations.empty() ? "" : " and ran outside every migration's window");
    }
    out.push_back(std::move(provenance));
  }
  return out;
}

}  // namespace driftwatch::daemon
