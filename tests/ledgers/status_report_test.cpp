// Tests the status report: its JSON (a documented format, golden-tested),
// its text, and when it calls for attention.
#include "probes/ledgers/status_report.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

#include "tests/support/golden.h"

namespace ledgers = driftwatch::ledgers;
using ledgers::FileProblem;
using ledgers::Health;

namespace {

ledgers::LedgerState failed_prisma() {
  ledgers::LedgerState state;
  state.framework = ledgers::Framework::prisma;
  state.schema = "public";
  state.table = "_prisma_migrations";
  state.health = Health::failed;
  state.applied.push_back({"20240101120000_init", "20240101120000_init",
                           "2024-01-01 12:00:05.112+00", "6df43129dbfd64f7"});
  state.failed.push_back({"20240215093000_add_phone", "20240215093000_add_phone",
                          "2024-02-15 09:30:02.377+00",
                          "Database error:\nERROR: column \"phone\" already exists"});
  state.pending.push_back(
      {"20240301000000_orders", "migrations/20240301000000_orders/migration.sql"});
  state.file_problems.push_back({FileProblem::Kind::edited, "20240101120000_init", "changed"});
  driftwatch::migration_sql::Prediction forecast;
  forecast.statements_checked = 3;
  forecast.failures.push_back(
      {"20240301000000_orders", "migrations/20240301000000_orders/migration.sql", 4,
       "ALTER TABLE users ADD COLUMN phone text", "public.users.phone", "column",
       "column \"phone\" of relation \"users\" already exists", "42701", true, ""});
  forecast.not_checked.push_back({"20240301000000_orders",
                                  "migrations/20240301000000_orders/migration.sql", 6,
                                  "DO $$ BEGIN PERFORM 1; END $$", "a DO block"});
  state.forecast = forecast;
  driftwatch::migration_sql::PartialRun run;
  run.statements.push_back({1, "CREATE TABLE orders (id int)", "public.orders", "table", "created",
                            driftwatch::migration_sql::StatementOutcome::State::applied,
                            "present"});
  run.statements.push_back(
      {2, "ALTER TABLE users ADD COLUMN phone text", "public.users.phone", "column", "added",
       driftwatch::migration_sql::StatementOutcome::State::not_applied, "absent"});
  run.stopped_at = 1;
  run.summary =
      "created table public.orders; failed at or before column public.users.phone (line 2)";
  state.partial_runs.push_back(
      {"20240215093000_add_phone", "migrations/20240215093000_add_phone/migration.sql", run});
  state.explanation = "Migration 20240215093000_add_phone did not finish.";
  state.next_step = "Resolve it with prisma migrate resolve.";
  return state;
}

ledgers::LedgerState locked_knex() {
  ledgers::LedgerState state;
  state.framework = ledgers::Framework::knex;
  state.schema = "app";
  state.table = "knex_migrations";
  state.confidence = "likely";
  state.health = Health::locked;
  state.related_tables.emplace_back("app.knex_migrations_lock");
  state.lock = ledgers::LockInfo{true, std::nullopt, std::nullopt};
  state.notes.emplace_back("the latest batch is 3");
  state.explanation = "A knex migrate run holds the lock.";
  state.next_step = "Run knex migrate:unlock once no run is in progress.";
  return state;
}

ledgers::StatusReport sample() {
  ledgers::StatusReport report;
  report.database = "host=db1 port=5432 dbname=shop user=watcher";
  report.ledgers = {failed_prisma(), locked_knex()};
  report.user_tables = 12;
  return report;
}

std::string json_of(const ledgers::StatusReport& report, bool pending_counts = false) {
  std::ostringstream out;
  ledgers::write_status_json(out, report, pending_counts);
  return out.str();
}

std::string text_of(const ledgers::StatusReport& report) {
  std::ostringstream out;
  ledgers::write_status_text(out, report);
  return out.str();
}

ledgers::StatusReport healthy_with_pending() {
  ledgers::StatusReport report;
  report.database = "host=db1 dbname=shop";
  auto state = failed_prisma();
  state.health = Health::healthy;
  state.failed.clear();
  state.file_problems.clear();
  state.next_step.clear();
  state.forecast.reset();  // a certain failure would call for attention by itself
  state.partial_runs.clear();
  report.ledgers = {state};
  return report;
}

}  // namespace

TEST_CASE("status report: the JSON of a sample report matches the golden file", "[ledgers]") {
  driftwatch::test::check_golden("status.json", json_of(sample()));
}

TEST_CASE("status report: the text of a sample report matches the golden file", "[ledgers]") {
  driftwatch::test::check_golden("status.txt", text_of(sample()));
}

TEST_CASE("status report: the JSON holds every documented field", "[ledgers]") {
  const auto doc = nlohmann::json::parse(json_of(sample()));
  CHECK(doc.at("status") == "attention");
  CHECK(doc.at("user_tables") == 12);
  CHECK(doc.at("no_ledger").is_null());
  const auto& prisma = doc.at("ledgers").at(0);
  for (const char* key :
       {"framework", "table", "confidence", "state", "explanation", "next_step", "applied",
        "failed", "pending", "file_problems", "heads", "lock", "related_tables", "notes"}) {
    INFO(key);
    CHECK(prisma.contains(key));
  }
  CHECK(prisma.at("framework") == "prisma");
  CHECK(prisma.at("table") == "public._prisma_migrations");
  CHECK(prisma.at("state") == "failed");
  CHECK(prisma.at("applied").at(0).at("id") == "20240101120000_init");
  CHECK(prisma.at("failed").at(0).at("error") ==
        "Database error:\nERROR: column \"phone\" already exists");
  CHECK(prisma.at("file_problems").at(0).at("kind") == "edited");
  CHECK(prisma.at("lock").is_null());
  const auto& knex = doc.at("ledgers").at(1);
  CHECK(knex.at("lock").at("held") == true);
  CHECK(knex.at("confidence") == "likely");
}

TEST_CASE("status report: a pending statement certain to fail calls for attention", "[ledgers]") {
  ledgers::LedgerState state;
  state.framework = ledgers::Framework::golang_migrate;
  state.health = Health::healthy;
  state.forecast.emplace();
  state.forecast->failures.push_back({"2", "2_phone.up.sql", 1, "ALTER ...", "public.users.phone",
                                      "column", "already exists", "42701", false, "after a DO"});
  ledgers::StatusReport report;
  report.ledgers = {state};
  CHECK_FALSE(ledgers::needs_attention(report, false));  // only probable
  report.ledgers.front().forecast->failures.front().certain = true;
  CHECK(ledgers::needs_attention(report, false));
}

TEST_CASE("status report: pending migrations call for attention only when asked", "[ledgers]") {
  const auto report = healthy_with_pending();
  CHECK_FALSE(ledgers::needs_attention(report, false));
  CHECK(ledgers::needs_attention(report, true));
  CHECK(nlohmann::json::parse(json_of(report, false)).at("status") == "healthy");
  CHECK(nlohmann::json::parse(json_of(report, true)).at("status") == "attention");
}

TEST_CASE("status report: a healthy ledger has a null next step", "[ledgers]") {
  const auto doc = nlohmann::json::parse(json_of(healthy_with_pending()));
  CHECK(doc.at("ledgers").at(0).at("next_step").is_null());
}

TEST_CASE("status report: tables without any ledger call for attention and say how to baseline",
          "[ledgers]") {
  ledgers::StatusReport report;
  report.database = "host=db1 dbname=shop";
  report.user_tables = 3;
  report.no_ledger = ledgers::advise_no_ledger(3);
  CHECK(ledgers::needs_attention(report, false));
  const auto doc = nlohmann::json::parse(json_of(report));
  CHECK(doc.at("ledgers").empty());
  CHECK(doc.at("no_ledger").at("explanation").get<std::string>().find("P3005") !=
        std::string::npos);
  const auto text = text_of(report);
  CHECK(text.starts_with("No migration ledger found in host=db1 dbname=shop."));
  CHECK(text.find("baseline") != std::string::npos);
}

TEST_CASE("status report: an unknown ledger alone does not call for attention", "[ledgers]") {
  ledgers::StatusReport report;
  ledgers::LedgerState unknown;
  unknown.framework = ledgers::Framework::unknown;
  unknown.health = Health::unknown;
  report.ledgers = {unknown};
  CHECK_FALSE(ledgers::needs_attention(report, true));
}
