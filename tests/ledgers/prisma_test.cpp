// Tests the Prisma reader: one _prisma_migrations row per attempt, the latest
// attempt of each migration decides, and advisory lock 72707369 means "running".
#include <catch2/catch.hpp>

#include <utility>

#include "tests/ledgers/ledger_test_support.h"

namespace ledgers = driftwatch::ledgers;
using namespace driftwatch::ledgers::test;

namespace {

constexpr long long kPrismaLock = 72707369;

const ledgers::TableInfo kTable{"public",
                                "_prisma_migrations",
                                {{"id", "character varying(36)"},
                                 {"checksum", "character varying(64)"},
                                 {"finished_at", "timestamp with time zone"},
                                 {"migration_name", "character varying(255)"},
                                 {"logs", "text"},
                                 {"rolled_back_at", "timestamp with time zone"},
                                 {"started_at", "timestamp with time zone"},
                                 {"applied_steps_count", "integer"}}};

// id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
std::vector<std::optional<std::string>> attempt(const std::string& name, const std::string& started,
                                                const std::optional<std::string>& finished,
                                                std::optional<std::string> rolled_back = {},
                                                std::optional<std::string> logs = {}) {
  return {"uuid-" + name + "-" + started,
          std::string(64, 'a'),
          finished,
          name,
          std::move(logs),
          std::move(rolled_back),
          started,
          finished ? "1" : "0"};
}

ledgers::LedgerState read(Values values, std::vector<ledgers::AdvisoryLock> locks = {}) {
  return read_rows(ledgers::Framework::prisma, kTable, std::move(values), {}, std::move(locks));
}

}  // namespace

TEST_CASE("prisma: migrations that all finished are applied, in the order they started",
          "[ledgers]") {
  const auto state = read({
      attempt("20240102000000_add_phone", "2024-05-02 10:00:00+00", "2024-05-02 10:00:01+00"),
      attempt("20240101000000_init", "2024-05-01 10:00:00+00", "2024-05-01 10:00:02+00"),
  });
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(applied_ids(state) ==
        std::vector<std::string>{"20240101000000_init", "20240102000000_add_phone"});
  CHECK(state.applied.front().applied_at == "2024-05-01 10:00:02+00");
  CHECK(state.applied.front().checksum == std::string(64, 'a'));
  CHECK(state.failed.empty());
  CHECK_FALSE(state.lock);
  CHECK_THAT(state.explanation, Catch::Contains("2 migrations applied") &&
                                    Catch::Contains("20240102000000_add_phone"));
  check_advice(state);
}

TEST_CASE("prisma: a row without finished_at is a failed migration (P3009), with its logs",
          "[ledgers]") {
  const auto state = read({
      attempt("20240101000000_init", "2024-05-01 10:00:00+00", "2024-05-01 10:00:02+00"),
      attempt("20240102000000_add_phone", "2024-05-02 10:00:00+00", std::nullopt, std::nullopt,
              "Database error code: 42701 column \"phone\" already exists"),
  });
  CHECK(state.health == ledgers::Health::failed);
  CHECK(applied_ids(state) == std::vector<std::string>{"20240101000000_init"});
  REQUIRE(failed_ids(state) == std::vector<std::string>{"20240102000000_add_phone"});
  CHECK(state.failed.front().started_at == "2024-05-02 10:00:00+00");
  CHECK_THAT(state.failed.front().error.value_or(""), Catch::Contains("already exists"));
  CHECK_THAT(state.explanation, Catch::Contains("P3009"));
  CHECK_THAT(state.next_step,
             Catch::Contains("prisma migrate resolve --applied 20240102000000_add_phone") &&
                 Catch::Contains("--rolled-back 20240102000000_add_phone") &&
                 Catch::Contains("Do not reset"));
  check_advice(state);
}

TEST_CASE("prisma: a migration marked rolled back is reported until it is applied again",
          "[ledgers]") {
  const auto state = read({
      attempt("20240101000000_init", "2024-05-01 10:00:00+00", "2024-05-01 10:00:02+00"),
      attempt("20240102000000_add_phone", "2024-05-02 10:00:00+00", std::nullopt,
              "2024-05-02 11:00:00+00", "error"),
  });
  CHECK(state.health == ledgers::Health::rolled_back);
  CHECK(applied_ids(state) == std::vector<std::string>{"20240101000000_init"});
  CHECK(state.failed.empty());
  CHECK_THAT(state.explanation,
             Catch::Contains("20240102000000_add_phone") && Catch::Contains("rolled back"));
  check_advice(state);
}

TEST_CASE("prisma: an unfinished row while advisory lock 72707369 is held is in progress",
          "[ledgers]") {
  const auto state = read({attempt("20240101000000_init", "2024-05-01 10:00:00+00", std::nullopt)},
                          {{kPrismaLock, true, "2024-05-01 10:00:00+00"}});
  CHECK(state.health == ledgers::Health::in_progress);
  REQUIRE(state.lock);
  CHECK(state.lock->held);
  CHECK(state.lock->since == "2024-05-01 10:00:00+00");
  CHECK_THAT(state.lock->holder.value_or(""), Catch::Contains("72707369"));
  CHECK(failed_ids(state) == std::vector<std::string>{"20240101000000_init"});
  CHECK_THAT(state.explanation, Catch::Contains("right now"));
  check_advice(state);
}

TEST_CASE("prisma: another key, or a lock only waited for, does not make a failure in progress",
          "[ledgers]") {
  const auto row = attempt("20240101000000_init", "2024-05-01 10:00:00+00", std::nullopt);
  CHECK(read({row}, {{kPrismaLock + 1, true, {}}}).health == ledgers::Health::failed);
  CHECK(read({row}, {{kPrismaLock, false, {}}}).health == ledgers::Health::failed);
}

TEST_CASE("prisma: the latest attempt of a migration decides its state", "[ledgers]") {
  SECTION("failed, rolled back, then applied: applied once") {
    const auto state = read({
        attempt("20240101000000_init", "2024-05-01 10:05:00+00", "2024-05-01 10:05:01+00"),
        attempt("20240101000000_init", "2024-05-01 10:00:00+00", std::nullopt,
                "2024-05-01 10:01:00+00", "boom"),
    });
    CHECK(state.health == ledgers::Health::healthy);
    CHECK(applied_ids(state) == std::vector<std::string>{"20240101000000_init"});
    CHECK(state.applied.front().applied_at == "2024-05-01 10:05:01+00");
  }
  SECTION("rolled back, then failed again: failed") {
    const auto state = read({
        attempt("20240101000000_init", "2024-05-01 10:00:00+00", std::nullopt,
                "2024-05-01 10:01:00+00", "first"),
        attempt("20240101000000_init", "2024-05-01 10:05:00+00", std::nullopt, std::nullopt,
                "second"),
    });
    CHECK(state.health == ledgers::Health::failed);
    REQUIRE(state.failed.size() == 1);
    CHECK(state.failed.front().error == "second");
    check_advice(state);
  }
  SECTION("resolved as applied after failing: applied") {
    const auto state = read({
        attempt("20240101000000_init", "2024-05-01 10:00:00+00", std::nullopt,
                "2024-05-01 10:02:00+00", "boom"),
        attempt("20240101000000_init", "2024-05-01 10:02:00.5+00", "2024-05-01 10:02:00.5+00"),
    });
    CHECK(state.health == ledgers::Health::healthy);
    CHECK(applied_ids(state) == std::vector<std::string>{"20240101000000_init"});
  }
}

TEST_CASE("prisma: an empty ledger is healthy and says nothing was applied", "[ledgers]") {
  const auto state = read({});
  CHECK(state.health == ledgers::Health::healthy);
  CHECK(state.applied.empty());
  check_advice(state);
}
