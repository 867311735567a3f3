#include "probes/schema/hashes.h"

#include <map>
#include <memory>

#include "probes/schema/canonical_text.h"
#include "probes/schema/sha256.h"

namespace driftwatch::schema {

SnapshotHashes compute_hashes(const Snapshot& snapshot) {
  const auto& objects = snapshot.objects();
  SnapshotHashes hashes;
  hashes.objects.resize(objects.size());

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

  Sha256 root;
  Sha256 kind_digest;
  Sha256 own;
  std::string record;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const auto& object = objects[i];
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
    if (relation_digest[i]) {
      relation_digest[i]->update(record);
      continue;
    }
    own.reset();
    own.update(record);
    hashes.objects[i] = own.hex_digest();
    if (auto owner = owner_relation_path(object); owner && owner->size() == 2) {
      const std::pair<std::string_view, std::string_view> name{(*owner)[0], (*owner)[1]};
      if (auto it = relation_at.find(name); it != relation_at.end()) {
        relation_digest[it->second]->update(record);
      }
    }
  }
  if (!hashes.kinds.empty()) hashes.kinds.back().hash = kind_digest.hex_digest();
  hashes.root = root.hex_digest();
  for (std::size_t i = 0; i < objects.size(); ++i) {
    if (relation_digest[i]) hashes.objects[i] = relation_digest[i]->hex_digest();
  }
  return hashes;
}

}  // namespace driftwatch::schema
