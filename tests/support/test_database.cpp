#include "tests/support/test_database.h"

#include <unistd.h>
#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "probes/session.h"
#include "probes/snapshot_reader.h"
#include "tests/support/golden.h"

namespace driftwatch::test {
namespace {

std::string unique_name() {
  static std::atomic<int> counter{0};
  return "dw_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
}

void exec_on(const std::string& conninfo, const std::string& sql) {
  pqxx::connection connection(conninfo);
  pqxx::nontransaction work(connection);
  work.exec(sql);
}

}  // namespace

std::string server_conninfo() {
  // No Catch2 macros here: they must not run outside a test case.
  const char* file = std::getenv("DRIFTWATCH_TEST_PG");
  if (file == nullptr) {
    throw std::runtime_error(
        "DRIFTWATCH_TEST_PG names the conninfo file of the test server; run the tests "
        "through ctest, whose \"pg\" fixture starts tests/pg/throwaway-pg.sh");
  }
  std::ifstream in(file);
  std::string conninfo;
  if (!std::getline(in, conninfo)) throw std::runtime_error(std::string("cannot read ") + file);
  return conninfo;
}

TestDatabase::TestDatabase() : name_(unique_name()) {
  exec_on(server_conninfo(), "CREATE DATABASE " + name_);
}

TestDatabase::~TestDatabase() {
  // Never throw from here: a failed drop leaves a database in a throwaway cluster.
  const std::string sql = "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)";
  const std::string command =
      "psql -X -q \"" + server_conninfo() + "\" -c \"" + sql + "\" >/dev/null 2>&1";
  [[maybe_unused]] const int status = std::system(command.c_str());
}

std::string TestDatabase::dsn() const {
  std::string conninfo = server_conninfo();
  const std::string maintenance = "dbname=postgres";
  const auto at = conninfo.find(maintenance);
  if (at == std::string::npos) throw std::runtime_error("unexpected conninfo " + conninfo);
  return conninfo.replace(at, maintenance.size(), "dbname=" + name_);
}

void TestDatabase::exec(const std::string& sql) const { exec_on(dsn(), sql); }

void TestDatabase::exec_file(const std::string& relative) const { exec(read_data(relative)); }

std::string TestDatabase::value(const std::string& sql) const {
  pqxx::connection connection(dsn());
  pqxx::nontransaction work(connection);
  const auto result = work.exec(sql);
  REQUIRE(!result.empty());
  return result[0][0].is_null() ? std::string() : result[0][0].c_str();
}

schema::Snapshot TestDatabase::snapshot(bool fold_partitions) const {
  probes::Session session(dsn(), probes::SessionLimits{});
  probes::ReadOptions options;
  options.fold_partitions = fold_partitions;
  return probes::read_catalog(session, options).snapshot;
}

int run_shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace driftwatch::test
