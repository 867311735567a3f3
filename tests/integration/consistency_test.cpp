// A read that races with DDL never mixes two catalog states: the server's
// deparse functions see the latest catalog, the read's own rows its
// snapshot, and driftwatch retries when DDL committed in between.
#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "probes/session.h"
#include "probes/snapshot_reader.h"
#include "tests/support/snapshot_lookup.h"
#include "tests/support/test_database.h"

namespace probes = driftwatch::probes;
using driftwatch::schema::Kind;
using driftwatch::test::attribute_of;
using driftwatch::test::find_object;
using driftwatch::test::TestDatabase;

namespace {

// Reads while another session renames a column back and forth: every read
// must see one name everywhere, or give up.
void check_reads_during_renames(probes::ReadOptions options) {
  TestDatabase database;
  database.exec("CREATE TABLE t (a integer CONSTRAINT positive CHECK (a > 0))");

  // Renames the column back and forth every 40 to 100 ms, a little longer
  // than a read of this small schema takes, so that many reads overlap a
  // rename and some retries succeed. The column name comes from the
  // read's snapshot; the CHECK constraint's text from the server's deparse,
  // which reads the latest catalog.
  std::jthread migrations([&](const std::stop_token& stop) {
    pqxx::connection connection(database.dsn());
    pqxx::nontransaction work(connection);
    for (int i = 0; !stop.stop_requested(); ++i) {
      work.exec(i % 2 == 0 ? "ALTER TABLE t RENAME COLUMN a TO b"
                           : "ALTER TABLE t RENAME COLUMN b TO a");
      std::this_thread::sleep_for(std::chrono::milliseconds(40 + 7 * (i % 10)));
    }
  });

  options.max_attempts = 50;
  int consistent_reads = 0;
  for (int read = 0; read < 15; ++read) {
    probes::Session session(database.dsn(), probes::SessionLimits{});
    // Giving up after every attempt saw a change is allowed; a mixed
    // snapshot is not.
    const auto snapshot = probes::read_catalog(session, options).snapshot;
    const bool named_a = find_object(snapshot, Kind::column, "public.t.a") != nullptr;
    const bool named_b = find_object(snapshot, Kind::column, "public.t.b") != nullptr;
    INFO("read " << read);
    REQUIRE(named_a != named_b);
    CHECK(attribute_of(snapshot, Kind::constraint, "public.t.positive", "definition") ==
          (named_a ? "CHECK ((a > 0))" : "CHECK ((b > 0))"));
    ++consistent_reads;
  }
  CHECK(consistent_reads == 15);
}

}  // namespace

TEST_CASE("consistency: a column renamed again and again during reads is never seen half-renamed",
          "[pg]") {
  check_reads_during_renames(probes::ReadOptions{});
}

TEST_CASE("consistency: without a kept fingerprint, reads overlapping renames are still whole",
          "[pg]") {
  // The fingerprint is then taken only when the read finds that a
  // transaction committed during it.
  probes::ReadOptions options;
  options.keep_fingerprint = false;
  check_reads_during_renames(options);
}

TEST_CASE("consistency: a read of a quiet database takes no fingerprint unless kept", "[pg]") {
  TestDatabase database;
  database.exec("CREATE TABLE t (a integer)");
  probes::Session session(database.dsn(), probes::SessionLimits{});
  const auto names = [](const probes::CatalogRead& read) {
    std::vector<std::string> out;
    for (const auto& query : read.queries) out.push_back(query.name);
    return out;
  };
  probes::ReadOptions options;
  options.keep_fingerprint = false;
  const auto lazy = probes::read_catalog(session, options);
  const auto lazy_names = names(lazy);
  CHECK(std::count(lazy_names.begin(), lazy_names.end(), "committed") == 1);
  // Nothing else runs on this test's database; another test's commit on
  // the same server would show as a commit too, and a fingerprint is then
  // taken, so only its absence is not asserted.
  if (std::count(lazy_names.begin(), lazy_names.end(), "fingerprint") == 0) {
    CHECK(lazy.fingerprint.empty());
  }

  const auto kept = probes::read_catalog(session, probes::ReadOptions{});
  CHECK_FALSE(kept.fingerprint.empty());
  CHECK(kept.fingerprint == probes::catalog_fingerprint(session));
  CHECK(lazy.snapshot.objects() == kept.snapshot.objects());
}

TEST_CASE("consistency: DDL committed during a read is seen, with or without a kept fingerprint",
          "[pg]") {
  for (const bool keep_fingerprint : {true, false}) {
    INFO("keep_fingerprint " << keep_fingerprint);
    TestDatabase database;
    database.exec("CREATE TABLE t (a integer)");
    database.exec("CREATE VIEW v AS SELECT a FROM t");
    // A migration adds a column and holds its lock: the read's snapshot
    // predates its commit, and deparsing the view waits for it, so the
    // commit falls inside the read.
    pqxx::connection writer(database.dsn());
    pqxx::work migration(writer);
    migration.exec("ALTER TABLE t ADD COLUMN b integer");
    // Commit once the read waits for the lock, not after a delay: on a
    // loaded machine the read could start after a fixed delay had passed.
    std::jthread commit_soon([&] {
      pqxx::connection monitor(database.dsn());
      for (int i = 0; i < 3000; ++i) {
        pqxx::nontransaction query(monitor);
        const auto waiting = query.exec1(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()");
        if (waiting[0].as<int>() > 0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      migration.commit();
    });
    probes::SessionLimits limits;
    limits.lock_timeout = std::chrono::seconds(30);
    probes::Session session(database.dsn(), limits);
    probes::ReadOptions options;
    options.keep_fingerprint = keep_fingerprint;
    const auto read = probes::read_catalog(session, options);
    commit_soon.join();
    // The first attempt read t without b while the server's deparse saw the
    // latest catalog: it is thrown away, and the second sees b.
    CHECK(read.attempts == 2);
    CHECK(find_object(read.snapshot, Kind::column, "public.t.b") != nullptr);
    // Kept, it is the fingerprint of what was read. Otherwise one is taken
    // only if a commit overlapped the second read, which another test's
    // commit on the same server (xids are cluster-wide) can do.
    const bool fingerprinted =
        std::any_of(read.queries.begin(), read.queries.end(),
                    [](const probes::QueryStat& query) { return query.name == "fingerprint"; });
    CHECK(read.fingerprint.empty() == !(keep_fingerprint || fingerprinted));
  }
}
