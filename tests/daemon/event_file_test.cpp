// Tests the JSON Lines event file: every stored event once, in order, also
// after a crash cut its last line short.
#include "daemon/event_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/support/temp_folder.h"

namespace dw = driftwatch::daemon;
using driftwatch::test::TempFolder;

namespace {

void store_events(dw::StateStore& store, int count, const std::string& message = "change ") {
  const auto loaded = store.load("shop");
  std::vector<dw::Event> events;
  for (int i = 0; i < count; ++i) {
    dw::Event event;
    event.type = dw::EventType::drift_detected;
    event.target = "shop";
    event.message = message + std::to_string(i);
    events.push_back(event);
  }
  REQUIRE(store.commit("shop", loaded.state, loaded.state, events, loaded.generation));
}

std::vector<std::string> lines_of(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// How many of this process's descriptors are open on `path`.
int descriptors_on(const std::filesystem::path& path) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code error;
    if (std::filesystem::read_symlink(entry.path(), error) == path) ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("the event file receives each stored event once") {
  TempFolder dir;
  dw::StateStore store(dir.path());
  store_events(store, 2);
  const auto path = dir.path() / "events.jsonl";
  {
    dw::EventFile file(path, store);
    file.catch_up();
    file.catch_up();
  }
  CHECK(lines_of(path).size() == 2);
  store_events(store, 1);
  dw::EventFile reopened(path, store);
  reopened.catch_up();
  const auto lines = lines_of(path);
  REQUIRE(lines.size() == 3);
  CHECK_THAT(lines[2], Catch::StartsWith("{\"id\":3,"));
}

TEST_CASE("a line cut short by a crash is replaced, not kept") {
  TempFolder dir;
  dw::StateStore store(dir.path());
  store_events(store, 2);
  const auto path = dir.path() / "events.jsonl";
  {
    dw::EventFile file(path, store);
    file.catch_up();
  }
  const auto complete = lines_of(path);
  std::ofstream(path, std::ios::trunc) << complete[0] << '\n' << complete[1].substr(0, 10);
  dw::EventFile file(path, store);
  file.catch_up();
  CHECK(lines_of(path) == complete);
}

TEST_CASE("an event file whose last line is not an event is refused") {
  TempFolder dir;
  dw::StateStore store(dir.path());
  const auto path = dir.path() / "events.jsonl";
  std::ofstream(path) << "hello\n";
  CHECK_THROWS_WITH(dw::EventFile(path, store), Catch::Contains("not an event"));
}

TEST_CASE("an event file ahead of a reset store is kept aside and a new one started") {
  TempFolder dir;
  const auto path = dir.path() / "events.jsonl";
  {
    dw::StateStore store(dir.path());
    store_events(store, 3);
    dw::EventFile file(path, store);
    CHECK_FALSE(file.catch_up().has_value());
  }
  const auto old_lines = lines_of(path);
  std::filesystem::remove(dir.path() / "state.db");

  // The new state numbers its events from 1 again: they must reach a file.
  dw::StateStore store(dir.path());
  store_events(store, 1);
  dw::EventFile file(path, store);
  const auto moved = file.catch_up();
  REQUIRE(moved.has_value());
  CHECK(*moved == dir.path() / "events.jsonl.before-reset");
  CHECK(lines_of(*moved) == old_lines);
  const auto lines = lines_of(path);
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0], Catch::StartsWith("{\"id\":1,"));
  CHECK_THAT(dw::moved_aside_warning(*moved), Catch::Contains("events.jsonl.before-reset"));

  // A second reset keeps the first file aside too.
  std::ofstream(path, std::ios::app) << "{\"id\":99}\n";
  const auto again = file.catch_up();
  REQUIRE(again.has_value());
  CHECK(*again == dir.path() / "events.jsonl.before-reset.1");
  CHECK(lines_of(path).size() == 1);
}

TEST_CASE("an event file from before a reset is replaced even when the new ids reached its own") {
  TempFolder dir;
  const auto path = dir.path() / "events.jsonl";
  {
    dw::StateStore store(dir.path());
    store_events(store, 2, "old ");
    dw::EventFile(path, store).catch_up();
  }
  std::filesystem::remove(dir.path() / "state.db");
  dw::StateStore store(dir.path());
  store_events(store, 2, "new ");
  dw::EventFile file(path, store);
  CHECK(file.catch_up().has_value());
  const auto lines = lines_of(path);
  REQUIRE(lines.size() == 2);
  CHECK_THAT(lines[1], Catch::Contains("new 1"));
}

TEST_CASE("a writer that waited for the lock of a file moved aside appends to the new file") {
  TempFolder dir;
  dw::StateStore store(dir.path());
  store_events(store, 2);
  const auto path = dir.path() / "events.jsonl";
  const auto aside = dir.path() / "events.jsonl.aside";
  std::ofstream(path).close();

  dw::EventFile file(path, store);
  const int holder = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  REQUIRE(holder >= 0);
  REQUIRE(::flock(holder, LOCK_EX) == 0);
  std::thread writer([&] { file.catch_up(); });
  // The writer has opened the file and waits for its lock.
  for (int i = 0; i < 500 && descriptors_on(path) < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(descriptors_on(path) == 2);
  std::filesystem::rename(path, aside);
  std::ofstream(path).close();
  ::close(holder);
  writer.join();

  CHECK(lines_of(aside).empty());
  CHECK(lines_of(path).size() == 2);
}
