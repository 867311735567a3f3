// Provenance records from catalog rows.
#include "probes/catalog_writes.h"

namespace driftwatch::probes {

std::vector<schema::ObjectWrite> to_object_writes(const ResultTable& rows,
                                                  schema::FullXid reference) {
  const auto c_kind = rows.column("kind");
  const auto c_schema = rows.column("schema");
  const auto c_relation = rows.column("relation");
  const auto c_member = rows.column("member");
  const auto c_args = rows.column("args");
  const auto c_xmin = rows.column("xmin");
  const auto c_committed = rows.column("committed_at");
  std::vector<schema::ObjectWrite> writes;
  writes.reserve(rows.rows());
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    schema::ObjectWrite write;
    const auto kind_text = rows.text(r, c_kind);
    write.dropped_column = kind_text == "dropped_column";
    const auto kind = write.dropped_column ? schema::Kind::table : schema::parse_kind(kind_text);
    const auto raw = schema::parse_raw_xid(rows.text(r, c_xmin));
    if (!kind || !raw) continue;
    const auto xid = schema::full_xid(*raw, reference);
    if (!xid) continue;
    write.kind = *kind;
    write.xid = *xid;
    for (const auto column : {c_schema, c_relation, c_member}) {
      if (auto part = rows.optional_text(r, column)) write.path.emplace_back(*part);
    }
    if (auto args = rows.optional_text(r, c_args)) write.args = std::string(*args);
    if (auto committed = rows.optional_text(r, c_committed)) {
      write.committed_at = std::string(*committed);
    }
    writes.push_back(std::move(write));
  }
  return writes;
}

}  // namespace driftwatch::probes
