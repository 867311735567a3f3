// Telling systemd how the service is doing (sd_notify(3)): ready, status,
// reloading, stopping, and the watchdog's keep-alive. No-ops outside systemd.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace driftwatch::daemon {

void notify_ready(std::string_view status);
void notify_status(std::string_view status);
void notify_reloading();
void notify_stopping();
void notify_watchdog();

/// Half the interval systemd expects keep-alives at, when WatchdogSec= is set.
std::optional<std::chrono::microseconds> watchdog_period();

}  // namespace driftwatch::daemon
