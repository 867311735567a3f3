// Where a command's connection string comes from: the command line, an
// environment variable or a file (so that a password need not appear in
// the process list), or libpq's own PG* variables and service files.
#pragma once

#include <string>

namespace driftwatch::daemon {

struct DsnSource {
  std::string dsn;       ///< --dsn
  std::string env_name;  ///< --dsn-env
  std::string file;      ///< --dsn-file
};

/// The DSN to connect with; empty means libpq's defaults. Throws
/// std::runtime_error naming the variable or file that is missing or empty.
std::string resolve_dsn(const DsnSource& source);

}  // namespace driftwatch::daemon
