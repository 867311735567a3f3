// run, check, accept and check-config.
#include "daemon/watch_commands.h"

#include <spdlog/spdlog.h>

#include <iostream>
#include <sstream>
#include <stdexcept>

#include "daemon/api_json.h"
#include "daemon/event_file.h"
#include "daemon/exit_codes.h"
#include "daemon/logging.h"
#include "daemon/state_store.h"
#include "daemon/target_watch.h"
#include "daemon/verdict.h"
#include "daemon/watch_daemon.h"
#include "probes/ledgers/status_report.h"
#include "probes/schema/diff_report.h"

namespace driftwatch::daemon {
namespace {

std::vector<const config::Target*> chosen_targets(const config::Config& config,
                                                  const std::vector<std::string>& names) {
  std::vector<const config::Target*> chosen;
  if (names.empty()) {
    for (const auto& target : config.targets) chosen.push_back(&target);
    return chosen;
  }
  for (const auto& name : names) {
    const auto* target = config.find_target(name);
    if (target == nullptr) {
      throw std::runtime_error(config.path.string() + " has no target \"" + name + "\"");
    }
    chosen.push_back(target);
  }
  return chosen;
}

void append_events_to_file(const config::Config& config, StateStore& store) {
  if (config.daemon.events_file.empty()) return;
  EventFile file(config.daemon.state_dir / config.daemon.events_file, store);
  if (const auto moved = file.catch_up()) {
    spdlog::warn("{}", moved_aside_warning(*moved));
  }
}

void write_check_text(std::ostream& out, const PollReport& report, int code) {
  out << report.target << ": "
      << (code == kExitOk          ? "clean"
          : code == kExitDifferent ? "needs attention"
                                   : "error")
      << '\n';
  if (!report.ok) {
    out << "  poll failed: " << report.error << "\n\n";
    return;
  }
  for (const auto& event : report.events) {
    out << "  event " << event.id << " " << event_type_name(event.type) << ": " << event.message
        << '\n';
  }
  if (report.drift.empty()) {
    out << "  no drift: the schema matches its baseline\n";
  } else {
    out << "  drift: " << report.drift.size()
        << " object(s) differ from the baseline (accept with: driftwatch accept --target "
        << report.target << ")\n";
    std::ostringstream diff;
    schema::write_diff_text(diff, report.drift);
    std::istringstream lines(diff.str());
    for (std::string line; std::getline(lines, line);) out << "    " << line << '\n';
  }
  if (report.ledgers.empty()) {
    out << "  no migration ledger found\n\n";
    return;
  }
  ledgers::StatusReport status;
  status.ledgers = report.ledgers;
  std::ostringstream text;
  ledgers::write_status_text(text, status);
  std::istringstream lines(text.str());
  for (std::string line; std::getline(lines, line);) out << "  " << line << '\n';
  out << '\n';
}

}  // namespace

int run_daemon(const std::string& config_path) {
  auto config = config::load_config(config_path);
  configure_logging(config.log);
  WatchDaemon daemon(std::move(config));
  return daemon.run();
}

int run_check(const CheckOptions& options) {
  const auto config = config::load_config(options.config_path);
  config::LogSettings quiet = config.log;
  quiet.level = "warn";
  configure_logging(quiet);
  std::filesystem::create_directories(config.daemon.state_dir);
  StateStore store(config.daemon.state_dir);
  std::vector<PollReport> reports;
  int worst = kExitOk;
  for (const auto* target : chosen_targets(config, options.targets)) {
    TargetWatch watch(*target, config.daemon, store, TargetWatch::Writer::one_shot);
    reports.push_back(watch.poll_once());
    worst = std::max(worst, check_exit_code(reports.back()));
  }
  append_events_to_file(config, store);
  if (options.format == "json") {
    std::cout << check_json(reports);
  } else {
    for (const auto& report : reports) write_check_text(std::cout, report, check_exit_code(report));
  }
  return worst;
}

int run_accept(const AcceptOptions& options) {
  const auto config = config::load_config(options.config_path);
  const auto* target = config.find_target(options.target);
  if (target == nullptr) {
    throw std::runtime_error(config.path.string() + " has no target \"" + options.target + "\"");
  }
  StateStore store(config.daemon.state_dir);
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto stored = store.load(options.target);
    if (!stored.state.has_baseline) {
      throw std::runtime_error("target " + options.target +
                               " has no baseline yet: nothing to accept");
    }
    auto verdict = accept_drift(stored.state, options.objects, options.reason,
                                std::chrono::system_clock::now(), options.target);
    verdict.event.labels = target->labels;
    std::vector<Event> events{verdict.event};
    if (store.commit_external(options.target, stored.state, verdict.next, events,
                              stored.generation)) {
      append_events_to_file(config, store);
      std::cout << "event " << events.front().id << " accepted: " << events.front().message << '\n';
      return kExitOk;
    }
  }
  throw std::runtime_error("the state of target " + options.target + " kept changing; try again");
}

int run_check_config(const std::string& config_path) {
  const auto config = config::load_config(config_path);
  std::cout << config.path.string() << ": valid; " << config.targets.size() << " target(s)";
  for (const auto& target : config.targets) {
    std::cout << (&target == &config.targets.front() ? ": " : ", ") << target.name;
  }
  std::cout << '\n';
  return kExitOk;
}

}  // namespace driftwatch::daemon
