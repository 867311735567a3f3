#include "probes/schema/hashes.h"

#include <future>
#include <map>
#include <memory>

#include "probes/schema/canonical_text.h"
#include "probes/schema/sha256.h"

namespace driftwatch::schema {
namespace {

struct TextHashes {
  std::string root;
  std::vector<KindSummary> kinds;
};

// The digests of the whole canonical text and of each kind's part of it.
TextHashes hash_text(const std::vector<SchemaObject>& objects) {
  TextHashes hashes;
  Sha256 root;
  Sha256 kind_digest;
  std::string record;
  for (const auto& object : objects) {
    if (hashes.kinds.empty() || hashes.kinds.back().kind != object.key.kind) {
      if (!hashes.kinds.empty()) {
        hashes.kinds.back().hash = kind_digest.hex_digest();
        kind_digest.reset();
      }
      hashes.kinds.push_back(KindSummary{object.key.kind, 0, {}});
    }
    ++hashes.kinds.back().count;
    record.clear();
    append_record(object, record);
    root.update(record);
    kind_digest.update(record);
  }
  if (!hashes.kinds.empty()) hashes.kinds.back().hash = kind_digest.hex_digest();
  hashes.root = root.hex_digest();
  return hashes;
}

// Each object's digest: a relation's over its record and its members'.
std::vector<Digest> hash_objects(const std::vector<SchemaObject>& objects) {
  std::vector<Digest> hashes(objects.size());
  // Relations share one namespace per schema in PostgreSQL, so their path
  // alone finds the owner of a column or an index. Each relation's digest
  // stays open until every object it owns has been fed to it; they come
  // later in canonical order.
  std::map<std::pair<std::string_view, std::string_view>, std::size_t> relation_at;
  std::vector<std::unique_ptr<Sha256>> relation_digest(objects.size());
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const auto& path = objects[i].key.path;
    if (is_relation_kind(objects[i].key.kind) && path.size() == 2) {
      relation_at.emplace(std::pair<std::string_view, std::string_view>{path[0], path[1]}, i);
      relation_digest[i] = std::make_unique<Sha256>();
    }
  }

  Sha256 own;
  std::string record;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const auto& object = objects[i];
    record.clear();
    append_record(object, record);
    if (relation_digest[i]) {
      relation_digest[i]->update(record);
      continue;
    }
    own.reset();
    own.update(record);
    hashes[i] = own.digest();
    // A member's owner is the start of its own path, read in place: copying
    // the names for 185,000 objects showed in profiles. Only an index names
    // its table in an attribute.
    const auto& path = object.key.path;
    std::optional<std::vector<std::string>> index_table;
    std::optional<std::pair<std::string_view, std::string_view>> owner;
    if (object.key.kind == Kind::index) {
      index_table = owner_relation_path(object);
      if (index_table && index_table->size() == 2) owner = {(*index_table)[0], (*index_table)[1]};
    } else if (path.size() == 3 && is_relation_member_kind(object.key.kind)) {
      owner = {path[0], path[1]};
    }
    if (owner) {
      if (auto it = relation_at.find(*owner); it != relation_at.end()) {
        relation_digest[it->second]->update(record);
      }
    }
  }
  for (std::size_t i = 0; i < objects.size(); ++i) {
    if (relation_digest[i]) hashes[i] = relation_digest[i]->digest();
  }
  return hashes;
}

}  // namespace

std::string root_hash(const Snapshot& snapshot) {
  Sha256 root;
  std::string record;
  for (const auto& object : snapshot.objects()) {
    record.clear();
    append_record(object, record);
    root.update(record);
  }
  return root.hex_digest();
}

SnapshotHashes compute_hashes(const Snapshot& snapshot) {
  const auto& objects = snapshot.objects();
  // Two passes of SHA-256 over the whole text and one over each object's
  // records: the first two on a second thread, as hashing is most of what
  // writing a large snapshot costs and nothing else runs by then.
  auto text = std::async(std::launch::async, [&objects] { return hash_text(objects); });
  SnapshotHashes hashes;
  hashes.objects = hash_objects(objects);
  auto [root, kinds] = text.get();
  hashes.root = std::move(root);
  hashes.kinds = std::move(kinds);
  return hashes;
}

}  // namespace driftwatch::schema
