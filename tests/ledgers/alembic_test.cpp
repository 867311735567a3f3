// Tests the Alembic reader: alembic_version holds the current heads only.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "probes/ledgers/readers.h"

namespace ledgers = driftwatch::ledgers;

namespace {

ledgers::LedgerState read(std::vector<std::vector<std::optional<std::string>>> values) {
  const ledgers::TableInfo table{
      "public", "alembic_version", {{"version_num", "character varying(32)"}}};
  ledgers::DetectedLedger detected;
  detected.framework = ledgers::Framework::alembic;
  detected.table = table;
  const ledgers::LedgerInput input{table, {{"version_num"}, std::move(values)}, {}, {}, {}};
  return ledgers::read_ledger(detected, input);
}

std::vector<std::string> ids(const std::vector<ledgers::AppliedMigration>& applied) {
  std::vector<std::string> out;
  out.reserve(applied.size());
  for (const auto& migration : applied) out.push_back(migration.id);
  return out;
}

// A next step may name a destructive command only to warn against it.
bool safe(const std::string& next_step) {
  const bool destructive = next_step.find("reset") != std::string::npos ||
                           next_step.find("drop") != std::string::npos ||
                           next_step.find("flush") != std::string::npos ||
                           next_step.find("downgrade base") != std::string::npos;
  return !destructive || next_step.find("Do not") != std::string::npos;
}

}  // namespace

TEST_CASE("alembic: one row is the single head, and the ledger is healthy", "[ledgers]") {
  const auto state = read({{"ae1027a6acf"}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.heads == std::vector<std::string>{"ae1027a6acf"});
  CHECK(ids(state.applied) == std::vector<std::string>{"ae1027a6acf"});
  CHECK(state.failed.empty());
  CHECK_FALSE(state.lock);
  CHECK_THAT(state.explanation, Catch::Contains("ae1027a6acf"));
  // Alembic keeps no history: the note says where the rest of it is.
  bool told = false;
  for (const auto& note : state.notes) told |= note.find("revision files") != std::string::npos;
  CHECK(told);
}

TEST_CASE("alembic: an empty table means the database is at base", "[ledgers]") {
  const auto state = read({});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.applied.empty());
  CHECK(state.heads.empty());
  CHECK_THAT(state.explanation, Catch::Contains("base"));
}

TEST_CASE("alembic: several rows are unmerged branches, reported as multiple heads", "[ledgers]") {
  const auto state = read({{"f00d"}, {"beef"}});
  CHECK(state.health == ledgers::Health::multiple_heads);
  // Sorted, whatever order the server returned them in.
  CHECK(state.heads == std::vector<std::string>{"beef", "f00d"});
  CHECK(ids(state.applied) == std::vector<std::string>{"beef", "f00d"});
  CHECK_THAT(state.explanation, Catch::Contains("Multiple head revisions"));
  CHECK_THAT(state.next_step, Catch::Contains("alembic merge heads"));
  CHECK_THAT(state.next_step, Catch::Contains("Do not run `alembic downgrade base`"));
  CHECK(safe(state.next_step));
  CHECK(ledgers::needs_attention(state.health));
}

TEST_CASE("alembic: empty and repeated revisions become notes, not heads", "[ledgers]") {
  const auto state = read({{"abc"}, {std::nullopt}, {""}, {"abc"}});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.heads == std::vector<std::string>{"abc"});
  std::string notes;
  for (const auto& note : state.notes) notes += note + "\n";
  CHECK_THAT(notes, Catch::Contains("2 rows have an empty version_num"));
  CHECK_THAT(notes, Catch::Contains("abc is stored more than once"));
}

TEST_CASE("alembic: every next step it gives is safe", "[ledgers]") {
  for (const auto& state : {read({}), read({{"a"}}), read({{"a"}, {"b"}, {"c"}})}) {
    CHECK(safe(state.next_step));
    if (state.health != ledgers::Health::healthy) {
      CHECK_FALSE(state.explanation.empty());
      CHECK_FALSE(state.next_step.empty());
    }
  }
}
