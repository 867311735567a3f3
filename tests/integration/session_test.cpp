// Every session driftwatch opens is read-only and bounded: pinned settings,
// short timeouts, a name in pg_stat_activity, and it gives way to locks.
#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include "probes/catalog_queries.h"
#include "probes/fingerprint_queries.h"
#include "probes/session.h"
#include "probes/snapshot_reader.h"
#include "tests/support/test_database.h"

namespace probes = driftwatch::probes;
using driftwatch::test::TestDatabase;

namespace {

std::string show(probes::Session& session, const std::string& setting) {
  probes::ReadTransaction transaction(session, probes::Isolation::statement);
  const auto rows = transaction.query("SHOW " + setting);
  return std::string(rows.text(0, 0));
}

std::string fingerprint(probes::Session& session) {
  probes::ReadTransaction transaction(session, probes::Isolation::statement);
  const auto rows = transaction.query(probes::fingerprint_query());
  std::string text;
  for (std::size_t c = 0; c < rows.columns().size(); ++c) text += std::string(rows.text(0, c));
  return text;
}

}  // namespace

TEST_CASE("session: transactions are read-only and writes are refused", "[pg]") {
  TestDatabase database;
  probes::Session session(database.dsn(), probes::SessionLimits{});
  CHECK(show(session, "transaction_read_only") == "on");
  {
    probes::ReadTransaction transaction(session, probes::Isolation::snapshot);
    CHECK_THROWS(transaction.query("CREATE TABLE written_by_driftwatch (a int)"));
  }
  CHECK(database.value("SELECT to_regclass('written_by_driftwatch')::text").empty());
}

TEST_CASE("session: timeouts and output settings are pinned, whatever the database says", "[pg]") {
  TestDatabase database;
  database.exec("ALTER DATABASE " + database.name() + " SET search_path = public; ALTER DATABASE " +
                database.name() + " SET statement_timeout = 0");
  probes::SessionLimits limits;
  limits.statement_timeout = std::chrono::milliseconds(4000);
  limits.lock_timeout = std::chrono::milliseconds(300);
  limits.idle_in_transaction_timeout = std::chrono::milliseconds(60000);
  probes::Session session(database.dsn(), limits);
  CHECK(show(session, "statement_timeout") == "4s");
  CHECK(show(session, "lock_timeout") == "300ms");
  CHECK(show(session, "idle_in_transaction_session_timeout") == "1min");
  CHECK(show(session, "search_path") == "pg_catalog");
  CHECK(show(session, "TimeZone") == "UTC");
  CHECK(show(session, "default_transaction_read_only") == "on");
  CHECK(database.value("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                       "'driftwatch' AND datname = current_database()") == "1");
}

TEST_CASE("session: a read gives way to a lock held by a migration instead of waiting", "[pg]") {
  TestDatabase database;
  database.exec("CREATE TABLE t (a int); CREATE VIEW v AS SELECT a FROM t");
  pqxx::connection migration(database.dsn());
  pqxx::work holding(migration);
  holding.exec("LOCK TABLE t IN ACCESS EXCLUSIVE MODE");

  probes::SessionLimits limits;
  limits.lock_timeout = std::chrono::milliseconds(200);
  probes::Session session(database.dsn(), limits);
  std::string hint;
  try {
    probes::read_catalog(session, probes::ReadOptions{});
  } catch (const std::exception& error) {
    hint = probes::failure_hint(error);
  }
  CHECK(hint.find("lock") != std::string::npos);

  holding.abort();
  probes::Session after(database.dsn(), limits);
  CHECK(probes::read_catalog(after, probes::ReadOptions{}).snapshot.size() > 0);
}

TEST_CASE("session: a connection the server ended is reported as lost, with its cause", "[pg]") {
  TestDatabase database;
  probes::Session session(database.dsn(), probes::SessionLimits{});
  database.exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
      "WHERE application_name = 'driftwatch' AND datname = current_database()");
  std::string hint;
  std::string reason;
  try {
    probes::catalog_fingerprint(session);
  } catch (const std::exception& error) {
    hint = probes::failure_hint(error);
    reason = std::string(probes::failure_reason(error));
  }
  CHECK(reason == "connect");
  CHECK(hint.find("connection to the server was lost") != std::string::npos);

  // A connection refused at the start carries libpq's own reason: no hint.
  std::string refusal = "(none)";
  try {
    probes::Session refused(database.dsn() + " dbname=driftwatch_no_such_database",
                            probes::SessionLimits{});
  } catch (const std::exception& error) {
    refusal = error.what();
    hint = probes::failure_hint(error);
  }
  CHECK(refusal.find("does not exist") != std::string::npos);
  CHECK(hint.empty());
}

TEST_CASE("session: the consistency fingerprint moves with DDL and only with DDL", "[pg]") {
  TestDatabase database;
  database.exec("CREATE TABLE t (a int)");
  probes::Session session(database.dsn(), probes::SessionLimits{});
  const auto before = fingerprint(session);
  database.exec("INSERT INTO t SELECT generate_series(1, 1000)");
  database.exec("ANALYZE t");
  database.exec("VACUUM t");
  CHECK(fingerprint(session) == before);
  database.exec("ALTER TABLE t ADD COLUMN b text");
  CHECK(fingerprint(session) != before);
}

TEST_CASE("session: the fingerprint moves with every change a snapshot records", "[pg]") {
  // A new poller (a restart, `check`) trusts an unchanged fingerprint in
  // place of a read: DDL that writes only catalogs other than pg_class and
  // pg_attribute must move it too.
  TestDatabase database;
  database.exec("CREATE TABLE t (a int DEFAULT 1, b serial)");
  database.exec("CREATE SEQUENCE s");
  database.exec("CREATE TABLE parent (a int)");
  database.exec("CREATE TABLE child (a int)");
  probes::Session session(database.dsn(), probes::SessionLimits{});
  for (const char* ddl : {
           "COMMENT ON TABLE t IS 'orders'",
           "COMMENT ON COLUMN t.a IS 'amount'",
           "ALTER TABLE t ALTER COLUMN a SET DEFAULT 2",
           "CREATE POLICY own ON t USING (a > 0)",
           "ALTER POLICY own ON t USING (a > 1)",
           "ALTER SEQUENCE s INCREMENT BY 5",
           "ALTER SEQUENCE s OWNED BY t.a",
           "ALTER TABLE child INHERIT parent",
           "COMMENT ON SCHEMA public IS 'app'",
       }) {
    INFO(ddl);
    const auto before = fingerprint(session);
    database.exec(ddl);
    CHECK(fingerprint(session) != before);
  }
}

TEST_CASE("session: the fingerprint moves when a role that owns or may use an object is renamed",
          "[pg]") {
  // Owners and privileges are printed by role name; a rename writes only
  // pg_authid, a shared catalog, and no catalog of the database.
  TestDatabase database;
  const auto role = database.name() + "_role";
  const auto renamed = database.name() + "_renamed";
  database.exec("CREATE ROLE " + role);
  database.exec("CREATE TABLE t (a int)");
  database.exec("GRANT SELECT ON t TO " + role);
  probes::Session session(database.dsn(), probes::SessionLimits{});
  const auto before = fingerprint(session);
  database.exec("ALTER ROLE " + role + " RENAME TO " + renamed);
  const auto after = fingerprint(session);
  database.exec("REVOKE ALL ON t FROM " + renamed);
  database.exec("DROP ROLE " + renamed);
  CHECK(after != before);
}

TEST_CASE("session: a failed connection's message names the server, never the password", "[pg]") {
  std::string message;
  try {
    probes::Session session("host=127.0.0.1 port=1 user=app password=hunter2 connect_timeout=5",
                            probes::SessionLimits{});
  } catch (const std::exception& error) {
    message = error.what();
  }
  CHECK(message.find("127.0.0.1") != std::string::npos);
  CHECK(message.find("hunter2") == std::string::npos);
}
