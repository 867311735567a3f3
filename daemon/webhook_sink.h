// Delivers stored events to the configured webhook, in order, from a thread
// of its own: a receiver that is down gets every event later, once it is back.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "config/config.h"
#include "daemon/state_store.h"
#include "exporters/webhook_client.h"

namespace driftwatch::daemon {

class WebhookSink {
 public:
  /// Starts delivering. A URL seen for the first time starts after the
  /// events already stored; its position is then kept in the state store.
  /// Throws std::invalid_argument for a URL that is not http://HOST[:PORT]/PATH.
  WebhookSink(config::WebhookSettings settings, StateStore& store);
  ~WebhookSink();
  WebhookSink(const WebhookSink&) = delete;
  WebhookSink& operator=(const WebhookSink&) = delete;

  /// New events were stored.
  void notify();

 private:
  void run();
  /// Delivers what is pending; returns false when the receiver failed.
  bool deliver_pending();
  /// Waits for the timeout, the end, or (when asked) notify(); returns
  /// false at the end.
  bool wait(std::chrono::milliseconds timeout, bool wake_on_events);

  config::WebhookSettings settings_;
  exporters::HttpUrl url_;
  StateStore& store_;
  std::string cursor_key_;
  std::int64_t cursor_ = 0;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = true;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace driftwatch::daemon
