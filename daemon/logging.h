// The daemon's log: spdlog to stderr, as text (with journald priority
// prefixes when stderr is the journal) or as one JSON object per line.
#pragma once

#include <string_view>

#include "config/config.h"

namespace driftwatch::daemon {

/// Sets up the default logger. Safe to call again on reload.
void configure_logging(const config::LogSettings& settings);

}  // namespace driftwatch::daemon
