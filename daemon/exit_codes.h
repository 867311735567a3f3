// The exit codes of every driftwatch command, stable for scripts and CI.
#pragma once

namespace driftwatch::daemon {

/// Success; for `diff`, the snapshots are equal.
inline constexpr int kExitOk = 0;
/// For `diff`: the snapshots differ.
inline constexpr int kExitDifferent = 1;
/// Any error: bad usage, unreadable input, unreachable database.
inline constexpr int kExitError = 2;

}  // namespace driftwatch::daemon
