// Turns a poll report into the metrics' plain sample.
#pragma once

#include <optional>
#include <string_view>

#include "daemon/target_watch.h"
#include "exporters/metrics.h"

namespace driftwatch::daemon {

exporters::PollSample to_sample(const PollReport& report, TimePoint now);

/// Seconds since a ledger's lock time ("2026-11-24 07:00:00[.fff][+00]"), read
/// as UTC when it has no offset; nothing when the text is not such a time.
std::optional<double> seconds_since(std::string_view timestamp, TimePoint now);

}  // namespace driftwatch::daemon
