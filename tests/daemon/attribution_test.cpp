// Tests attribution by transaction: exact, window, out-of-band, undatable
// changes and the fallback to the poll window without catalog writes.
#include "daemon/attribution.h"

#include <catch2/catch.hpp>

namespace dw = driftwatch::daemon;
namespace schema = driftwatch::schema;
using K = schema::Kind;

namespace {

schema::ObjectChange change(K kind, std::vector<std::string> path,
                            schema::ChangeType type = schema::ChangeType::added) {
  schema::ObjectChange out;
  out.key = {kind, std::move(path), std::nullopt};
  out.type = type;
  return out;
}

schema::ObjectWrite write(K kind, std::vector<std::string> path, schema::FullXid xid) {
  schema::ObjectWrite out;
  out.kind = kind;
  out.path = std::move(path);
  out.xid = xid;
  return out;
}

schema::CatalogWrites writes(std::vector<schema::ObjectWrite> rows) {
  schema::CatalogWrites out;
  out.read = true;
  out.since = 700;
  out.next_since = 800;
  out.writes = std::move(rows);
  return out;
}

const std::string kLedger = "rails public.schema_migrations";

}  // namespace

TEST_CASE("a change in the ledger row's transaction is that migration's, exactly") {
  // The example: phone and the ledger row in 726, nickname in 727.
  const std::vector changes{change(K::column, {"public", "users", "nickname"}),
                            change(K::column, {"public", "users", "phone"})};
  const auto provenance =
      dw::attribute_changes(changes, {{kLedger, "0002_phone", 726}},
                            writes({write(K::column, {"public", "users", "phone"}, 726),
                                    write(K::table, {"public", "users"}, 727),
                                    write(K::column, {"public", "users", "nickname"}, 727)}));
  REQUIRE(provenance.size() == 2);
  CHECK(provenance[0].cause == dw::Cause::out_of_band);
  CHECK(provenance[0].confidence == dw::Confidence::exact);
  CHECK(provenance[0].transaction == 727u);
  CHECK(provenance[1].cause == dw::Cause::migration);
  CHECK(provenance[1].migration == "0002_phone");
  CHECK(provenance[1].ledger == kLedger);
  CHECK(provenance[1].confidence == dw::Confidence::exact);
  CHECK(provenance[1].transaction == 726u);
}

TEST_CASE("a manual change before a transactional migration is out-of-band") {
  const std::vector changes{change(K::index, {"public", "users_nick_idx"}),
                            change(K::column, {"public", "users", "phone"})};
  const auto provenance =
      dw::attribute_changes(changes, {{kLedger, "0002_phone", 726}},
                            writes({write(K::index, {"public", "users_nick_idx"}, 720),
                                    write(K::column, {"public", "users", "phone"}, 726)}));
  CHECK(provenance[0].cause == dw::Cause::out_of_band);
  CHECK(provenance[1].cause == dw::Cause::migration);
}

TEST_CASE("DDL between a tool's ledger writes belongs to the migration, by window") {
  // Prisma: the row is inserted (710), the script runs (712), the row's
  // finished_at is set (715, its xmin now); a manual change follows (716).
  const std::vector changes{change(K::table, {"public", "orders"}),
                            change(K::column, {"public", "users", "nickname"})};
  const auto provenance =
      dw::attribute_changes(changes, {{"prisma public._prisma_migrations", "20261124_orders", 715}},
                            writes({write(K::table, {"public", "orders"}, 712),
                                    write(K::column, {"public", "users", "nickname"}, 716)}));
  CHECK(provenance[0].cause == dw::Cause::migration);
  CHECK(provenance[0].migration == "20261124_orders");
  CHECK(provenance[0].confidence == dw::Confidence::window);
  CHECK(provenance[1].cause == dw::Cause::out_of_band);
  CHECK(provenance[1].confidence == dw::Confidence::exact);
}

TEST_CASE("each change goes to the first ledger write after it") {
  const std::vector changes{change(K::table, {"public", "a"}), change(K::table, {"public", "b"})};
  const auto provenance = dw::attribute_changes(
      changes, {{kLedger, "2", 730}, {kLedger, "1", 720}},
      writes({write(K::table, {"public", "a"}, 718), write(K::table, {"public", "b"}, 725)}));
  CHECK(provenance[0].migration == "1");
  CHECK(provenance[1].migration == "2");
  CHECK(provenance[0].confidence == dw::Confidence::window);
}

TEST_CASE("a dropped column is dated by the row it leaves in its table") {
  const std::vector changes{
      change(K::column, {"public", "users", "legacy"}, schema::ChangeType::removed)};
  auto dropped = write(K::table, {"public", "users"}, 733);
  dropped.dropped_column = true;
  const auto provenance =
      dw::attribute_changes(changes, {{kLedger, "0003_drop", 733}}, writes({dropped}));
  CHECK(provenance[0].cause == dw::Cause::migration);
  CHECK(provenance[0].confidence == dw::Confidence::exact);
}

TEST_CASE("an undatable change is unknown beside a migration, out-of-band without one") {
  const std::vector changes{change(K::index, {"public", "users_idx"}, schema::ChangeType::removed)};
  const auto with = dw::attribute_changes(changes, {{kLedger, "0004", 740}}, writes({}));
  CHECK(with[0].cause == dw::Cause::unknown);
  CHECK_THAT(with[0].reason, Catch::Contains("leaves no catalog row"));
  CHECK_FALSE(with[0].transaction.has_value());
  const auto without = dw::attribute_changes(changes, {}, writes({}));
  CHECK(without[0].cause == dw::Cause::out_of_band);
  CHECK(without[0].confidence == dw::Confidence::poll_window);
}

TEST_CASE("without catalog writes every change goes by the poll window") {
  const std::vector changes{change(K::table, {"public", "a"})};
  schema::CatalogWrites none;
  const auto with = dw::attribute_changes(changes, {{kLedger, "0005", 750}}, none);
  CHECK(with[0].cause == dw::Cause::migration);
  CHECK(with[0].confidence == dw::Confidence::poll_window);
  CHECK(with[0].migration == "0005");
  CHECK(dw::attribute_changes(changes, {}, none)[0].cause == dw::Cause::out_of_band);
}

TEST_CASE("a ledger row of unknown transaction falls back to the poll window") {
  const std::vector changes{change(K::table, {"public", "a"})};
  const auto provenance = dw::attribute_changes(changes, {{kLedger, "0006", 0}},
                                                writes({write(K::table, {"public", "a"}, 760)}));
  CHECK(provenance[0].cause == dw::Cause::migration);
  CHECK(provenance[0].confidence == dw::Confidence::poll_window);
  CHECK(provenance[0].transaction == 760u);
}

TEST_CASE("a run that records several migrations in one transaction names them all") {
  const std::vector changes{change(K::table, {"public", "a"})};
  const auto provenance =
      dw::attribute_changes(changes, {{kLedger, "0007_a", 957}, {kLedger, "0008_b", 957}},
                            writes({write(K::table, {"public", "a"}, 957)}));
  CHECK(provenance[0].cause == dw::Cause::migration);
  CHECK(provenance[0].confidence == dw::Confidence::exact);
  CHECK_THAT(provenance[0].reason, Catch::Contains("recorded 0007_a, 0008_b"));
}

TEST_CASE("a new table is dated by its creation, not by a later rewrite of its row") {
  // A foreign key added by hand later rewrites the referenced table's
  // pg_class row; the table still came with the migration.
  const std::vector changes{change(K::table, {"public", "orders"})};
  const auto provenance =
      dw::attribute_changes(changes, {{kLedger, "0009_orders", 965}},
                            writes({write(K::table, {"public", "orders"}, 965),
                                    write(K::table, {"public", "orders"}, 970)}));
  CHECK(provenance[0].cause == dw::Cause::migration);
  CHECK(provenance[0].transaction == 965u);
}

TEST_CASE("changes after an unfinished migration's row are that migration's") {
  // Prisma wrote the row of 20261124_orders (810), its script created a
  // table (812) and failed; nothing was recorded since. A change before the
  // row is not the migration's.
  const std::vector changes{change(K::table, {"public", "orders"}),
                            change(K::index, {"public", "early_idx"})};
  dw::WindowMigration started{"prisma public._prisma_migrations", "20261124_orders", 810, true};
  const auto provenance =
      dw::attribute_changes(changes, {started},
                            writes({write(K::table, {"public", "orders"}, 812),
                                    write(K::index, {"public", "early_idx"}, 805)}));
  CHECK(provenance[0].cause == dw::Cause::migration);
  CHECK(provenance[0].migration == "20261124_orders");
  CHECK(provenance[0].confidence == dw::Confidence::window);
  CHECK_THAT(provenance[0].reason, Catch::Contains("not been recorded as finished"));
  CHECK(provenance[1].cause == dw::Cause::out_of_band);
}

TEST_CASE("a ledger write after an unfinished row closes its window") {
  const std::vector changes{change(K::table, {"public", "late"})};
  const auto provenance = dw::attribute_changes(
      changes, {{"l", "failed_one", 810, true}, {"l", "next_one", 820, false}},
      writes({write(K::table, {"public", "late"}, 825)}));
  CHECK(provenance[0].cause == dw::Cause::out_of_band);
}

TEST_CASE("an undatable removal is told by the window's migration SQL when all have it") {
  const std::vector changes{
      change(K::index, {"public", "users_email_key"}, schema::ChangeType::removed)};
  const schema::Snapshot before(
      {{{K::index, {"public", "users_email_key"}, std::nullopt}, {{"table", "public.users"}}}});
  auto migration = [](const std::string& id, const std::string& sql) {
    dw::WindowMigration out{kLedger, id, 740, false, {}};
    out.removal = driftwatch::migration_sql::removal_scope(sql);
    return out;
  };

  // The migration drops the constraint the index belonged to.
  const auto dropped = dw::attribute_changes(
      changes, {migration("0004", "ALTER TABLE users DROP CONSTRAINT users_email_key;")},
      writes({}), before);
  CHECK(dropped[0].cause == dw::Cause::migration);
  CHECK(dropped[0].migration == "0004");
  CHECK(dropped[0].confidence == dw::Confidence::sql);

  // Nothing in it touches users: someone else dropped the index.
  const auto manual = dw::attribute_changes(changes,
                                            {migration("0004", "CREATE TABLE orders (id int);"),
                                             migration("0005", "DROP INDEX orders_idx;")},
                                            writes({}), before);
  CHECK(manual[0].cause == dw::Cause::out_of_band);
  CHECK(manual[0].confidence == dw::Confidence::sql);
  CHECK_THAT(manual[0].reason, Catch::Contains("0004, 0005 were applied"));

  // The same without catalog writes.
  CHECK(dw::attribute_changes(changes, {migration("0004", "CREATE TABLE orders (id int);")},
                              schema::CatalogWrites{}, before)[0]
            .cause == dw::Cause::out_of_band);

  // One migration whose SQL cannot tell (a DO block, or no file) leaves it unknown.
  const auto opaque = dw::attribute_changes(
      changes,
      {migration("0004", "CREATE TABLE orders (id int);"),
       migration("0005", "DO $$ BEGIN EXECUTE 'DROP INDEX users_email_key'; END $$;")},
      writes({}), before);
  CHECK(opaque[0].cause == dw::Cause::unknown);
  const auto no_file = dw::attribute_changes(
      changes, {migration("0004", "CREATE TABLE orders (id int);"), {kLedger, "0005", 741}},
      writes({}), before);
  CHECK(no_file[0].cause == dw::Cause::unknown);
}
