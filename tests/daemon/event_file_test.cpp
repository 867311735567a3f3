// Tests the JSON Lines event file: every stored event once, in order, also
// after a crash cut its last line short.
#include "daemon/event_file.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "tests/support/temp_folder.h"

namespace dw = driftwatch::daemon;
using driftwatch::test::TempFolder;

namespace {

void store_events(dw::StateStore& store, int count) {
  const auto loaded = store.load("shop");
  std::vector<dw::Event> events;
  for (int i = 0; i < count; ++i) {
    dw::Event event;
    event.type = dw::EventType::drift_detected;
    event.target = "shop";
    event.message = "change " + std::to_string(i);
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
