// A canonical schema snapshot: objects sorted by key, attributes sorted by
// name, no duplicates. The same schema always gives the same snapshot.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "probes/schema/object.h"

namespace driftwatch::schema {

/// Raised when data cannot form a snapshot (two objects with one key, two
/// attributes with one name) or when a saved snapshot cannot be read.
class SnapshotError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Snapshot {
 public:
  Snapshot() = default;

  /// Canonicalises the objects: sorts them and their attributes.
  /// Throws SnapshotError on a duplicate key or attribute name.
  explicit Snapshot(std::vector<SchemaObject> objects);

  [[nodiscard]] const std::vector<SchemaObject>& objects() const { return objects_; }
  [[nodiscard]] std::size_t size() const { return objects_.size(); }
  [[nodiscard]] bool empty() const { return objects_.empty(); }

  /// Hands the objects over, leaving the snapshot empty.
  [[nodiscard]] std::vector<SchemaObject> release() && { return std::move(objects_); }

  /// The object with that key, or nullptr.
  [[nodiscard]] const SchemaObject* find(const ObjectKey& key) const;

 private:
  std::vector<SchemaObject> objects_;
};

}  // namespace driftwatch::schema
