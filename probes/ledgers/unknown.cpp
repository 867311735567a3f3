// A table that looks like a migration ledger by its name but matches no
// tool driftwatch knows: report what can be read, not nothing.
#include "probes/ledgers/reader_support.h"
#include "probes/ledgers/readers.h"

namespace driftwatch::ledgers {

void read_unknown(const LedgerInput& input, LedgerState& state) {
  std::string columns;
  for (const auto& column : input.table.columns) {
    if (!columns.empty()) columns += ", ";
    columns += column.name + " " + column.type;
  }
  state.health = Health::unknown;
  state.confidence = "likely";
  state.notes.push_back("columns: " + columns);
  state.notes.push_back(count_of(input.rows.size(), "row", "rows"));
  if (input.rows.size() > 0 && !input.rows.columns.empty()) {
    // The first column is usually the identity; show the newest value.
    const auto order = rows_ordered_by(input.rows, input.rows.columns.front());
    state.notes.push_back(
        "greatest " + input.rows.columns.front() + ": " +
        input.rows.get(order.back(), input.rows.columns.front()).value_or("NULL"));
  }
  state.explanation =
      "This table looks like a migration ledger by its name, but its columns match no migration "
      "tool driftwatch knows, so its state cannot be judged.";
  state.next_step =
      "If a tool driftwatch knows wrote it under a custom name, say so with --ledger "
      "FRAMEWORK=" +
      state.schema + "." + state.table + "; if it is no ledger, ignore this entry.";
}

}  // namespace driftwatch::ledgers
