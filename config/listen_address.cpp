// The HTTP listen address: HOST:PORT, with IPv6 hosts in brackets.
#include <algorithm>
#include <string>

#include "config/sections.h"

namespace driftwatch::config::detail {
namespace {

bool is_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return false;
  if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  return std::stoi(std::string(text)) <= 65535;
}

bool host_chars(std::string_view host, std::string_view extra) {
  return std::all_of(host.begin(), host.end(), [extra](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           extra.find(c) != std::string_view::npos;
  });
}

}  // namespace

std::optional<std::string> listen_address_problem(std::string_view address) {
  std::string_view host;
  std::string_view port;
  if (address.starts_with('[')) {
    const auto close = address.find("]:");
    if (close == std::string_view::npos) return "an IPv6 address is written [ADDRESS]:PORT";
    host = address.substr(1, close - 1);
    port = address.substr(close + 2);
    // A zone ("%eth0") may follow a link-local address.
    if (host.empty() || host.find(':') == std::string_view::npos || !host_chars(host, ":.%")) {
      return "not an IPv6 address between the brackets";
    }
  } else {
    const auto colon = address.rfind(':');
    if (colon == std::string_view::npos) return "no port";
    host = address.substr(0, colon);
    port = address.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      return "an IPv6 address is written in brackets, e.g. [::1]:9762";
    }
    if (host.empty()) return "no host (0.0.0.0 or [::] listens on every interface)";
    if (!host_chars(host, ".-")) return "not a host name or address";
  }
  if (!is_port(port)) return "the port must be a number from 0 to 65535";
  return std::nullopt;
}

}  // namespace driftwatch::config::detail
