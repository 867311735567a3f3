// The daemon's event loop: timers, the worker pool, signals, HTTP, systemd.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp misses it under C++20

#include "daemon/watch_daemon.h"
#include "daemon/webhook_sink.h"

#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <csignal>
#include <cstdlib>
#include <map>
#include <random>

#include "daemon/event_file.h"
#include "daemon/http_routes.h"
#include "daemon/instance_lock.h"
#include "daemon/logging.h"
#include "daemon/poll_sample.h"
#include "daemon/service_notify.h"
#include "daemon/target_watch.h"
#include "daemon/version.h"
#include "exporters/http_server.h"
#include "exporters/metrics.h"

namespace driftwatch::daemon {
namespace {

using SteadyClock = std::chrono::steady_clock;
namespace asio = boost::asio;

std::string catalog_read_text(const PollReport& report) {
  if (!report.read_catalog) return "catalog unchanged";
  if (!report.relations_reread) return "catalog read whole";
  return "catalog read in part (" + std::to_string(*report.relations_reread) + " relations)";
}

// One target's schedule. Owned by shared_ptr so that a poll finishing after
// a reload replaced its target still has it.
struct Scheduled {
  Scheduled(asio::io_context& io, std::shared_ptr<TargetWatch> w, config::Duration every)
      : watch(std::move(w)), timer(io), deadline(io), interval(every) {}
  std::shared_ptr<TargetWatch> watch;
  asio::steady_timer timer;
  asio::steady_timer deadline;  ///< cancels a poll that runs past poll_timeout
  config::Duration interval;
  SteadyClock::time_point next_due;
  bool in_flight = false;
  bool retired = false;  ///< replaced by a reload; forgotten when its poll ends
  int failures = 0;
  std::shared_ptr<Scheduled> predecessor;  ///< a retired one still polling this target
};

std::string log_line(const Event& event) {
  return "event " + std::to_string(event.id) + " " + std::string(event_type_name(event.type)) +
         " target=" + event.target + ": " + event.message;
}

void warn_if_moved(const std::optional<std::filesystem::path>& moved) {
  if (!moved) return;
  spdlog::warn("{}", moved_aside_warning(*moved));
}

spdlog::level::level_enum event_level(EventType type) {
  switch (type) {
    case EventType::drift_detected:
    case EventType::ledger_failed:
    case EventType::migration_will_fail:
    case EventType::target_down:
    case EventType::target_identity_changed: return spdlog::level::warn;
    default: return spdlog::level::info;
  }
}

}  // namespace

struct WatchDaemon::Impl {
  config::Config config;
  InstanceLock instance_lock;
  asio::io_context io;
  asio::thread_pool pool;
  StateStore store;
  std::unique_ptr<EventFile> event_file;
  std::unique_ptr<WebhookSink> webhook;
  std::mutex event_file_mutex;
  exporters::Metrics metrics{kVersion};
  std::unique_ptr<exporters::HttpServer> http;
  asio::signal_set signals{io, SIGTERM, SIGINT, SIGHUP};
  asio::steady_timer shutdown_timer{io};
  asio::steady_timer watchdog_timer{io};
  std::map<std::string, std::shared_ptr<Scheduled>> targets;
  std::vector<std::shared_ptr<Scheduled>> retired;
  std::mt19937_64 random{std::random_device{}()};
  bool stopping = false;
  bool was_ready = false;

  explicit Impl(config::Config loaded)
      : config(std::move(loaded)),
        instance_lock(prepare_state_dir(config.daemon.state_dir)),
        pool(static_cast<std::size_t>(config.daemon.concurrency)),
        store(config.daemon.state_dir) {
    if (!config.daemon.events_file.empty()) {
      event_file =
          std::make_unique<EventFile>(config.daemon.state_dir / config.daemon.events_file, store);
      // Events stored before a crash, not yet in the file.
      warn_if_moved(event_file->catch_up());
    }
    if (!config.webhook.url.empty()) webhook = std::make_unique<WebhookSink>(config.webhook, store);
    if (!config.http.listen.empty()) {
      ApiSources sources;
      sources.metrics = [this] { return metrics.serialize(); };
      sources.targets = [this] { return statuses(); };
      sources.ready = [this] { return ready(); };
      sources.store = &store;
      http = std::make_unique<exporters::HttpServer>(
          io, config.http.listen,
          [sources](const exporters::HttpRequest& request) { return route(request, sources); });
    }
  }

  static const std::filesystem::path& prepare_state_dir(const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    return dir;
  }

  std::vector<TargetStatus> statuses() const {
    std::vector<TargetStatus> out;
    for (const auto& [name, scheduled] : targets) out.push_back(scheduled->watch->status());
    return out;
  }

  // Ready once every target has been polled once; it stays so (a reload
  // adding a target does not make the daemon unready) until it stops.
  bool ready() {
    if (stopping) return false;
    if (was_ready) return true;
    for (const auto& [name, scheduled] : targets) {
      if (!scheduled->watch->health().polled) return false;
    }
    was_ready = true;
    return true;
  }

  std::string status_line() const {
    std::size_t drifted = 0;
    std::size_t down = 0;
    for (const auto& [name, scheduled] : targets) {
      const auto health = scheduled->watch->health();
      if (health.drifted) ++drifted;
      if (health.polled && !health.up) ++down;
    }
    return "watching " + std::to_string(targets.size()) + " targets: " + std::to_string(drifted) +
           " with drift, " + std::to_string(down) + " down";
  }

  void add_targets() {
    for (const auto& target : config.targets) {
      auto watch = std::make_shared<TargetWatch>(target, config.daemon, store);
      auto scheduled = std::make_shared<Scheduled>(io, std::move(watch), target.interval);
      for (const auto& old : retired) {
        if (old->watch->target().name == target.name) scheduled->predecessor = old;
      }
      // Spread the first polls so that many targets do not all start at once.
      const auto spread =
          std::chrono::duration_cast<SteadyClock::duration>(target.interval * config.daemon.jitter);
      std::uniform_int_distribution<SteadyClock::rep> pick(
          0, std::max<SteadyClock::rep>(0, spread.count()));
      scheduled->next_due = SteadyClock::now() + SteadyClock::duration(pick(random));
      metrics.add_target(target.name);
      targets.emplace(target.name, scheduled);
      arm(scheduled);
    }
  }

  void arm(const std::shared_ptr<Scheduled>& scheduled) {
    scheduled->timer.expires_at(scheduled->next_due);
    scheduled->timer.async_wait([this, scheduled](const boost::system::error_code& error) {
      if (error || stopping || scheduled->retired) return;
      if (scheduled->predecessor && scheduled->predecessor->in_flight) {
        // The same target's old poll is still writing its state.
        scheduled->next_due = SteadyClock::now() + std::chrono::milliseconds(200);
        arm(scheduled);
        return;
      }
      scheduled->predecessor.reset();
      start_poll(scheduled);
    });
  }

  void start_poll(const std::shared_ptr<Scheduled>& scheduled) {
    scheduled->in_flight = true;
    scheduled->deadline.expires_after(config.daemon.poll_timeout);
    scheduled->deadline.async_wait([scheduled](const boost::system::error_code& error) {
      if (error || !scheduled->in_flight) return;
      spdlog::warn("target {}: poll still running after its time limit; cancelling it",
                   scheduled->watch->target().name);
      scheduled->watch->cancel();
    });
    asio::post(pool, [this, scheduled] {
      auto report = scheduled->watch->poll_once();
      std::string file_error = append_event_file();
      asio::post(io, [this, scheduled, report = std::move(report),
                      file_error = std::move(file_error)]() mutable {
        finish_poll(scheduled, std::move(report), file_error);
      });
    });
  }

  // Runs on a worker. The events are already stored: a file that cannot be
  // written now gets them at the next successful append.
  std::string append_event_file() {
    if (!event_file) return {};
    const std::lock_guard lock(event_file_mutex);
    try {
      warn_if_moved(event_file->catch_up());
    } catch (const std::exception& error) {  // part of the poll's error boundary
      return error.what();
    }
    return {};
  }

  void finish_poll(const std::shared_ptr<Scheduled>& scheduled, PollReport report,
                   const std::string& file_error) {
    scheduled->in_flight = false;
    scheduled->deadline.cancel();
    const auto& name = scheduled->watch->target().name;
    for (const auto& event : report.events) {
      spdlog::log(event_level(event.type), "{}", log_line(event));
    }
    if (!file_error.empty()) spdlog::error("event file: {}", file_error);
    if (webhook && !report.events.empty()) webhook->notify();
    if (!scheduled->retired) {
      metrics.record_poll(to_sample(report, std::chrono::system_clock::now()));
    }
    const auto now = SteadyClock::now();
    if (report.ok) {
      spdlog::debug("target {}: polled in {:.3f}s, {}", name, report.elapsed.count(),
                    catalog_read_text(report));
      scheduled->failures = 0;
      // Drift-free: the next poll is due one interval after the last due
      // time, skipping slots a slow poll overran, not one after it ended.
      do {
        scheduled->next_due += scheduled->interval;
      } while (scheduled->next_due <= now);
    } else {
      ++scheduled->failures;
      const auto backoff = retry_delay(scheduled->failures, scheduled->interval);
      spdlog::warn("target {}: poll failed ({}): {}; next try in {:.1f}s", name,
                   report.error_reason, report.error,
                   std::chrono::duration<double>(backoff).count());
      scheduled->next_due = now + backoff;
    }
    if (scheduled->retired) {
      std::erase(retired, scheduled);
    } else if (!stopping) {
      arm(scheduled);
    }
    (void)ready();  // latches readiness once every target has been polled
    notify_status(status_line());
    if (stopping) finish_if_idle();
  }

  // Exponential backoff with jitter: 1 s, 2 s, 4 s, ... up to the interval.
  SteadyClock::duration retry_delay(int failures, config::Duration interval) {
    const auto cap = std::chrono::duration_cast<SteadyClock::duration>(interval);
    const SteadyClock::duration delay = std::min<SteadyClock::duration>(
        std::chrono::seconds(1) * (1L << std::min(failures - 1, 20)), cap);
    std::uniform_real_distribution<double> spread(0.5, 1.0);
    return std::chrono::duration_cast<SteadyClock::duration>(delay * spread(random));
  }

  std::size_t in_flight() const {
    std::size_t count = retired.size();
    for (const auto& [name, scheduled] : targets) count += scheduled->in_flight ? 1 : 0;
    return count;
  }

  void wait_for_signals() {
    signals.async_wait([this](const boost::system::error_code& error, int signal) {
      if (error) return;
      if (signal == SIGHUP) {
        reload();
      } else {
        begin_shutdown(signal);
      }
      if (!stopping) wait_for_signals();
    });
  }

  void begin_shutdown(int signal) {
    spdlog::info("{} received: stopping; {} polls in flight",
                 signal == SIGINT ? "SIGINT" : "SIGTERM", in_flight());
    notify_stopping();
    stopping = true;
    for (auto& [name, scheduled] : targets) scheduled->timer.cancel();
    watchdog_timer.cancel();
    shutdown_timer.expires_after(config.daemon.shutdown_timeout);
    shutdown_timer.async_wait([this](const boost::system::error_code& error) {
      if (error) return;
      spdlog::warn("shutdown: cancelling {} polls still running", in_flight());
      for (auto& [name, scheduled] : targets) {
        if (scheduled->in_flight) scheduled->watch->cancel();
      }
      for (auto& scheduled : retired) scheduled->watch->cancel();
      shutdown_timer.expires_after(config.daemon.shutdown_timeout);
      shutdown_timer.async_wait([this](const boost::system::error_code& again) {
        if (again) return;
        // A poll stuck in the network. Its state writes are transactions:
        // leaving now loses nothing that was stored.
        spdlog::error("shutdown: {} polls did not stop; exiting without them", in_flight());
        spdlog::default_logger()->flush();
        std::_Exit(0);
      });
    });
    finish_if_idle();
  }

  void finish_if_idle() {
    if (in_flight() > 0) return;
    shutdown_timer.cancel();
    signals.cancel();
    if (http) http->stop();
    io.stop();
  }

  void reload() {
    notify_reloading();
    spdlog::info("SIGHUP received: reloading {}", config.path.string());
    config::Config next;
    try {
      next = config::load_config(config.path);
    } catch (const config::ConfigError& error) {  // a start-up of the new configuration
      spdlog::error("reload failed, keeping the running configuration: {}", error.what());
      notify_ready(status_line());
      return;
    }
    if (next.http.listen != config.http.listen) {
      spdlog::warn("http.listen changed; the new address takes effect at the next restart");
      next.http.listen = config.http.listen;
    }
    if (next.webhook.url != config.webhook.url || next.webhook.timeout != config.webhook.timeout ||
        next.webhook.max_backoff != config.webhook.max_backoff) {
      spdlog::warn("[webhook] changes take effect at the next restart");
      next.webhook = config.webhook;
    }
    if (next.daemon.state_dir != config.daemon.state_dir ||
        next.daemon.events_file != config.daemon.events_file ||
        next.daemon.concurrency != config.daemon.concurrency) {
      spdlog::warn("state_dir, events_file and concurrency take effect at the next restart");
      next.daemon.state_dir = config.daemon.state_dir;
      next.daemon.events_file = config.daemon.events_file;
      next.daemon.concurrency = config.daemon.concurrency;
    }
    configure_logging(next.log);
    std::map<std::string, TargetStatus> known;
    for (auto& [name, scheduled] : targets) {
      known.emplace(name, scheduled->watch->status());
      scheduled->timer.cancel();
      scheduled->retired = true;
      if (scheduled->in_flight) retired.push_back(scheduled);
      if (next.find_target(name) == nullptr) metrics.remove_target(name);
    }
    targets.clear();
    config = std::move(next);
    add_targets();
    for (auto& [name, scheduled] : targets) {
      if (auto it = known.find(name); it != known.end()) {
        scheduled->watch->inherit_status(it->second);
      }
    }
    spdlog::info("reloaded: {} targets", targets.size());
    notify_ready(status_line());
  }

  void keep_watchdog_fed(std::chrono::microseconds period) {
    notify_watchdog();
    watchdog_timer.expires_after(period);
    watchdog_timer.async_wait([this, period](const boost::system::error_code& error) {
      if (!error) keep_watchdog_fed(period);
    });
  }
};

WatchDaemon::WatchDaemon(config::Config config)
    : impl_(std::make_unique<Impl>(std::move(config))) {}

WatchDaemon::~WatchDaemon() { impl_->pool.join(); }

int WatchDaemon::run() {
  auto& impl = *impl_;
  impl.wait_for_signals();
  impl.add_targets();
  if (auto period = watchdog_period()) impl.keep_watchdog_fed(*period);
  spdlog::info("driftwatch {} started: {} targets, state in {}{}", kVersion, impl.targets.size(),
               impl.config.daemon.state_dir.string(),
               impl.http ? ", HTTP on " + impl.config.http.listen : std::string());
  notify_ready(impl.status_line());
  impl.io.run();
  impl.pool.join();
  spdlog::info("stopped");
  return 0;
}

}  // namespace driftwatch::daemon
