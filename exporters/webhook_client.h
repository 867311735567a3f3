// POSTs one JSON document to an http:// URL with a time limit: the client
// side of the event webhook. Failures are results, not exceptions.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace driftwatch::exporters {

struct HttpUrl {
  std::string host;
  std::string port = "80";
  std::string target = "/";  ///< path and query
};

/// Reads "http://HOST[:PORT][/PATH]" ("[::1]" for IPv6); nothing otherwise.
std::optional<HttpUrl> parse_http_url(std::string_view url);

struct PostResult {
  bool delivered = false;  ///< the receiver answered 2xx
  std::string problem;     ///< why not, for the log: "connection refused", "HTTP 503"
};

/// One POST with Content-Type application/json. The whole exchange (resolve,
/// connect, write, read) must finish within `timeout`.
PostResult post_json(const HttpUrl& url, std::string_view body, std::chrono::milliseconds timeout);

}  // namespace driftwatch::exporters
