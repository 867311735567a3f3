// The exit codes of every driftwatch command, stable for scripts and CI.
#pragma once

namespace driftwatch::daemon {

/// Success; for `diff`, the snapshots are equal; for `status` and `check`,
/// all clean.
inline constexpr int kExitOk = 0;
/// `diff`: the snapshots differ; `status`: a ledger needs attention;
/// `check`: drift, or a ledger needing attention.
inline constexpr int kExitDifferent = 1;
/// Any error: bad usage, unreadable input, an unreachable database; for
/// `check`, a poll that failed.
inline constexpr int kExitError = 2;

}  // namespace driftwatch::daemon
