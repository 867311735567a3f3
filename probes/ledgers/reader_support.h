// Small pieces shared by the ledger readers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "probes/ledgers/catalog_tables.h"
#include "probes/ledgers/ledger_state.h"

namespace driftwatch::ledgers {

/// Row indices sorted by a column: numerically when every value is an
/// integer, else as text; NULLs first. Stable for equal values.
std::vector<std::size_t> rows_ordered_by(const Rows& rows, std::string_view column);

/// The same, with rows equal in `column` ordered by `then_by`.
std::vector<std::size_t> rows_ordered_by(const Rows& rows, std::string_view column,
                                         std::string_view then_by);

/// The value at (row, column) as an integer; nothing for NULL, a missing
/// column or text that is not an integer.
std::optional<long long> integer_at(const Rows& rows, std::size_t row, std::string_view column);

/// Marks the ledger healthy, with an explanation that counts what was
/// applied and names the latest (e.g. "12 migrations applied; the latest is
/// 0012_add_phone, applied 2024-05-01 10:00:00+00.").
void set_healthy(LedgerState& state);

/// "1 migration" / "3 migrations".
std::string count_of(std::size_t n, std::string_view singular, std::string_view plural);

/// Sets the lock from a tool's advisory lock key when some session holds it.
/// Returns true when it is held.
bool note_advisory_lock(const LedgerInput& input, long long key, LedgerState& state);

/// The sentence driftwatch adds wherever people reach for a reset.
extern const char* const kNoReset;

}  // namespace driftwatch::ledgers
