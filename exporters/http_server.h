// A small HTTP/1.1 server on Boost.Beast for /metrics, health and the JSON
// API: GET only, one handler, on the caller's io_context.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace boost::asio {
class io_context;
}

namespace driftwatch::exporters {

struct HttpRequest {
  std::string method;  ///< "GET", "HEAD", ...
  std::string path;    ///< "/api/v1/events", without the query
  std::string query;   ///< "since=12&limit=100", without '?'
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

/// Called on the io_context's thread for each request; must not block long.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

/// The value of `name` in a query string ("since=12&limit=5"), percent-decoded,
/// or nullopt when absent.
std::optional<std::string> query_parameter(std::string_view query, std::string_view name);

class HttpServer {
 public:
  /// Binds and listens on "HOST:PORT" ("127.0.0.1:9762", "[::1]:9762"; port 0
  /// picks a free one). Throws std::runtime_error naming the address when it
  /// cannot bind (in use, bad address, no permission).
  HttpServer(boost::asio::io_context& io, std::string_view listen, HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// The port actually bound.
  [[nodiscard]] unsigned short port() const;

  /// Stops accepting and closes open connections; returns at once.
  void stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace driftwatch::exporters
