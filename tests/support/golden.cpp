#include "tests/support/golden.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace driftwatch::test {

std::string data_path(const std::string& relative) {
  return std::string(DRIFTWATCH_TEST_DATA) + "/" + relative;
}

std::string read_data(const std::string& relative) {
  std::ifstream in(data_path(relative), std::ios::binary);
  INFO("reading " << data_path(relative));
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void check_golden(const std::string& name, const std::string& actual) {
  const std::string path = data_path("golden/" + name);
  const char* update = std::getenv("DRIFTWATCH_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << actual;
    REQUIRE(out.good());
    WARN("rewrote " << path);
    return;
  }
  std::ifstream in(path, std::ios::binary);
  INFO("golden file " << path << " (DRIFTWATCH_UPDATE_GOLDEN=1 rewrites it)");
  REQUIRE(in.good());
  std::ostringstream expected;
  expected << in.rdbuf();
  CHECK(actual == expected.str());
}

}  // namespace driftwatch::test
