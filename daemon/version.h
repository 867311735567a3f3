// The version driftwatch reports (--version, and later build_info).
#pragma once

namespace driftwatch::daemon {

inline constexpr const char* kVersion = DRIFTWATCH_VERSION;

}  // namespace driftwatch::daemon
