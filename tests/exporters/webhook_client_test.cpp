// Tests the webhook client: URL parsing, and failures reported as results
// (refused, a non-2xx answer, no answer in time) against real sockets.
#include "exporters/webhook_client.h"

#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <thread>

#include "exporters/http_server.h"

namespace exporters = driftwatch::exporters;

TEST_CASE("webhook URLs") {
  const auto plain = exporters::parse_http_url("http://hooks.internal/drift?x=1");
  REQUIRE(plain);
  CHECK(plain->host == "hooks.internal");
  CHECK(plain->port == "80");
  CHECK(plain->target == "/drift?x=1");
  const auto with_port = exporters::parse_http_url("http://127.0.0.1:8080");
  REQUIRE(with_port);
  CHECK(with_port->port == "8080");
  CHECK(with_port->target == "/");
  const auto v6 = exporters::parse_http_url("http://[::1]:9000/e");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->port == "9000");
  CHECK_FALSE(exporters::parse_http_url("https://example.com/"));
  CHECK_FALSE(exporters::parse_http_url("http://"));
  CHECK_FALSE(exporters::parse_http_url("http://host:port/"));
  CHECK_FALSE(exporters::parse_http_url("http://[::1/"));
}

TEST_CASE("a refused connection is a result, not an exception") {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor probe(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const auto port = std::to_string(probe.local_endpoint().port());
  probe.close();
  const auto result = exporters::post_json({"127.0.0.1", port, "/"}, "{}", std::chrono::seconds(5));
  CHECK_FALSE(result.delivered);
  CHECK_THAT(result.problem, Catch::Contains("cannot connect"));
}

TEST_CASE("a non-2xx answer is not a delivery") {
  boost::asio::io_context io;
  exporters::HttpServer server(io, "127.0.0.1:0", [](const exporters::HttpRequest&) {
    return exporters::HttpResponse{200, "text/plain", "ok"};
  });
  std::thread thread([&io] { io.run(); });
  // The server answers GET and HEAD only: a POST gets 405.
  const auto result = exporters::post_json({"127.0.0.1", std::to_string(server.port()), "/"}, "{}",
                                           std::chrono::seconds(5));
  boost::asio::post(io, [&server] { server.stop(); });
  thread.join();
  CHECK_FALSE(result.delivered);
  CHECK(result.problem == "HTTP 405");
}

TEST_CASE("a receiver that never answers runs into the time limit") {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor silent(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const auto port = std::to_string(silent.local_endpoint().port());
  // Connections queue in the backlog and are never read.
  const auto result =
      exporters::post_json({"127.0.0.1", port, "/"}, "{}", std::chrono::milliseconds(300));
  CHECK_FALSE(result.delivered);
  CHECK_THAT(result.problem, Catch::Contains("no answer within 300 ms"));
}
