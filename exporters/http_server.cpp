// HttpServer on Boost.Beast: the accept loop and the keep-alive sessions, all on the caller's
// io_context. The only file that instantiates Beast, which is slow to compile.
#include "exporters/http_server.h"

// Before any Asio header: Boost 1.74's asio/awaitable.hpp uses std::exchange
// without including <utility>, which g++ 12 in C++20 mode no longer pulls in.
#include <utility>

#include <charconv>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/beast/http/write.hpp>

namespace driftwatch::exporters {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using beast::error_code;

// Our requests are a path and a short query; 8 KiB is what most servers allow
// and keeps a client from making us buffer much.
constexpr std::uint32_t kHeaderLimit = 8 * 1024;
// Header plus one read's worth of a pipelined next request; the parser's
// header limit is what normally fires first.
constexpr std::size_t kBufferLimit = std::size_t{16} * 1024;
// A client gets this long to send a whole request header, and to take a whole
// response, so a slow or idle one cannot hold a connection slot forever.
constexpr std::chrono::seconds kIoTimeout{10};
// Scrapers and a few API clients: more than this at once means something is
// wrong, and file descriptors are shared with the database connections.
constexpr std::size_t kMaxConnections = 64;
// After an accept error that repeats at once (EMFILE, ENFILE, ENOBUFS), wait
// before retrying, or the accept loop would spin on the io thread.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

constexpr std::string_view kTextPlain = "text/plain; charset=utf-8";

[[noreturn]] void fail_listen(std::string_view listen, std::string_view reason) {
  throw std::runtime_error("cannot listen on " + std::string(listen) + ": " + std::string(reason));
}

tcp::endpoint parse_listen(std::string_view listen) {
  std::string_view host;
  std::string_view port_text;
  if (!listen.empty() && listen.front() == '[') {
    const std::size_t close = listen.find(']');
    if (close == std::string_view::npos || close + 1 >= listen.size() || listen[close + 1] != ':') {
      fail_listen(listen, "expected [IPV6]:PORT");
    }
    host = listen.substr(1, close - 1);
    port_text = listen.substr(close + 2);
  } else {
    const std::size_t colon = listen.rfind(':');
    if (colon == std::string_view::npos) fail_listen(listen, "expected HOST:PORT");
    host = listen.substr(0, colon);
    if (host.find(':') != std::string_view::npos) {
      fail_listen(listen, "an IPv6 address goes in brackets, as in [::1]:9762");
    }
    port_text = listen.substr(colon + 1);
  }
  unsigned port = 0;
  const auto* end = port_text.data() + port_text.size();
  const auto [ptr, err] = std::from_chars(port_text.data(), end, port);
  if (port_text.empty() || err != std::errc{} || ptr != end || port > 65535) {
    fail_listen(listen, "the port must be a number from 0 to 65535");
  }
  error_code ec;
  const auto address = asio::ip::make_address(std::string(host), ec);
  if (!ec) return {address, static_cast<unsigned short>(port)};
  // A host name ("localhost", the host's own name): its first address.
  asio::io_context resolving;
  tcp::resolver resolver(resolving);
  const auto found = resolver.resolve(std::string(host), std::string(port_text), ec);
  if (ec || found.empty()) {
    fail_listen(listen,
                "\"" + std::string(host) + "\" is neither an IP address nor a known host name");
  }
  return found.begin()->endpoint();
}

// A content type goes into the header as it is: a CR or LF in it would let a
// handler's bug split the response.
bool valid_header_value(std::string_view value) {
  for (const char c : value) {
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) return false;
  }
  return true;
}

class Session;

// The acceptor and the table of open sessions. Shared with every pending
// operation and every session, so whatever completes after the HttpServer is
// gone still finds it alive (and sees `stopped_`).
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& io, HttpHandler handler)
      : acceptor_(io), retry_timer_(io), handler_(std::move(handler)) {}

  void listen(std::string_view listen);
  void accept();
  void stop();

  [[nodiscard]] unsigned short port() const { return port_; }
  [[nodiscard]] bool stopped() const { return stopped_; }
  [[nodiscard]] const HttpHandler& handler() const { return handler_; }
  void forget(std::uint64_t session_id) { sessions_.erase(session_id); }

 private:
  void on_accept(error_code ec, tcp::socket socket);

  tcp::acceptor acceptor_;
  asio::steady_timer retry_timer_;
  HttpHandler handler_;
  unsigned short port_ = 0;
  bool stopped_ = false;
  std::uint64_t next_session_id_ = 0;
  // Weak, so a session's lifetime is only its pending operations; its
  // destructor removes it, which also makes size() the open connection count.
  std::unordered_map<std::uint64_t, std::weak_ptr<Session>> sessions_;
};

// One connection: read a request header, answer, repeat while keep-alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<Listener> listener, std::uint64_t id)
      : stream_(std::move(socket)), listener_(std::move(listener)), id_(id) {}
  ~Session() { listener_->forget(id_); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() { read(); }

  void close() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

 private:
  void read() {
    if (listener_->stopped()) return close();
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    stream_.expires_after(kIoTimeout);
    // Only the header is read: GET and HEAD carry no body, and a request that
    // announces one is answered and the connection closed, so a body is never
    // buffered.
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(error_code ec) {
    if (listener_->stopped()) return close();
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
      return send_error(http::status::request_header_fields_too_large, "request header too large");
    }
    if (ec == http::error::end_of_stream || ec == http::error::partial_message) return close();
    if (ec.category() == http::make_error_code(http::error::bad_method).category()) {
      return send_error(http::status::bad_request, "bad request");
    }
    // Timeout, reset, or aborted by stop().
    if (ec) return close();

    const auto& req = parser_->get();
    const bool has_body = !parser_->is_done();
    version_ = req.version();
    keep_alive_ = req.keep_alive() && !has_body;
    head_ = req.method() == http::verb::head;

    if (req.method() != http::verb::get && !head_) {
      return send(HttpResponse{405, std::string(kTextPlain), "method not allowed\n"}, true);
    }
    if (has_body) {
      return send(HttpResponse{413, std::string(kTextPlain), "request body not allowed\n"});
    }

    HttpRequest request;
    request.method = std::string(req.method_string());
    const std::string_view target = req.target();
    const std::size_t question = target.find('?');
    request.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos) {
      request.query = std::string(target.substr(question + 1));
    }

    HttpResponse response;
    // The one catch site of the HTTP path: a handler's bug must cost one
    // request a 500, not the daemon its life (an exception escaping here would
    // leave io_context::run, which also drives the timers and signals). What
    // is thrown is a bug; the client learns no more than "internal error".
    try {
      response = listener_->handler()(request);
    } catch (...) {
      response = internal_error();
    }
    if (response.status < 200 || response.status > 599 ||
        !valid_header_value(response.content_type)) {
      response = internal_error();
    }
    send(std::move(response));
  }

  static HttpResponse internal_error() {
    return HttpResponse{500, std::string(kTextPlain), "internal error\n"};
  }

  // For requests that could not be parsed: the stream's position is unknown,
  // so the connection cannot be reused.
  void send_error(http::status status, std::string_view text) {
    version_ = 11;
    keep_alive_ = false;
    head_ = false;
    send(HttpResponse{static_cast<int>(status), std::string(kTextPlain), std::string(text) + "\n"});
  }

  void send(HttpResponse response, bool allow_header = false) {
    response_ = {};
    response_.version(version_);
    response_.result(static_cast<unsigned>(response.status));
    response_.set(http::field::content_type, response.content_type);
    response_.set(http::field::cache_control, "no-store");
    if (allow_header) response_.set(http::field::allow, "GET, HEAD");
    // 204 and 304 have no body by definition, and no Content-Length either.
    const bool bodyless = response.status == 204 || response.status == 304;
    if (!bodyless) response_.content_length(response.body.size());
    // HEAD: the Content-Length a GET would have, but no body.
    if (!bodyless && !head_) response_.body() = std::move(response.body);
    response_.keep_alive(keep_alive_);

    stream_.expires_after(kIoTimeout);
    http::async_write(stream_, response_, [self = shared_from_this()](error_code ec, std::size_t) {
      if (ec || !self->keep_alive_) return self->close();
      self->read();
    });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_{kBufferLimit};
  std::optional<http::request_parser<http::empty_body>> parser_;
  http::response<http::string_body> response_;
  std::shared_ptr<Listener> listener_;
  std::uint64_t id_;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool head_ = false;
};

void Listener::listen(std::string_view listen) {
  const tcp::endpoint endpoint = parse_listen(listen);
  error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) fail_listen(listen, ec.message());
  // A restarted daemon must not wait out the old sockets' TIME_WAIT.
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) fail_listen(listen, ec.message());
  acceptor_.bind(endpoint, ec);
  if (ec) fail_listen(listen, ec.message());
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) fail_listen(listen, ec.message());
  port_ = acceptor_.local_endpoint(ec).port();
  if (ec) fail_listen(listen, ec.message());
}

void Listener::accept() {
  acceptor_.async_accept([self = shared_from_this()](error_code ec, tcp::socket socket) {
    self->on_accept(ec, std::move(socket));
  });
}

void Listener::on_accept(error_code ec, tcp::socket socket) {
  if (stopped_ || ec == asio::error::operation_aborted) return;
  if (ec == asio::error::connection_aborted) return accept();
  if (ec) {
    retry_timer_.expires_after(kAcceptRetryDelay);
    retry_timer_.async_wait([self = shared_from_this()](error_code wait_ec) {
      if (!wait_ec && !self->stopped_) self->accept();
    });
    return;
  }
  if (sessions_.size() >= kMaxConnections) {
    // Closed unanswered: writing a 503 could block on this very client.
    error_code ignored;
    socket.close(ignored);
  } else {
    const std::uint64_t id = next_session_id_++;
    auto session = std::make_shared<Session>(std::move(socket), shared_from_this(), id);
    sessions_.emplace(id, session);
    session->start();
  }
  accept();
}

void Listener::stop() {
  if (stopped_) return;
  stopped_ = true;
  error_code ignored;
  acceptor_.close(ignored);
  retry_timer_.cancel();
  // Collected first: a session released here could erase itself from the map
  // while it is being walked.
  std::vector<std::shared_ptr<Session>> open;
  open.reserve(sessions_.size());
  for (const auto& entry : sessions_) {
    if (auto session = entry.second.lock()) open.push_back(std::move(session));
  }
  for (const auto& session : open) session->close();
}

}  // namespace

struct HttpServer::Impl {
  std::shared_ptr<Listener> listener;
};

HttpServer::HttpServer(boost::asio::io_context& io, std::string_view listen, HttpHandler handler)
    : impl_(std::make_shared<Impl>()) {
  impl_->listener = std::make_shared<Listener>(io, std::move(handler));
  impl_->listener->listen(listen);
  impl_->listener->accept();
}

// Not thread-safe, like every Asio object: stop() and the destructor run on
// the io_context's thread, or when no thread is running it.
HttpServer::~HttpServer() { stop(); }

unsigned short HttpServer::port() const { return impl_->listener->port(); }

void HttpServer::stop() { impl_->listener->stop(); }

}  // namespace driftwatch::exporters
