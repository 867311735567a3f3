// Tests transaction-id arithmetic across epochs and the snapshot parser.
#include "probes/schema/provenance.h"

#include <catch2/catch.hpp>

namespace schema = driftwatch::schema;

TEST_CASE("a 32-bit xid becomes the newest full id at or below the reference") {
  CHECK(schema::full_xid(726, 800) == 726u);
  CHECK(schema::full_xid(800, 800) == 800u);
  // Across the epoch boundary: the reference is in epoch 1, the row in epoch 0.
  const schema::FullXid epoch1 = schema::FullXid{1} << 32;
  CHECK(schema::full_xid(4'294'967'290u, epoch1 + 5) == 4'294'967'290u);
  CHECK(schema::full_xid(3, epoch1 + 5) == epoch1 + 3);
  // Epoch 7, and a row written just before it.
  const schema::FullXid epoch7 = schema::FullXid{7} << 32;
  CHECK(schema::full_xid(4'294'967'295u, epoch7 + 100) == epoch7 - 1);
}

TEST_CASE("special xids name no transaction") {
  CHECK_FALSE(schema::full_xid(0, 800).has_value());
  CHECK_FALSE(schema::full_xid(1, 800).has_value());
  CHECK_FALSE(schema::full_xid(2, 800).has_value());
  // A row id newer than the reference would lie before epoch 0.
  CHECK_FALSE(schema::full_xid(900, 800).has_value());
}

TEST_CASE("raw_xid keeps the low 32 bits") {
  CHECK(schema::raw_xid((schema::FullXid{3} << 32) + 42) == 42u);
}

TEST_CASE("pg_current_snapshot text gives xmin and xmax") {
  auto bounds = schema::parse_snapshot_bounds("748:752:749,750");
  REQUIRE(bounds);
  CHECK(bounds->xmin == 748u);
  CHECK(bounds->xmax == 752u);
  CHECK(schema::parse_snapshot_bounds("8589934595:8589934600:")->xmax == 8589934600u);
  CHECK_FALSE(schema::parse_snapshot_bounds("garbage"));
  CHECK_FALSE(schema::parse_snapshot_bounds("9:3:"));
  CHECK_FALSE(schema::parse_snapshot_bounds(":3:"));
}

TEST_CASE("the latest write of an object, and a relation's dropped column") {
  schema::CatalogWrites writes;
  writes.writes = {{schema::Kind::column, {"public", "t", "c"}, std::nullopt, 10, {}, false},
                   {schema::Kind::column, {"public", "t", "c"}, std::nullopt, 12, {}, false},
                   {schema::Kind::table, {"public", "t"}, std::nullopt, 14, {}, true},
                   {schema::Kind::function, {"public", "f"}, "integer", 16, {}, false}};
  const schema::WriteIndex index(writes);
  const auto* latest = index.latest({schema::Kind::column, {"public", "t", "c"}, std::nullopt});
  REQUIRE(latest != nullptr);
  CHECK(latest->xid == 12u);
  CHECK(index.latest({schema::Kind::table, {"public", "t"}, std::nullopt}) == nullptr);
  CHECK(index.latest_column_drop({"public", "t"})->xid == 14u);
  CHECK(index.latest({schema::Kind::function, {"public", "f"}, "text"}) == nullptr);
  CHECK(index.latest({schema::Kind::function, {"public", "f"}, "integer"})->xid == 16u);
}
