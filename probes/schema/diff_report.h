// Renders a snapshot diff for people (text) and for programs (JSON; the
// format is documented in docs/snapshot-format.md).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "probes/schema/diff.h"

namespace driftwatch::schema {

struct DiffSummary {
  std::size_t added = 0;
  std::size_t removed = 0;
  std::size_t changed = 0;
};

DiffSummary summarize(const std::vector<ObjectChange>& changes);

/// "+ column app.users.phone" blocks, multi-line values as a line diff, and a
/// closing summary line.
void write_diff_text(std::ostream& out, const std::vector<ObjectChange>& changes);

/// {"equal", "before_root_hash", "after_root_hash", "summary", "changes": [...]}.
void write_diff_json(std::ostream& out, const std::vector<ObjectChange>& changes,
                     const std::string& before_root_hash, const std::string& after_root_hash);

/// One change as a JSON object {"kind","object","change","attributes"}; shared
/// with every other output that reports changes.
std::string change_json(const ObjectChange& change);

}  // namespace driftwatch::schema
