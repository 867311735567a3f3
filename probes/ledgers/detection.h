// Which tables are migration ledgers, and of which tool: by the table's
// columns and types first, then its name, schema and sibling tables, as
// several tools share names (schema_migrations, migrations).
#pragma once

#include <string>
#include <vector>

#include "probes/ledgers/catalog_tables.h"
#include "probes/ledgers/framework.h"

namespace driftwatch::ledgers {

struct DetectedLedger {
  Framework framework = Framework::unknown;
  TableInfo table;
  std::vector<TableInfo> related;  ///< companions found next to it (lock tables, ...)
  std::string confidence = "certain";
  std::vector<std::string> notes;
  /// The columns the tool writes that the table lacks: non-empty means a
  /// table with the tool's name but not its shape.
  std::vector<std::string> missing_columns;
};

/// A table the user says is a tool's ledger (a custom table name).
struct LedgerOverride {
  Framework framework{};
  std::string schema;  ///< empty: any schema
  std::string table;
};

/// Reads "FRAMEWORK=[SCHEMA.]TABLE". Throws std::invalid_argument naming the
/// problem (unknown framework, missing '=').
LedgerOverride parse_ledger_override(std::string_view text);

/// The ledgers among the candidate tables, in schema and table order.
std::vector<DetectedLedger> detect_ledgers(const std::vector<TableInfo>& candidates,
                                           const std::vector<LedgerOverride>& overrides = {});

/// The tables the catalog query must return for detection to see every
/// ledger and its companions: names matched case-insensitively by this
/// POSIX regular expression, and every table in these schemas.
const char* candidate_name_pattern();
const std::vector<std::string>& candidate_schemas();

}  // namespace driftwatch::ledgers
