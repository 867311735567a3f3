// Tests output files: written whole and replaced atomically, with errors that name the path.
#include "daemon/output_file.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/temp_folder.h"

using driftwatch::daemon::read_input;
using driftwatch::daemon::write_output;
using driftwatch::test::TempFolder;

namespace {

// The names in the folder, sorted.
std::vector<std::string> entries(const TempFolder& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder.path())) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string slurp(std::istream& in) {
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string contents(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return slurp(in);
}

auto writing(std::string text) {
  return [text = std::move(text)](std::ostream& out) { out << text; };
}

}  // namespace

TEST_CASE("output file: the content is written and no temporary file is left", "[daemon]") {
  TempFolder dir;
  const auto path = (dir.path() / "snapshot.json").string();
  write_output(path, writing("{\"objects\": []}\n"));
  CHECK(contents(path) == "{\"objects\": []}\n");
  CHECK(entries(dir) == std::vector<std::string>{"snapshot.json"});
}

TEST_CASE("output file: an existing file is replaced whole, by a rename", "[daemon]") {
  TempFolder dir;
  const auto path = (dir.path() / "snapshot.json").string();
  std::ofstream(path) << std::string(4096, 'x');
  // A reader that opened the old file keeps seeing it whole: the new
  // content goes to a new file renamed over the path, not into the old one.
  std::ifstream old_reader(path, std::ios::binary);
  REQUIRE(old_reader);

  write_output(path, writing("new"));
  CHECK(contents(path) == "new");
  CHECK(slurp(old_reader) == std::string(4096, 'x'));
  CHECK(entries(dir) == std::vector<std::string>{"snapshot.json"});
}

TEST_CASE("output file: a directory that does not exist throws naming the path", "[daemon]") {
  TempFolder dir;
  const auto path = (dir.path() / "missing" / "snapshot.json").string();
  CHECK_THROWS_AS(write_output(path, writing("x")), std::runtime_error);
  CHECK_THROWS_WITH(write_output(path, writing("x")), Catch::Contains(path));
  CHECK(entries(dir).empty());
}

TEST_CASE("output file: a pipe is written through, not replaced", "[daemon]") {
  TempFolder dir;
  const auto path = (dir.path() / "fifo").string();
  REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
  std::string received;
  std::thread reader([&] {
    std::ifstream in(path, std::ios::binary);
    received = slurp(in);
  });
  write_output(path, writing("through the pipe"));
  reader.join();
  CHECK(received == "through the pipe");
  struct stat status {};
  REQUIRE(::stat(path.c_str(), &status) == 0);
  CHECK(S_ISFIFO(status.st_mode));
  CHECK(entries(dir) == std::vector<std::string>{"fifo"});
}

TEST_CASE("output file: read_input returns the whole file, bytes as they are", "[daemon]") {
  TempFolder dir;
  const auto path = (dir.path() / "in.json").string();
  const std::string data("line 1\r\nnul \0 inside\n", 21);
  std::ofstream(path, std::ios::binary) << data;
  CHECK(read_input(path) == data);
  write_output(path, writing(""));
  CHECK(read_input(path).empty());
}

TEST_CASE("output file: read_input of a missing file throws naming it", "[daemon]") {
  TempFolder dir;
  const auto path = (dir.path() / "absent.json").string();
  CHECK_THROWS_AS(read_input(path), std::runtime_error);
  CHECK_THROWS_WITH(read_input(path), Catch::Contains(path));
}

TEST_CASE(
    "output: a write that fails part way leaves neither a temporary file nor a changed "
    "target",
    "[daemon]") {
  TempFolder dir;
  const auto target = (dir.path() / "s.json").string();
  write_output(target, [](std::ostream& out) { out << "old"; });
  CHECK_THROWS_WITH(write_output(target,
                                 [](std::ostream& out) {
                                   out << "partial";
                                   throw std::runtime_error("boom");
                                 }),
                    "boom");
  CHECK(entries(dir) == std::vector<std::string>{"s.json"});
  CHECK(read_input(target) == "old");
}
