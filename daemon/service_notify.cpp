// sd_notify(3) messages.
#include "daemon/service_notify.h"

#include <systemd/sd-daemon.h>

#include <string>

namespace driftwatch::daemon {
namespace {

void send(const std::string& message) {
  // Failures cannot be acted on: systemd is gone or never was.
  (void)sd_notify(0, message.c_str());
}

std::string status_line(std::string_view status) {
  std::string line = "STATUS=";
  for (const char c : status) line += c == '\n' ? ' ' : c;
  return line;
}

}  // namespace

void notify_ready(std::string_view status) { send("READY=1\n" + status_line(status)); }

void notify_status(std::string_view status) { send(status_line(status)); }

void notify_reloading() { send("RELOADING=1"); }

void notify_stopping() { send("STOPPING=1"); }

void notify_watchdog() { send("WATCHDOG=1"); }

std::optional<std::chrono::microseconds> watchdog_period() {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec / 2);
}

}  // namespace driftwatch::daemon
