// A fresh database on the throwaway test server, dropped at the end of the
// test. Integration tests change it with ordinary SQL and snapshot it with
// driftwatch's own reader.
#pragma once

#include <memory>
#include <string>

#include "probes/schema/snapshot.h"

namespace driftwatch::test {

/// The conninfo of the test server's maintenance database, from the file
/// named by DRIFTWATCH_TEST_PG (written by tests/pg/throwaway-pg.sh).
std::string server_conninfo();

class TestDatabase {
 public:
  /// Creates an empty database with a unique name.
  TestDatabase();
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  [[nodiscard]] const std::string& name() const { return name_; }
  /// conninfo of this database.
  [[nodiscard]] std::string dsn() const;

  /// Runs SQL (several statements allowed) outside any transaction block.
  void exec(const std::string& sql) const;
  /// Runs a file under tests/data.
  void exec_file(const std::string& relative) const;
  /// The first column of the first row, or "" for NULL.
  [[nodiscard]] std::string value(const std::string& sql) const;

  /// A snapshot through driftwatch's reader.
  [[nodiscard]] schema::Snapshot snapshot(bool fold_partitions = true) const;

 private:
  std::string name_;
};

/// Runs a shell command; returns its exit status.
int run_shell(const std::string& command);

}  // namespace driftwatch::test
