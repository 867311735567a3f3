#include "probes/ledgers/ledger_state.h"

#include "probes/schema/identity.h"

namespace driftwatch::ledgers {

std::string_view health_name(Health health) {
  switch (health) {
    case Health::failed: return "failed";
    case Health::dirty: return "dirty";
    case Health::locked: return "locked";
    case Health::in_progress: return "in_progress";
    case Health::multiple_heads: return "multiple_heads";
    case Health::rolled_back: return "rolled_back";
    case Health::unexpected_shape: return "unexpected_shape";
    case Health::unreadable: return "unreadable";
    case Health::unknown: return "unknown";
    case Health::healthy: return "healthy";
  }
  return "unknown";
}

bool needs_attention(Health health) {
  return health != Health::healthy && health != Health::unknown;
}

std::string_view file_problem_name(FileProblem::Kind kind) {
  switch (kind) {
    case FileProblem::Kind::missing_file: return "missing_file";
    case FileProblem::Kind::edited: return "edited";
    case FileProblem::Kind::duplicate_version: return "duplicate_version";
    case FileProblem::Kind::not_verified: return "not_verified";
  }
  return "not_verified";
}

std::string qualified_table(const LedgerState& ledger) {
  return schema::format_identity({ledger.schema, ledger.table});
}

}  // namespace driftwatch::ledgers
