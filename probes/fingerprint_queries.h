// The catalog fingerprint, and the query that tells from the catalog rows
// written since a read which relations a partial read must re-read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace driftwatch::probes {

/// The catalog fingerprint: one row, one text column per catalog (named
/// after it), then pg_roles. Any committed change to those catalogs changes it.
std::string_view fingerprint_query();

struct FingerprintedCatalog {
  std::string_view name;
  /// Its rows belong to relations (pg_class, pg_attribute, pg_index, ...),
  /// or for some (pg_type, pg_constraint, pg_depend, pg_description) may.
  bool relation_rows = false;
  /// A row of it gone means something was dropped (pg_depend) or a comment
  /// changed (pg_description): deletions leave no new row to trace, so
  /// only a whole read can place them.
  bool watch_deletions = false;
};

/// The catalogs the fingerprint covers, in its column order (pg_roles aside).
std::vector<FingerprintedCatalog> fingerprint_catalogs();

/// One row: the fingerprint's columns, in the same order and form; for each
/// catalog `new_<catalog>`, the number of its rows not visible in
/// `previous_snapshot` (a pg_current_snapshot() text, digits, colons and
/// commas only) that is, written since; `horizon_ok`, false when that
/// snapshot is too old to tell; `scope`, the relations (pg_class oids) those
/// rows belong to, with the relations whose definitions name them;
/// `referenced`, the relations the scope's foreign keys point to; and
/// `unattributed`, true when a new row belongs to no relation (a function,
/// a type, a schema) or names an object that is gone.
std::string changed_relations_query(std::string_view previous_snapshot);

}  // namespace driftwatch::probes
