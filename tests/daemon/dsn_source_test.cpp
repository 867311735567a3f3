// Tests where a DSN comes from: --dsn as given, an environment variable, or a trimmed file.
#include "daemon/dsn_source.h"

#include <catch2/catch.hpp>

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "tests/support/temp_folder.h"

using driftwatch::daemon::DsnSource;
using driftwatch::daemon::resolve_dsn;
using driftwatch::test::TempFolder;

namespace {

// Names unique to this process, so parallel test runs do not meet.
std::string env_name(const std::string& base) {
  return "DRIFTWATCH_TEST_" + base + "_" + std::to_string(::getpid());
}

}  // namespace

TEST_CASE("dsn source: --dsn is passed through unchanged", "[daemon]") {
  CHECK(resolve_dsn(DsnSource{"host=db dbname=app", "", ""}) == "host=db dbname=app");
  CHECK(resolve_dsn(DsnSource{"  postgresql://u@h/db ", "", ""}) == "  postgresql://u@h/db ");
}

TEST_CASE("dsn source: no source at all means libpq's defaults", "[daemon]") {
  CHECK(resolve_dsn(DsnSource{}).empty());
}

TEST_CASE("dsn source: --dsn-env reads the environment variable", "[daemon]") {
  const auto name = env_name("DSN");
  REQUIRE(::setenv(name.c_str(), "host=db password=s3cret", 1) == 0);
  CHECK(resolve_dsn(DsnSource{"", name, ""}) == "host=db password=s3cret");
  ::unsetenv(name.c_str());
}

TEST_CASE("dsn source: a missing or empty environment variable throws naming it", "[daemon]") {
  const auto name = env_name("UNSET");
  ::unsetenv(name.c_str());
  CHECK_THROWS_AS(resolve_dsn(DsnSource{"", name, ""}), std::runtime_error);
  CHECK_THROWS_WITH(resolve_dsn(DsnSource{"", name, ""}), Catch::Contains(name));

  REQUIRE(::setenv(name.c_str(), "", 1) == 0);
  CHECK_THROWS_WITH(resolve_dsn(DsnSource{"", name, ""}), Catch::Contains(name));
  ::unsetenv(name.c_str());
}

TEST_CASE("dsn source: --dsn-file reads the file and trims surrounding whitespace", "[daemon]") {
  TempFolder dir;
  const auto file = dir.write("dsn", "  host=db dbname=app password='a b'\n\n").string();
  CHECK(resolve_dsn(DsnSource{"", "", file}) == "host=db dbname=app password='a b'");
  const auto crlf = dir.write("dsn-crlf", "\thost=db\r\n").string();
  CHECK(resolve_dsn(DsnSource{"", "", crlf}) == "host=db");
}

TEST_CASE("dsn source: an empty DSN file throws naming the file", "[daemon]") {
  TempFolder dir;
  const auto empty = dir.write("empty", "").string();
  CHECK_THROWS_AS(resolve_dsn(DsnSource{"", "", empty}), std::runtime_error);
  CHECK_THROWS_WITH(resolve_dsn(DsnSource{"", "", empty}), Catch::Contains(empty));
  const auto blank = dir.write("blank", " \n\t\r\n").string();
  CHECK_THROWS_WITH(resolve_dsn(DsnSource{"", "", blank}), Catch::Contains(blank));
}

TEST_CASE("dsn source: a missing DSN file throws naming the file", "[daemon]") {
  TempFolder dir;
  const auto missing = (dir.path() / "no-such-file").string();
  CHECK_THROWS_AS(resolve_dsn(DsnSource{"", "", missing}), std::runtime_error);
  CHECK_THROWS_WITH(resolve_dsn(DsnSource{"", "", missing}), Catch::Contains(missing));
}

TEST_CASE("dsn source: giving more than one source throws", "[daemon]") {
  const auto name = env_name("TWO");
  REQUIRE(::setenv(name.c_str(), "host=env", 1) == 0);
  CHECK_THROWS_AS(resolve_dsn(DsnSource{"host=db", name, ""}), std::runtime_error);
  CHECK_THROWS_AS(resolve_dsn(DsnSource{"host=db", "", "/etc/hostname"}), std::runtime_error);
  CHECK_THROWS_AS(resolve_dsn(DsnSource{"", name, "/etc/hostname"}), std::runtime_error);
  CHECK_THROWS_WITH(resolve_dsn(DsnSource{"host=db", name, "/etc/hostname"}),
                    Catch::Contains("only one"));
  ::unsetenv(name.c_str());
}
