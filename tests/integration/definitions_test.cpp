// The index and key constraint definitions driftwatch assembles from raw
// catalog columns are exactly what the server's own deparse functions print.
#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <map>

#include "tests/support/snapshot_lookup.h"
#include "tests/support/test_database.h"

namespace schema = driftwatch::schema;
using driftwatch::test::TestDatabase;
using schema::Kind;

namespace {

// identity -> definition, as the server prints it.
std::map<std::string, std::string> server_definitions(const TestDatabase& database,
                                                      const std::string& sql) {
  pqxx::connection connection(database.dsn());
  pqxx::nontransaction work(connection);
  // As in driftwatch's sessions: names outside pg_catalog print qualified.
  work.exec("SET search_path = pg_catalog");
  std::map<std::string, std::string> out;
  for (const auto& row : work.exec(sql)) {
    std::vector<std::string> path;
    for (pqxx::row::size_type i = 0; i + 1 < row.size(); ++i) path.emplace_back(row[i].c_str());
    out[schema::format_identity(path)] = row[row.size() - 1].c_str();
  }
  return out;
}

std::map<std::string, std::string> snapshot_definitions(const schema::Snapshot& snapshot,
                                                        Kind kind) {
  std::map<std::string, std::string> out;
  for (const auto& object : snapshot.objects()) {
    if (object.key.kind != kind) continue;
    out[schema::format_identity(object.key)] = std::string(object.attribute("definition").value());
  }
  return out;
}

const TestDatabase& definitions_database() {
  // Shared by the cases of this file and never dropped: the cluster is thrown away.
  static const TestDatabase* database = [] {
    auto* created = new TestDatabase;
    created->exec_file("sql/every_kind.sql");
    created->exec_file("sql/definitions.sql");
    return created;
  }();
  return *database;
}

constexpr const char* kUserNamespaces = "n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'";

}  // namespace

TEST_CASE("definitions: every index definition equals pg_get_indexdef", "[pg]") {
  const auto& database = definitions_database();
  const auto expected = server_definitions(
      database, std::string("SELECT n.nspname, c.relname, pg_get_indexdef(c.oid) FROM pg_index i"
                            " JOIN pg_class c ON c.oid = i.indexrelid"
                            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ") +
                    kUserNamespaces + " AND n.nspname <> 'public'");
  const auto actual = snapshot_definitions(database.snapshot(false), Kind::index);
  REQUIRE(expected.size() >= 30);
  for (const auto& [id, definition] : expected) {
    INFO("index " << id);
    REQUIRE(actual.count(id) == 1);
    CHECK(actual.at(id) == definition);
  }
  CHECK(actual.size() == expected.size());
}

TEST_CASE(
    "definitions: primary key, unique and foreign key definitions equal "
    "pg_get_constraintdef",
    "[pg]") {
  const auto& database = definitions_database();
  const auto expected = server_definitions(
      database,
      std::string("SELECT n.nspname, c.relname, con.conname, pg_get_constraintdef(con.oid)"
                  " FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid"
                  " JOIN pg_namespace n ON n.oid = c.relnamespace"
                  " WHERE con.contype IN ('p', 'u', 'f') AND ") +
          kUserNamespaces);
  const auto actual = snapshot_definitions(database.snapshot(false), Kind::constraint);
  REQUIRE(expected.size() >= 15);
  for (const auto& [id, definition] : expected) {
    INFO("constraint " << id);
    REQUIRE(actual.count(id) == 1);
    CHECK(actual.at(id) == definition);
  }
}
