// Writing a command's output: to standard output, or to a file replaced
// atomically so that a reader never sees half a snapshot.
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace driftwatch::daemon {

/// Calls `write` with standard output when `path` is empty or "-"; with the
/// file itself when `path` is a device or pipe (/dev/null); else with a
/// temporary file next to `path` that is flushed, synced and renamed over
/// it. Throws std::runtime_error when the file cannot be written.
void write_output(const std::string& path, const std::function<void(std::ostream&)>& write);

/// The whole content of a file, or of standard input for "-". Throws
/// std::runtime_error naming the file.
std::string read_input(const std::string& path);

}  // namespace driftwatch::daemon
