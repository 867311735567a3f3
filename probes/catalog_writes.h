// Turns the rows of catalog_writes_query() into provenance records.
#pragma once

#include <vector>

#include "probes/result_table.h"
#include "probes/schema/provenance.h"

namespace driftwatch::probes {

/// The writes in `rows`, their xids made full against `reference` (the
/// reading snapshot's xmax). Rows of unknown kinds or special xids are
/// skipped.
std::vector<schema::ObjectWrite> to_object_writes(const ResultTable& rows,
                                                  schema::FullXid reference);

}  // namespace driftwatch::probes
