// Tests the HTTP server over a real socket on 127.0.0.1, and query_parameter.
#include "exporters/http_server.h"

#include <catch2/catch.hpp>

// Before any Asio header (Boost 1.74's asio/awaitable.hpp needs it in C++20).
#include <utility>

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/beast/http/write.hpp>

using driftwatch::exporters::HttpHandler;
using driftwatch::exporters::HttpRequest;
using driftwatch::exporters::HttpResponse;
using driftwatch::exporters::HttpServer;
using driftwatch::exporters::query_parameter;

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using beast::error_code;
using Response = http::response<http::string_body>;

// Only so that a broken server fails the test instead of hanging it; no
// assertion depends on it.
constexpr std::chrono::seconds kClientTimeout{10};

HttpResponse echo(const HttpRequest& request) {
  if (request.path == "/boom") throw std::runtime_error("handler bug");
  if (request.path == "/json") return HttpResponse{200, "application/json", "{\"ok\":true}"};
  if (request.path == "/missing") return HttpResponse{404, "text/plain; charset=utf-8", "no\n"};
  return HttpResponse{200, "text/plain; charset=utf-8",
                      request.method + " " + request.path + " [" + request.query + "]"};
}

// A server whose io_context runs on its own thread, as in the daemon. The
// server is stopped on that thread and the thread joined before anything is
// destroyed.
class RunningServer {
 public:
  explicit RunningServer(HttpHandler handler = echo)
      : server_(io_, "127.0.0.1:0", std::move(handler)), thread_([this] { io_.run(); }) {}
  ~RunningServer() { stop(); }
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;

  [[nodiscard]] unsigned short port() const { return server_.port(); }

  // Returns once the io thread has finished, which it does only when the
  // server has no accept and no session left.
  void stop() {
    if (!thread_.joinable()) return;
    asio::post(io_, [this] { server_.stop(); });
    thread_.join();
  }

 private:
  asio::io_context io_;
  HttpServer server_;
  std::thread thread_;
};

// A blocking-style client on its own io_context; every operation has a
// deadline, so a misbehaving server cannot hang the test run.
class Client {
 public:
  error_code connect(unsigned short port) {
    error_code result;
    stream_.expires_after(kClientTimeout);
    stream_.async_connect(tcp::endpoint(asio::ip::make_address_v4("127.0.0.1"), port),
                          [&result](error_code ec) { result = ec; });
    run();
    return result;
  }

  error_code write_raw(const std::string& data) {
    error_code result;
    stream_.expires_after(kClientTimeout);
    asio::async_write(stream_, asio::buffer(data),
                      [&result](error_code ec, std::size_t) { result = ec; });
    run();
    return result;
  }

  error_code send(http::verb verb, const std::string& target) {
    http::request<http::string_body> request{verb, target, 11};
    request.set(http::field::host, "127.0.0.1");
    error_code result;
    stream_.expires_after(kClientTimeout);
    http::async_write(stream_, request, [&result](error_code ec, std::size_t) { result = ec; });
    run();
    return result;
  }

  // HEAD responses announce a Content-Length but carry no body: the parser
  // must be told so, or it would wait for the body.
  error_code receive(Response& response, bool head = false) {
    http::response_parser<http::string_body> parser;
    parser.skip(head);
    error_code result;
    stream_.expires_after(kClientTimeout);
    http::async_read(stream_, buffer_, parser,
                     [&result](error_code ec, std::size_t) { result = ec; });
    run();
    if (!result) response = parser.release();
    return result;
  }

  Response request(http::verb verb, const std::string& target) {
    REQUIRE_FALSE(send(verb, target));
    Response response;
    const error_code ec = receive(response, verb == http::verb::head);
    INFO(ec.message());
    REQUIRE_FALSE(ec);
    return response;
  }

 private:
  void run() {
    io_.restart();
    io_.run();
  }

  asio::io_context io_;
  beast::tcp_stream stream_{io_};
  beast::flat_buffer buffer_;
};

std::string header(const Response& response, http::field field) {
  return std::string(response[field]);
}

// Whether the server closed the connection: an end of stream, or a reset when
// it closed with bytes unread. A timeout means it did not.
bool closed_by_server(Client& client) {
  Response response;
  const error_code ec = client.receive(response);
  return ec == http::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset;
}

}  // namespace

TEST_CASE("GET answers with the handler's status, body and content type") {
  RunningServer server;
  Client client;
  REQUIRE_FALSE(client.connect(server.port()));

  const Response json = client.request(http::verb::get, "/json");
  CHECK(json.result_int() == 200);
  CHECK(json.body() == "{\"ok\":true}");
  CHECK(header(json, http::field::content_type) == "application/json");
  CHECK(header(json, http::field::content_length) == "11");
  CHECK(header(json, http::field::cache_control) == "no-store");

  const Response missing = client.request(http::verb::get, "/missing");
  CHECK(missing.result_int() == 404);
  CHECK(missing.body() == "no\n");
}

TEST_CASE("the handler gets the method, the path and the query apart") {
  RunningServer server;
  Client client;
  REQUIRE_FALSE(client.connect(server.port()));

  CHECK(client.request(http::verb::get, "/api/v1/events?since=12&limit=5").body() ==
        "GET /api/v1/events [since=12&limit=5]");
  CHECK(client.request(http::verb::get, "/metrics").body() == "GET /metrics []");
  CHECK(client.request(http::verb::get, "/a?").body() == "GET /a []");
  CHECK(client.request(http::verb::get, "/a?b?c").body() == "GET /a [b?c]");
}

TEST_CASE("HEAD has the headers of GET and no body") {
  RunningServer server;
  Client client;
  REQUIRE_FALSE(client.connect(server.port()));

  const Response head = client.request(http::verb::head, "/json");
  CHECK(head.result_int() == 200);
  CHECK(head.body().empty());
  CHECK(header(head, http::field::content_length) == "11");
  CHECK(header(head, http::field::content_type) == "application/json");

  // Had any body bytes followed the HEAD response, this one would not parse.
  const Response get = client.request(http::verb::get, "/json");
  CHECK(get.result_int() == 200);
  CHECK(get.body() == "{\"ok\":true}");
}

TEST_CASE("methods other than GET and HEAD get 405 with Allow") {
  RunningServer server;
  Client client;
  REQUIRE_FALSE(client.connect(server.port()));

  for (const auto verb : {http::verb::post, http::verb::put, http::verb::delete_}) {
    const Response response = client.request(verb, "/json");
    CHECK(response.result_int() == 405);
    CHECK(header(response, http::field::allow) == "GET, HEAD");
    CHECK(header(response, http::field::cache_control) == "no-store");
  }
  // No body came with those requests, so the connection is still usable.
  CHECK(client.request(http::verb::get, "/json").result_int() == 200);
}

TEST_CASE("a request with a body is answered and its connection closed") {
  RunningServer server;
  Client client;
  REQUIRE_FALSE(client.connect(server.port()));

  REQUIRE_FALSE(
      client.write_raw("POST /json HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"));
  Response response;
  REQUIRE_FALSE(client.receive(response));
  CHECK(response.result_int() == 405);
  CHECK_FALSE(response.keep_alive());
  CHECK(closed_by_server(client));
}

TEST_CASE("keep-alive serves several requests on one connection") {
  RunningServer server;
  Client client;
  REQUIRE_FALSE(client.connect(server.port()));

  const Response first = client.request(http::verb::get, "/one");
  CHECK(first.keep_alive());
  CHECK(first.body() == "GET /one []");
  const Response second = client.request(http::verb::get, "/two");
  CHECK(second.body() == "GET /two []");
}

TEST_CASE("an HTTP/1.0 request without keep-alive gets its connection closed") {
  RunningServer server;
  Client client;
  REQUIRE_FALSE(client.connect(server.port()));

  REQUIRE_FALSE(client.write_raw("GET /one HTTP/1.0\r\n\r\n"));
  Response response;
  REQUIRE_FALSE(client.receive(response));
  CHECK(response.body() == "GET /one []");
  CHECK(closed_by_server(client));
}

TEST_CASE("a handler that throws costs one request a 500, not the server") {
  RunningServer server;
  Client client;
  REQUIRE_FALSE(client.connect(server.port()));

  const Response boom = client.request(http::verb::get, "/boom");
  CHECK(boom.result_int() == 500);
  CHECK(boom.body() == "internal error\n");
  CHECK(client.request(http::verb::get, "/json").result_int() == 200);

  Client other;
  REQUIRE_FALSE(other.connect(server.port()));
  CHECK(other.request(http::verb::get, "/json").result_int() == 200);
}

TEST_CASE("a handler's invalid response becomes a 500") {
  RunningServer server([](const HttpRequest& request) {
    if (request.path == "/status") return HttpResponse{42, "text/plain", "x"};
    return HttpResponse{200, "text/plain\r\nSet-Cookie: x=1", "x"};
  });
  Client client;
  REQUIRE_FALSE(client.connect(server.port()));

  CHECK(client.request(http::verb::get, "/status").result_int() == 500);
  const Response split = client.request(http::verb::get, "/header");
  CHECK(split.result_int() == 500);
  CHECK(split.count(http::field::set_cookie) == 0);
}

TEST_CASE("an oversized request header is refused without harm") {
  RunningServer server;
  {
    Client client;
    REQUIRE_FALSE(client.connect(server.port()));
    // The server may close before taking it all, so the write may fail.
    (void)client.write_raw("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " +
                           std::string(std::size_t{64} * 1024, 'a') + "\r\n\r\n");
    Response response;
    // Either the 431 arrives, or the unread bytes make the close a reset that
    // overtakes it; both are fine, as long as the server lives on.
    if (!client.receive(response)) {
      CHECK((response.result_int() == 431 || response.result_int() == 400));
      CHECK_FALSE(response.keep_alive());
    }
  }
  Client client;
  REQUIRE_FALSE(client.connect(server.port()));
  CHECK(client.request(http::verb::get, "/json").result_int() == 200);
}

TEST_CASE("a malformed request gets 400") {
  RunningServer server;
  Client client;
  REQUIRE_FALSE(client.connect(server.port()));

  REQUIRE_FALSE(client.write_raw("GET / HTTP/1.1\r\nNo colon here\r\n\r\n"));
  Response response;
  REQUIRE_FALSE(client.receive(response));
  CHECK(response.result_int() == 400);
  CHECK(closed_by_server(client));
}

TEST_CASE("connections beyond the limit are closed at once") {
  RunningServer server;
  // The limit is 64: these are accepted in order, and idle well within their
  // read timeout, so they hold every slot when the next one comes.
  std::vector<std::unique_ptr<Client>> held;
  for (int i = 0; i < 64; ++i) {
    held.push_back(std::make_unique<Client>());
    REQUIRE_FALSE(held.back()->connect(server.port()));
  }
  Client extra;
  REQUIRE_FALSE(extra.connect(server.port()));
  (void)extra.send(http::verb::get, "/json");
  CHECK(closed_by_server(extra));

  CHECK(held.front()->request(http::verb::get, "/json").result_int() == 200);
}

TEST_CASE("listening on a port in use names the address") {
  RunningServer first;
  const std::string address = "127.0.0.1:" + std::to_string(first.port());
  asio::io_context io;
  try {
    HttpServer second(io, address, echo);
    FAIL("the second server should not have bound " << address);
  } catch (const std::runtime_error& error) {
    CHECK(std::string(error.what()) == "cannot listen on " + address + ": Address already in use");
  }
}

TEST_CASE("a listen address that cannot be parsed is refused") {
  asio::io_context io;
  for (const std::string listen :
       {"", "9762", "127.0.0.1", "127.0.0.1:", "127.0.0.1:http", "127.0.0.1:65536", "127.0.0.1:-1",
        "::1:9762", "[::1]", "[::1]9762", "db.invalid:9762", "1.2.3.4.5:80"}) {
    INFO(listen);
    try {
      HttpServer server(io, listen, echo);
      FAIL("accepted");
    } catch (const std::runtime_error& error) {
      CHECK_THAT(error.what(), Catch::StartsWith("cannot listen on " + listen + ": "));
    }
  }
}

TEST_CASE("an IPv6 address in brackets is parsed") {
  asio::io_context io;
  try {
    HttpServer server(io, "[::1]:0", echo);
    CHECK(server.port() != 0);
  } catch (const std::runtime_error& error) {
    // A machine without IPv6 cannot bind it, but the address was understood.
    CHECK_THAT(error.what(), !Catch::Contains("expected") && !Catch::Contains("not an IP"));
  }
}

TEST_CASE("stop closes the listener and the open connections") {
  RunningServer server;
  const unsigned short port = server.port();
  Client open;
  REQUIRE_FALSE(open.connect(port));
  CHECK(open.request(http::verb::get, "/json").result_int() == 200);

  server.stop();

  Client late;
  CHECK(late.connect(port) == asio::error::connection_refused);
  CHECK(closed_by_server(open));
}

TEST_CASE("stop may be called twice, and from a handler") {
  asio::io_context io;
  std::optional<HttpServer> server;
  server.emplace(io, "127.0.0.1:0", [&server](const HttpRequest&) {
    server->stop();
    server->stop();
    return HttpResponse{};
  });
  std::thread thread([&io] { io.run(); });
  Client client;
  REQUIRE_FALSE(client.connect(server->port()));
  REQUIRE_FALSE(client.send(http::verb::get, "/"));
  Response response;
  (void)client.receive(response);
  // The io thread ends only once the listener and every session are closed.
  thread.join();
  server.reset();
}

TEST_CASE("query_parameter") {
  SECTION("finds a plain value") {
    CHECK(query_parameter("since=12&limit=5", "since") == "12");
    CHECK(query_parameter("since=12&limit=5", "limit") == "5");
  }
  SECTION("percent-decodes, with '+' as a space") {
    CHECK(query_parameter("q=a%20b+c%2Bd%3d", "q") == "a b c+d=");
    CHECK(query_parameter("q=%e2%82%ac", "q") == "\xe2\x82\xac");
    CHECK(query_parameter("na%6De=x", "name") == "x");
  }
  SECTION("keeps a broken escape as it is") {
    CHECK(query_parameter("q=100%&r=%zz&s=%4", "q") == "100%");
    CHECK(query_parameter("q=100%&r=%zz&s=%4", "r") == "%zz");
    CHECK(query_parameter("q=100%&r=%zz&s=%4", "s") == "%4");
  }
  SECTION("is nullopt when absent") {
    CHECK(query_parameter("", "since") == std::nullopt);
    CHECK(query_parameter("limit=5", "since") == std::nullopt);
    CHECK(query_parameter("sinces=1&xsince=2", "since") == std::nullopt);
    CHECK(query_parameter("a=since", "since") == std::nullopt);
  }
  SECTION("an empty value is present") {
    CHECK(query_parameter("since=&limit=5", "since") == "");
    CHECK(query_parameter("limit=5&since", "since") == "");
  }
  SECTION("the first occurrence wins") {
    CHECK(query_parameter("limit=1&limit=2", "limit") == "1");
    CHECK(query_parameter("&&limit=1&&limit=2&", "limit") == "1");
  }
  SECTION("a value may contain '='") { CHECK(query_parameter("f=a=b", "f") == "a=b"); }
}

TEST_CASE("a host name is listened on at its first address") {
  asio::io_context io;
  HttpServer server(io, "localhost:0", echo);
  CHECK(server.port() != 0);
}
