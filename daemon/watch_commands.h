// The commands that work from the configuration file: run, check, accept
// and check-config.
#pragma once

#include <string>
#include <vector>

namespace driftwatch::daemon {

/// Where `cmake --install` puts the example configuration: /etc/driftwatch/
/// for the prefix /usr (the package), /usr/local/etc/driftwatch/ for the
/// default prefix, so that a build finds its own file without -c.
inline constexpr const char* kDefaultConfig = DRIFTWATCH_DEFAULT_CONFIG;

/// `driftwatch run`: the daemon. Returns when stopped by SIGTERM or SIGINT.
int run_daemon(const std::string& config_path);

struct CheckOptions {
  std::string config_path = kDefaultConfig;
  std::vector<std::string> targets;  ///< empty: all
  std::string format = "text";
};

/// `driftwatch check`: one poll of each target, with the daemon's state and
/// verdicts. 0 clean, 1 drift or a ledger needing attention, 2 a poll failed.
int run_check(const CheckOptions& options);

struct AcceptOptions {
  std::string config_path = kDefaultConfig;
  std::string target;
  std::vector<std::string> objects;  ///< empty: all drift of the target
  std::string reason;
};

/// `driftwatch accept`: makes drifted objects part of the baseline.
int run_accept(const AcceptOptions& options);

/// `driftwatch check-config`: validates without connecting; 0 valid, 2 not.
int run_check_config(const std::string& config_path);

}  // namespace driftwatch::daemon
