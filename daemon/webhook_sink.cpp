// The webhook's delivery loop: in order, with exponential backoff.
#include "daemon/webhook_sink.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <stdexcept>

namespace driftwatch::daemon {
namespace {

constexpr std::size_t kBatch = 100;

std::int64_t parse_cursor(const std::string& text) {
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

}  // namespace

WebhookSink::WebhookSink(config::WebhookSettings settings, StateStore& store)
    : settings_(std::move(settings)), store_(store), cursor_key_("webhook " + settings_.url) {
  auto url = exporters::parse_http_url(settings_.url);
  if (!url) throw std::invalid_argument("webhook url: expected http://HOST[:PORT]/PATH");
  url_ = std::move(*url);
  if (auto stored = store_.setting(cursor_key_)) {
    cursor_ = parse_cursor(*stored);
  } else {
    cursor_ = store_.last_event_id();
    store_.set_setting(cursor_key_, std::to_string(cursor_));
  }
  thread_ = std::thread([this] { run(); });
}

WebhookSink::~WebhookSink() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void WebhookSink::notify() {
  {
    const std::lock_guard lock(mutex_);
    pending_ = true;
  }
  wake_.notify_all();
}

bool WebhookSink::wait(std::chrono::milliseconds timeout, bool wake_on_events) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, timeout,
                 [this, wake_on_events] { return (wake_on_events && pending_) || stopping_; });
  pending_ = false;
  return !stopping_;
}

void WebhookSink::run() {
  auto backoff = std::chrono::milliseconds(1000);
  // Events stored by other writers (accept, check) arrive without notify().
  const auto idle = std::chrono::seconds(10);
  // While the receiver fails, new events do not cut the backoff short.
  for (bool delivered = true; wait(delivered ? idle : backoff, delivered);) {
    // The delivery's error boundary: a store that cannot be read now is
    // retried like a receiver that is down.
    try {
      delivered = deliver_pending();
    } catch (const std::exception& error) {
      spdlog::error("webhook: {}", error.what());
      delivered = false;
    }
    backoff = delivered ? std::chrono::milliseconds(1000)
                        : std::min<std::chrono::milliseconds>(backoff * 2, settings_.max_backoff);
  }
}

bool WebhookSink::deliver_pending() {
  for (;;) {
    const auto events = store_.events_after(cursor_, kBatch);
    if (events.empty()) return true;
    for (const auto& [id, body] : events) {
      const auto result = exporters::post_json(url_, body, settings_.timeout);
      if (!result.delivered) {
        spdlog::warn("webhook {}: event {} not delivered ({}); retrying with backoff",
                     settings_.url, id, result.problem);
        return false;
      }
      cursor_ = id;
      store_.set_setting(cursor_key_, std::to_string(cursor_));
    }
  }
}

}  // namespace driftwatch::daemon
