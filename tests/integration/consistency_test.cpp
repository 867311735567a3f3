// A read that races with DDL never mixes two catalog states: the server's
// deparse functions see the latest catalog, the read's own rows its
// snapshot, and driftwatch retries when DDL committed in between.
#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <thread>

#include "probes/session.h"
#include "probes/snapshot_reader.h"
#include "tests/support/snapshot_lookup.h"
#include "tests/support/test_database.h"

namespace probes = driftwatch::probes;
using driftwatch::schema::Kind;
using driftwatch::test::attribute_of;
using driftwatch::test::find_object;
using driftwatch::test::TestDatabase;

TEST_CASE("consistency: a column renamed again and again during reads is never seen half-renamed",
          "[pg]") {
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

  probes::ReadOptions options;
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
