// The [daemon], [http], [webhook] and [log] tables.
#include <algorithm>
#include <array>
#include <limits>

#include "config/sections.h"

namespace driftwatch::config::detail {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

template <typename T>
void set_if(std::optional<T> value, T& target) {
  if (value) target = std::move(*value);
}

}  // namespace

void read_daemon(const TableReader& reader, DaemonSettings& daemon) {
  reader.reject_unknown_keys({"state_dir", "interval", "jitter", "concurrency", "poll_timeout",
                              "statement_timeout", "lock_timeout", "connect_timeout",
                              "shutdown_timeout", "full_check_every", "catalog_read",
                              "events_file"});
  if (auto dir = reader.non_empty_string("state_dir")) daemon.state_dir = *dir;
  set_if(reader.duration("interval", seconds(1)), daemon.interval);
  set_if(reader.fraction("jitter"), daemon.jitter);
  if (auto n = reader.integer("concurrency", 1, 64)) daemon.concurrency = static_cast<int>(*n);
  set_if(reader.duration("poll_timeout", seconds(1)), daemon.poll_timeout);
  // Below 100ms a catalog query on a busy server times out before it starts.
  set_if(reader.duration("statement_timeout", milliseconds(100)), daemon.statement_timeout);
  // PostgreSQL reads lock_timeout = 0 as "wait forever", which is what it is there to prevent.
  set_if(reader.duration("lock_timeout", milliseconds(1)), daemon.lock_timeout);
  // libpq counts connect_timeout in whole seconds; 0 there means forever as well.
  set_if(reader.duration("connect_timeout", seconds(1)), daemon.connect_timeout);
  set_if(reader.duration("shutdown_timeout", milliseconds(0)), daemon.shutdown_timeout);
  if (auto n = reader.integer("full_check_every", 1, std::numeric_limits<int>::max())) {
    daemon.full_check_every = static_cast<int>(*n);
  }
  if (auto mode = reader.string("catalog_read")) {
    if (*mode != "partial" && *mode != "whole") {
      reader.fail(*reader.find("catalog_read"), "catalog_read",
                  "expected \"partial\" or \"whole\", got \"" + *mode + "\"");
    }
    daemon.partial_reads = *mode == "partial";
  }
  set_if(reader.string("events_file"), daemon.events_file);
}

void read_http(const TableReader& reader, HttpSettings& http) {
  reader.reject_unknown_keys({"listen"});
  auto listen = reader.string("listen");
  if (!listen) return;
  if (auto problem = listen->empty() ? std::nullopt : listen_address_problem(*listen)) {
    reader.fail(*reader.find("listen"), "listen",
                "expected HOST:PORT such as \"127.0.0.1:9762\" or \"[::1]:9762\", or \"\" to "
                "disable, got \"" +
                    *listen + "\": " + *problem);
  }
  http.listen = *listen;
}

void read_webhook(const TableReader& reader, WebhookSettings& webhook) {
  reader.reject_unknown_keys({"url", "timeout", "max_backoff"});
  if (auto url = reader.string("url")) {
    // Plain HTTP only: events go to a receiver on the same host or network
    // (an agent, a relay), not straight across the internet.
    if (!url->empty() && (url->rfind("http://", 0) != 0 || url->size() == 7)) {
      reader.fail(*reader.find("url"), "url",
                  "expected http://HOST[:PORT]/PATH (https is not supported: post to a local "
                  "relay), got \"" +
                      *url + "\"");
    }
    webhook.url = *url;
  }
  set_if(reader.duration("timeout", milliseconds(100)), webhook.timeout);
  set_if(reader.duration("max_backoff", seconds(1)), webhook.max_backoff);
}

void read_log(const TableReader& reader, LogSettings& log) {
  reader.reject_unknown_keys({"level", "format"});
  if (auto level = reader.string("level")) {
    constexpr std::array<std::string_view, 5> kLevels{"trace", "debug", "info", "warn", "error"};
    if (std::find(kLevels.begin(), kLevels.end(), *level) == kLevels.end()) {
      reader.fail(*reader.find("level"), "level",
                  "unknown level \"" + *level + "\" (expected trace, debug, info, warn or error)");
    }
    log.level = *level;
  }
  if (auto format = reader.string("format")) {
    if (*format == "text") {
      log.format = LogFormat::text;
    } else if (*format == "json") {
      log.format = LogFormat::json;
    } else {
      reader.fail(*reader.find("format"), "format",
                  "unknown format \"" + *format + "\" (expected text or json)");
    }
  }
}

}  // namespace driftwatch::config::detail
