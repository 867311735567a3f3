// Tests each tool's checksum against values the tool itself recorded
// (tests/data/checksums/<tool>/README.md says where each came from), and,
// where no such value could be found, against an independent computation.
#include "probes/ledgers/checksums.h"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "tests/support/golden.h"

namespace ledgers = driftwatch::ledgers;
using driftwatch::test::read_data;

namespace {

struct RecordedChecksum {
  std::string checksum;
  std::string file;
};

// tests/data/checksums/<tool>/checksums.txt: "<checksum>  <file>" per line.
std::vector<RecordedChecksum> recorded_checksums(const std::string& tool) {
  std::istringstream lines(read_data("checksums/" + tool + "/checksums.txt"));
  std::vector<RecordedChecksum> recorded;
  RecordedChecksum row;
  while (lines >> row.checksum >> row.file) recorded.push_back(row);
  return recorded;
}

std::string replaced_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

}  // namespace

TEST_CASE("Prisma's checksum is the value prisma-engines' own test expects", "[ledgers]") {
  const auto recorded = recorded_checksums("prisma");
  REQUIRE(recorded.size() == 1);
  const auto script = read_data("checksums/prisma/" + recorded[0].file);
  CHECK(ledgers::prisma_checksum(script) == recorded[0].checksum);
  CHECK(ledgers::prisma_checksum_matches(recorded[0].checksum, script));
}

TEST_CASE("A Prisma checksum matches the script with other line endings", "[ledgers]") {
  // prisma-engines checksum.rs, script_matches_checksum_is_line_ending_agnostic:
  // every script in a group matches the checksum of every other.
  const std::vector<std::vector<std::string>> groups{
      {"ab\ncd\nef\ngh\rab", "ab\r\ncd\r\nef\r\ngh\rab"},
      {"ab\ncd\nef\ngh\rab\n", "ab\r\ncd\r\nef\r\ngh\rab\r\n"},
  };
  for (const auto& group : groups) {
    for (const auto& script : group) {
      for (const auto& other : group) {
        CHECK(ledgers::prisma_checksum_matches(ledgers::prisma_checksum(other), script));
      }
    }
  }
}

TEST_CASE("A Prisma checksum does not match a different script", "[ledgers]") {
  // prisma-engines checksum.rs, script_matches_checksum_negative.
  CHECK_FALSE(ledgers::prisma_checksum_matches(ledgers::prisma_checksum("abcd"), "abc"));
  CHECK_FALSE(ledgers::prisma_checksum_matches(ledgers::prisma_checksum("abc"), "abc\n"));
  CHECK_FALSE(ledgers::prisma_checksum_matches("", "abc"));
}

TEST_CASE("An old unpadded Prisma checksum matches in its own form only", "[ledgers]") {
  // sha256("hello") printed with {:x} per byte: 0x0e and 0x04 lose their zeros.
  // python3 -c 'import hashlib; print("".join(format(b,"x") for b in
  //   hashlib.sha256(b"hello").digest()))'
  const std::string legacy = "2cf24dba5fb0a3e26e83b2ac5b9e29e1b161e5c1fa7425e7343362938b9824";
  CHECK(legacy.size() == 62);
  CHECK(ledgers::prisma_checksum_matches(legacy, "hello"));
  CHECK_FALSE(ledgers::prisma_checksum_matches(legacy, "hello!"));
}

TEST_CASE("Prisma's accepted checksums are exactly the values that match", "[ledgers]") {
  const std::string script = "CREATE TABLE a (id int);\r\nCREATE TABLE b (id int);\n";
  const auto accepted = ledgers::prisma_accepted_checksums(script);
  REQUIRE(accepted.size() == 6);
  for (const auto& checksum : accepted) {
    CHECK(ledgers::prisma_checksum_matches(checksum, script));
  }
  CHECK(accepted[0] == ledgers::prisma_checksum(script));
  CHECK(ledgers::prisma_checksum_matches(
      ledgers::prisma_checksum(replaced_all(script, "\r\n", "\n")), script));
}

TEST_CASE("Flyway's checksum is the value Flyway stored for each file", "[ledgers]") {
  const auto recorded = recorded_checksums("flyway");
  REQUIRE(recorded.size() == 4);
  for (const auto& row : recorded) {
    INFO(row.file);
    const auto script = read_data("checksums/flyway/" + row.file);
    CHECK(std::to_string(ledgers::flyway_checksum(script)) == row.checksum);
  }
}

TEST_CASE("Flyway's checksum ignores line terminators and a byte-order mark", "[ledgers]") {
  // ChecksumCalculator hashes readLine() results: terminators (\n, \r, \r\n)
  // are never hashed, a final newline adds no line, and BomFilter drops a
  // leading U+FEFF. So the recorded V2 checksum holds for all these forms.
  const auto script = read_data("checksums/flyway/V2__add_column.sql");
  const auto stored = ledgers::flyway_checksum(script);
  CHECK(stored == -604825677);
  CHECK(ledgers::flyway_checksum(replaced_all(script, "\n", "\r\n")) == stored);
  CHECK(ledgers::flyway_checksum(replaced_all(script, "\n", "\r")) == stored);
  CHECK(ledgers::flyway_checksum(script + "\n") == stored);
  CHECK(ledgers::flyway_checksum("\xEF\xBB\xBF" + script) == stored);
  CHECK(ledgers::flyway_checksum(replaced_all(script, "\n", " \n")) != stored);
  CHECK(ledgers::flyway_checksum("") == 0);
}

TEST_CASE("sqlx's checksum is the SHA-384 of the file", "[ledgers]") {
  // No checksum recorded by sqlx next to its input was found; these come from
  // python3 -c 'import hashlib; print(hashlib.sha384(b"...").hexdigest())'.
  CHECK(ledgers::sqlx_checksum("CREATE TABLE users (id bigint PRIMARY KEY);\n") ==
        "c72d83fd3fa44d3458d479ba249777d97527fde4ccd1e1483878051ba8ee6f15"
        "fcf7964f412c5d17e122e4397248e42a");
  // FIPS 180-2's SHA-384 example for "abc".
  CHECK(ledgers::sqlx_checksum("abc") ==
        "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163"
        "1a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
}

TEST_CASE("Drizzle's checksum is the SHA-256 hex of the file", "[ledgers]") {
  // Same algorithm as Prisma's (so the Prisma vector above applies); also
  // python3 -c 'import hashlib; print(hashlib.sha256(b"...").hexdigest())'.
  CHECK(ledgers::drizzle_checksum("hello") == ledgers::prisma_checksum("hello"));
  CHECK(ledgers::drizzle_checksum("CREATE TABLE users (id bigint PRIMARY KEY);\n") ==
        "3456c330330e5584db1ea42d855fe843569a61c7c200bd34b52f8f9c03b28f0d");
}

TEST_CASE("Sqitch's script hash is the SHA-1 of the raw bytes", "[ledgers]") {
  // No script_hash recorded by Sqitch next to its script was found; from
  // python3 -c 'import hashlib; print(hashlib.sha1(b"...").hexdigest())'.
  CHECK(ledgers::sqitch_script_hash("CREATE TABLE users (id bigint PRIMARY KEY);\n") ==
        "d63fe57c7f4b9fac962a6945c86156ff80f081e2");
  // FIPS 180-2's SHA-1 example for "abc".
  CHECK(ledgers::sqitch_script_hash("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST_CASE("Atlas's sum file is byte for byte the one Atlas wrote", "[ledgers]") {
  const std::vector<std::string> names{"20230727105553_init.sql", "20230727105615_t2.sql",
                                       "20230926085734_destructive-change.sql"};
  std::vector<ledgers::AtlasFile> files;
  files.reserve(names.size());
  for (const auto& name : names) {
    files.push_back({name, read_data("checksums/atlas/migrations/" + name)});
  }
  const auto sum = ledgers::atlas_sum(files);
  REQUIRE(sum.entries.size() == 3);
  CHECK(sum.entries[0].hash == "jxgvnWO6tZD3lSPpH1ao5E/6VjapP7iwvBCUJ6aez58=");
  CHECK(sum.sum == "hnQZfRcN6sV+y+0YePtkLazMy+Ty3lhyGv69ixeYoXc=");
  CHECK(ledgers::atlas_sum_text(sum) == read_data("checksums/atlas/migrations/atlas.sum"));
}

TEST_CASE("An Atlas hash changes with every earlier file", "[ledgers]") {
  std::vector<ledgers::AtlasFile> files{{"1_a.sql", "CREATE TABLE a (id int);\n"},
                                        {"2_b.sql", "CREATE TABLE b (id int);\n"}};
  const auto before = ledgers::atlas_sum(files);
  files[0].bytes = "CREATE TABLE a (id bigint);\n";
  const auto after = ledgers::atlas_sum(files);
  CHECK(after.entries[1].hash != before.entries[1].hash);
}

TEST_CASE("An Atlas file marked atlas:sum ignore gets no entry", "[ledgers]") {
  // Go's NewHashFile still feeds the ignored file's name. Expected values from
  // python3: h=sha256(); per file h.update(name); unless ignored
  // h.update(bytes) and record base64(h.copy().digest()).
  const auto sum =
      ledgers::atlas_sum({{"1_a.sql", "CREATE TABLE a (id int);\n"},
                          {"2_b.sql", "-- atlas:sum ignore\nCREATE TABLE b (id int);\n"},
                          {"3_c.sql", "CREATE TABLE c (id int);\n"}});
  REQUIRE(sum.entries.size() == 2);
  CHECK(sum.entries[0].hash == "e72Wd39UNYY4sGrVkNYkCs4GRrWBQ0ASXh73rS+WpU4=");
  CHECK(sum.entries[1].name == "3_c.sql");
  CHECK(sum.entries[1].hash == "tBXYpVqhlwRkjXyoEs61XsD/I1zEZxDPqntN+lPwgps=");
}

TEST_CASE("Only an exact atlas:sum ignore directive on the first line skips a file", "[ledgers]") {
  const auto entries_for = [](const std::string& bytes) {
    return ledgers::atlas_sum({{"1_a.sql", bytes}}).entries.size();
  };
  CHECK(entries_for("-- atlas:sum ignore\r\nSELECT 1;\n") == 0);
  CHECK(entries_for("atlas:sum ignore") == 0);
  CHECK(entries_for("-- atlas:sum ignore later\nSELECT 1;\n") == 1);
  CHECK(entries_for("-- atlas:summary ignore\nSELECT 1;\n") == 1);
  CHECK(entries_for("SELECT 1;\n-- atlas:sum ignore\n") == 1);
  CHECK(entries_for("-- atlas:sum\nSELECT 1;\n") == 1);
}
