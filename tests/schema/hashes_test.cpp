// Tests SHA-256 and the snapshot hashes: root, per kind and per object (relations own members).
#include "probes/schema/hashes.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "probes/schema/canonical_text.h"
#include "probes/schema/sha256.h"

namespace schema = driftwatch::schema;
using K = schema::Kind;

namespace {

schema::SchemaObject object(K kind, std::vector<std::string> path, schema::Attributes attributes) {
  return {{kind, std::move(path), std::nullopt}, std::move(attributes)};
}

std::vector<schema::SchemaObject> sample_objects() {
  return {
      object(K::schema, {"app"}, {{"owner", "o"}}),
      object(K::table, {"app", "users"}, {{"owner", "o"}}),
      object(K::column, {"app", "users", "id"}, {{"type", "bigint"}}),
      object(K::column, {"app", "users", "email"}, {{"type", "text"}}),
      object(K::index, {"app", "users_email_idx"},
             {{"table", "app.users"}, {"definition", "CREATE INDEX ..."}}),
      object(K::table, {"app", "orders"}, {{"owner", "o"}}),
      object(K::column, {"app", "orders", "id"}, {{"type", "bigint"}}),
      object(K::view, {"app", "active_users"}, {{"definition", "SELECT 1"}}),
      object(K::column, {"app", "active_users", "id"}, {{"type", "bigint"}}),
  };
}

// The hash of the object with that kind and path.
std::string hash_of(const schema::Snapshot& snapshot, const schema::SnapshotHashes& hashes, K kind,
                    const std::vector<std::string>& path) {
  const auto* found = snapshot.find({kind, path, std::nullopt});
  REQUIRE(found != nullptr);
  return schema::to_hex(
      hashes.objects.at(static_cast<std::size_t>(found - snapshot.objects().data())));
}

// The sample with one attribute of one object replaced.
schema::Snapshot with_change(K kind, const std::vector<std::string>& path, const std::string& name,
                             const std::string& value) {
  auto objects = sample_objects();
  for (auto& o : objects) {
    if (o.key.kind != kind || o.key.path != path) continue;
    for (auto& attr : o.attributes) {
      if (attr.first == name) attr.second = value;
    }
  }
  return schema::Snapshot(std::move(objects));
}

}  // namespace

TEST_CASE("hashes: sha256_hex gives the standard test vectors", "[schema]") {
  CHECK(schema::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(schema::sha256_hex("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  schema::Sha256 digest;
  digest.update("a");
  digest.update("bc");
  CHECK(digest.hex_digest() == schema::sha256_hex("abc"));
  digest.reset();
  digest.update("");
  CHECK(digest.hex_digest() == schema::sha256_hex(""));

  // Object hashes are kept as bytes and written as the same hex.
  digest.reset();
  digest.update("abc");
  const schema::Digest bytes = digest.digest();
  CHECK(bytes.front() == 0xba);
  CHECK(schema::to_hex(bytes) == schema::sha256_hex("abc"));
  std::string text = "hash:";
  schema::append_hex(text, bytes);
  CHECK(text == "hash:" + schema::sha256_hex("abc"));
}

TEST_CASE("hashes: the root hash is the SHA-256 of the canonical text", "[schema]") {
  const schema::Snapshot snapshot(sample_objects());
  const auto hashes = schema::compute_hashes(snapshot);
  CHECK(hashes.root == schema::sha256_hex(schema::canonical_text(snapshot)));
  CHECK(hashes.objects.size() == snapshot.size());

  const auto empty = schema::compute_hashes(schema::Snapshot());
  CHECK(empty.root == schema::sha256_hex(""));
  CHECK(empty.kinds.empty());
  CHECK(empty.objects.empty());
}

TEST_CASE("hashes: root_hash is compute_hashes' root", "[schema]") {
  const schema::Snapshot snapshot(sample_objects());
  CHECK(schema::root_hash(snapshot) == schema::compute_hashes(snapshot).root);
  CHECK(schema::root_hash(snapshot) == schema::sha256_hex(schema::canonical_text(snapshot)));
  CHECK(schema::root_hash(schema::Snapshot()) == schema::sha256_hex(""));
}

TEST_CASE("hashes: each kind present has its count and the hash of its records", "[schema]") {
  const schema::Snapshot snapshot(sample_objects());
  const auto hashes = schema::compute_hashes(snapshot);
  REQUIRE(hashes.kinds.size() == 5);
  const std::vector<std::pair<K, std::size_t>> expected{
      {K::schema, 1}, {K::table, 2}, {K::column, 4}, {K::index, 1}, {K::view, 1}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& summary = hashes.kinds[i];
    INFO("kind " << schema::kind_name(expected[i].first));
    CHECK(summary.kind == expected[i].first);
    CHECK(summary.count == expected[i].second);
    std::string records;
    for (const auto& o : snapshot.objects()) {
      if (o.key.kind == summary.kind) schema::append_record(o, records);
    }
    CHECK(summary.hash == schema::sha256_hex(records));
  }
}

TEST_CASE("hashes: an object that owns nothing is hashed over its own record", "[schema]") {
  const schema::Snapshot snapshot(sample_objects());
  const auto hashes = schema::compute_hashes(snapshot);
  for (std::size_t i = 0; i < snapshot.size(); ++i) {
    const auto& o = snapshot.objects()[i];
    if (schema::is_relation_kind(o.key.kind)) continue;
    std::string record;
    schema::append_record(o, record);
    CHECK(schema::to_hex(hashes.objects[i]) == schema::sha256_hex(record));
  }
}

TEST_CASE("hashes: a relation's hash covers its record and its members' records in canonical order",
          "[schema]") {
  const schema::Snapshot snapshot(sample_objects());
  const auto hashes = schema::compute_hashes(snapshot);
  std::size_t relations = 0;
  for (std::size_t r = 0; r < snapshot.size(); ++r) {
    const auto& relation = snapshot.objects()[r];
    if (!schema::is_relation_kind(relation.key.kind)) continue;
    ++relations;
    const auto& path = relation.key.path;
    std::string records;
    for (const auto& o : snapshot.objects()) {
      const bool member =
          o.key.kind == K::index
              ? o.attribute("table") == path[0] + "." + path[1]
              : o.key.path.size() == 3 && o.key.path[0] == path[0] && o.key.path[1] == path[1];
      if (&o == &relation || member) schema::append_record(o, records);
    }
    INFO("relation " << path[0] << "." << path[1]);
    CHECK(schema::to_hex(hashes.objects[r]) == schema::sha256_hex(records));
  }
  // Two tables and a view, whose column comes before it in canonical order.
  CHECK(relations == 3);
}

TEST_CASE("hashes: a column change changes its table's hash and not another table's", "[schema]") {
  const schema::Snapshot before(sample_objects());
  const auto after = with_change(K::column, {"app", "users", "email"}, "type", "citext");
  const auto h0 = schema::compute_hashes(before);
  const auto h1 = schema::compute_hashes(after);
  CHECK(h0.root != h1.root);
  CHECK(hash_of(before, h0, K::table, {"app", "users"}) !=
        hash_of(after, h1, K::table, {"app", "users"}));
  CHECK(hash_of(before, h0, K::table, {"app", "orders"}) ==
        hash_of(after, h1, K::table, {"app", "orders"}));
  CHECK(hash_of(before, h0, K::view, {"app", "active_users"}) ==
        hash_of(after, h1, K::view, {"app", "active_users"}));
  // Only the changed column's own hash changes.
  CHECK(hash_of(before, h0, K::column, {"app", "users", "email"}) !=
        hash_of(after, h1, K::column, {"app", "users", "email"}));
  CHECK(hash_of(before, h0, K::column, {"app", "users", "id"}) ==
        hash_of(after, h1, K::column, {"app", "users", "id"}));
  CHECK(hash_of(before, h0, K::column, {"app", "orders", "id"}) ==
        hash_of(after, h1, K::column, {"app", "orders", "id"}));
  // Kind hashes change for the column kind only.
  CHECK(h0.kinds[1].hash == h1.kinds[1].hash);
  CHECK(h0.kinds[2].hash != h1.kinds[2].hash);
}

TEST_CASE("hashes: a view owns its columns like a table does", "[schema]") {
  const schema::Snapshot before(sample_objects());
  const auto after = with_change(K::column, {"app", "active_users", "id"}, "type", "integer");
  const auto h0 = schema::compute_hashes(before);
  const auto h1 = schema::compute_hashes(after);
  CHECK(hash_of(before, h0, K::view, {"app", "active_users"}) !=
        hash_of(after, h1, K::view, {"app", "active_users"}));
  CHECK(hash_of(before, h0, K::table, {"app", "users"}) ==
        hash_of(after, h1, K::table, {"app", "users"}));
}

TEST_CASE("hashes: an index belongs to the table named in its \"table\" attribute", "[schema]") {
  const schema::Snapshot before(sample_objects());
  const auto changed = with_change(K::index, {"app", "users_email_idx"}, "definition", "CREATE ");
  const auto h0 = schema::compute_hashes(before);
  const auto h1 = schema::compute_hashes(changed);
  CHECK(hash_of(before, h0, K::table, {"app", "users"}) !=
        hash_of(changed, h1, K::table, {"app", "users"}));
  CHECK(hash_of(before, h0, K::table, {"app", "orders"}) ==
        hash_of(changed, h1, K::table, {"app", "orders"}));

  // Pointing the index at the other table moves it there.
  const auto moved = with_change(K::index, {"app", "users_email_idx"}, "table", "app.orders");
  const auto h2 = schema::compute_hashes(moved);
  CHECK(hash_of(before, h0, K::table, {"app", "orders"}) !=
        hash_of(moved, h2, K::table, {"app", "orders"}));
  auto objects = sample_objects();
  objects.erase(std::find_if(objects.begin(), objects.end(),
                             [](const auto& o) { return o.key.kind == K::index; }));
  const schema::Snapshot without_index(std::move(objects));
  CHECK(hash_of(moved, h2, K::table, {"app", "users"}) ==
        hash_of(without_index, schema::compute_hashes(without_index), K::table, {"app", "users"}));
}

TEST_CASE("hashes: the same content gives the same hashes in any construction order", "[schema]") {
  auto objects = sample_objects();
  const auto expected = schema::compute_hashes(schema::Snapshot(objects));
  std::reverse(objects.begin(), objects.end());
  for (auto& o : objects) std::reverse(o.attributes.begin(), o.attributes.end());
  const auto reversed = schema::compute_hashes(schema::Snapshot(objects));
  CHECK(reversed.root == expected.root);
  CHECK(reversed.objects == expected.objects);
  REQUIRE(reversed.kinds.size() == expected.kinds.size());
  for (std::size_t i = 0; i < expected.kinds.size(); ++i) {
    CHECK(reversed.kinds[i].kind == expected.kinds[i].kind);
    CHECK(reversed.kinds[i].count == expected.kinds[i].count);
    CHECK(reversed.kinds[i].hash == expected.kinds[i].hash);
  }
}
