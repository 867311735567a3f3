// Tests the duration forms the config file accepts, and the ones it refuses.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "config/config.h"

using driftwatch::config::Duration;
using driftwatch::config::parse_duration;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

TEST_CASE("parse_duration reads each unit") {
  CHECK(parse_duration("250ms") == milliseconds(250));
  CHECK(parse_duration("10s") == seconds(10));
  CHECK(parse_duration("5m") == minutes(5));
  CHECK(parse_duration("1h") == hours(1));
  CHECK(parse_duration("0s") == Duration::zero());
}

TEST_CASE("parse_duration reads a bare integer as seconds") {
  CHECK(parse_duration("30") == seconds(30));
  CHECK(parse_duration("0") == Duration::zero());
}

TEST_CASE("parse_duration rejects what it cannot read, naming the accepted forms") {
  using Catch::Contains;
  REQUIRE_THROWS_AS(parse_duration("abc"), std::invalid_argument);
  REQUIRE_THROWS_WITH(parse_duration(""), Contains("empty duration"));
  REQUIRE_THROWS_WITH(parse_duration("-5s"), Contains("negative duration"));
  REQUIRE_THROWS_WITH(parse_duration("5d"), Contains("unknown unit \"d\""));
  REQUIRE_THROWS_WITH(parse_duration("5 s"), Contains("unknown unit \" s\""));
  REQUIRE_THROWS_WITH(parse_duration("1.5s"), Contains("unknown unit \".5s\""));
  REQUIRE_THROWS_WITH(parse_duration("ms"), Contains("not a duration: \"ms\""));
  REQUIRE_THROWS_WITH(parse_duration("+5s"), Contains("not a duration"));
  REQUIRE_THROWS_WITH(parse_duration(" 5s"), Contains("not a duration"));
  REQUIRE_THROWS_WITH(parse_duration("abc"), Contains("\"250ms\", \"10s\", \"5m\", \"1h\""));
}

TEST_CASE("parse_duration rejects values that do not fit in milliseconds") {
  using Catch::Contains;
  REQUIRE_THROWS_WITH(parse_duration("99999999999999999999"), Contains("duration too large"));
  REQUIRE_THROWS_WITH(parse_duration("9223372036854775807s"), Contains("duration too large"));
  REQUIRE_THROWS_WITH(parse_duration("9223372036854776h"), Contains("duration too large"));
  CHECK(parse_duration("9223372036854775807ms").count() == 9223372036854775807);
}
