// Golden-file checks: compare an output with tests/data/golden/NAME, or
// rewrite the file when DRIFTWATCH_UPDATE_GOLDEN=1 (then review the diff).
#pragma once

#include <string>

namespace driftwatch::test {

/// The path of a file under tests/data.
std::string data_path(const std::string& relative);

/// The content of a file under tests/data; fails the test if unreadable.
std::string read_data(const std::string& relative);

/// Checks `actual` against golden/NAME (a Catch2 CHECK).
void check_golden(const std::string& name, const std::string& actual);

}  // namespace driftwatch::test
