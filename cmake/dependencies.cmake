# Every external dependency, found once. All come from Debian 12 packages
# (scripts/install-deps.sh installs them).
find_package(Threads REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(nlohmann_json 3.11 CONFIG REQUIRED)
find_package(spdlog 1.10 CONFIG REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PkgConfig REQUIRED)
# libpqxx 6.4 ships no CMake config file, only pkg-config.
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx>=6.4)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
if(DRIFTWATCH_BUILD_TESTS)
  find_package(Catch2 2.13 CONFIG REQUIRED)
endif()
# libpg_query, PostgreSQL's own parser as a library, ships no CMake config
# and no pkg-config file.
find_path(PG_QUERY_INCLUDE_DIR pg_query.h)
find_library(PG_QUERY_LIBRARY pg_query)
if(NOT PG_QUERY_INCLUDE_DIR OR NOT PG_QUERY_LIBRARY)
  message(FATAL_ERROR "libpg_query not found: install the Debian package libpg-query-dev")
endif()
add_library(pg_query::pg_query UNKNOWN IMPORTED)
set_target_properties(pg_query::pg_query PROPERTIES
  IMPORTED_LOCATION "${PG_QUERY_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${PG_QUERY_INCLUDE_DIR}")
