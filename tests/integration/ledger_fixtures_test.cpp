// Every ledger fixture (tests/data/ledgers/<tool>/<case>.sql: the rows a tool
// writes, healthy or not) reads back from a real server as its header says.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "probes/ledger_reader.h"
#include "probes/ledgers/framework.h"
#include "probes/session.h"
#include "tests/support/golden.h"
#include "tests/support/test_database.h"

namespace ledgers = driftwatch::ledgers;
namespace probes = driftwatch::probes;
using driftwatch::test::TestDatabase;

namespace {

// "-- key: value" lines at the top of a fixture.
std::map<std::string, std::string> expectations(const std::string& sql) {
  std::map<std::string, std::string> out;
  std::istringstream lines(sql);
  std::string line;
  while (std::getline(lines, line) && line.starts_with("--")) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    auto key = line.substr(2, colon - 2);
    auto value = line.substr(colon + 1);
    const auto trim = [](std::string& s) {
      s.erase(0, s.find_first_not_of(' '));
      s.erase(s.find_last_not_of(' ') + 1);
    };
    trim(key);
    trim(value);
    out[key] = value;
  }
  return out;
}

std::string ids(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& value : values) out += (out.empty() ? "" : ", ") + value;
  return out;
}

}  // namespace

TEST_CASE("ledger fixtures: each tool's rows read back as the fixture says", "[pg]") {
  const auto root = std::filesystem::path(driftwatch::test::data_path("ledgers"));
  std::vector<std::filesystem::path> fixtures;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().extension() == ".sql") fixtures.push_back(entry.path());
  }
  std::sort(fixtures.begin(), fixtures.end());
  REQUIRE(fixtures.size() >= 20);

  for (const auto& fixture : fixtures) {
    DYNAMIC_SECTION(fixture.parent_path().filename().string()
                    << "/" << fixture.filename().string()) {
      std::ifstream in(fixture);
      std::stringstream text;
      text << in.rdbuf();
      const auto expected = expectations(text.str());
      REQUIRE(expected.count("framework") == 1);
      TestDatabase database;
      database.exec("BEGIN;\n" + text.str() + "\nCOMMIT;");
      probes::Session session(database.dsn(), probes::SessionLimits{});
      const auto report = probes::read_ledgers(session, probes::LedgerReadOptions{});

      if (expected.at("framework") == "none") {
        CHECK(report.ledgers.empty());
        CHECK(report.user_tables > 0);
        continue;
      }
      const auto framework = ledgers::parse_framework(expected.at("framework"));
      REQUIRE(framework.has_value());
      const ledgers::LedgerState* ledger = nullptr;
      for (const auto& found : report.ledgers) {
        if (found.framework == *framework) ledger = &found;
      }
      INFO("ledgers found: " << report.ledgers.size());
      REQUIRE(ledger != nullptr);
      if (expected.contains("state")) {
        CHECK(ledgers::health_name(ledger->health) == expected.at("state"));
      }
      std::vector<std::string> applied;
      for (const auto& m : ledger->applied) applied.push_back(m.id);
      std::vector<std::string> failed;
      for (const auto& m : ledger->failed) failed.push_back(m.id);
      CHECK(ids(applied) == (expected.count("applied") ? expected.at("applied") : ""));
      CHECK(ids(failed) == (expected.count("failed") ? expected.at("failed") : ""));
      if (expected.contains("lock")) {
        REQUIRE(ledger->lock.has_value());
        CHECK(ledger->lock->held == (expected.at("lock") == "held"));
      }
      if (ledger->health != ledgers::Health::healthy) {
        CHECK_FALSE(ledger->explanation.empty());
        if (ledger->health != ledgers::Health::unknown) CHECK_FALSE(ledger->next_step.empty());
      }
    }
  }
}
