// The webhook's HTTP client, on Beast, with one deadline for the exchange.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp misses it under C++20

#include "exporters/webhook_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace driftwatch::exporters {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// One exchange, driven by async operations on a private io_context so that
// a deadline can stop it wherever it hangs.
class Exchange {
 public:
  Exchange(const HttpUrl& url, std::string_view body) : url_(url) {
    request_.method(http::verb::post);
    request_.target(url.target);
    request_.set(http::field::host, url.host);
    request_.set(http::field::user_agent, "driftwatch");
    request_.set(http::field::content_type, "application/json");
    request_.body() = std::string(body);
    request_.prepare_payload();
  }

  PostResult run(std::chrono::milliseconds timeout) {
    resolver_.async_resolve(url_.host, url_.port,
                            [this](beast::error_code error, const tcp::resolver::results_type& r) {
                              if (error) return finish("cannot resolve " + url_.host, error);
                              stream_.async_connect(
                                  r, [this](beast::error_code e, const tcp::endpoint&) {
                                    if (e) return finish("cannot connect", e);
                                    write();
                                  });
                            });
    io_.run_for(timeout);
    if (!done_) {
      result_.problem = "no answer within " + std::to_string(timeout.count()) + " ms";
      beast::error_code ignored;
      stream_.socket().close(ignored);
    }
    return result_;
  }

 private:
  void write() {
    http::async_write(stream_, request_, [this](beast::error_code error, std::size_t) {
      if (error) return finish("cannot send", error);
      http::async_read(stream_, buffer_, response_, [this](beast::error_code e, std::size_t) {
        if (e) return finish("no valid answer", e);
        const auto status = response_.result_int();
        result_.delivered = status >= 200 && status < 300;
        if (!result_.delivered) result_.problem = "HTTP " + std::to_string(status);
        finish({}, {});
      });
    });
  }

  void finish(const std::string& what, beast::error_code error) {
    if (error) result_.problem = what + ": " + error.message();
    done_ = true;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    io_.stop();
  }

  HttpUrl url_;
  asio::io_context io_;
  tcp::resolver resolver_{io_};
  beast::tcp_stream stream_{io_};
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  PostResult result_;
  bool done_ = false;
};

}  // namespace

std::optional<HttpUrl> parse_http_url(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (url.substr(0, kScheme.size()) != kScheme) return std::nullopt;
  url.remove_prefix(kScheme.size());
  HttpUrl out;
  const auto slash = url.find('/');
  auto authority = url.substr(0, slash);
  if (slash != std::string_view::npos) out.target = std::string(url.substr(slash));
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    out.host = std::string(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    if (!authority.empty()) {
      if (authority.front() != ':') return std::nullopt;
      out.port = std::string(authority.substr(1));
    }
  } else {
    const auto colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) out.port = std::string(authority.substr(colon + 1));
  }
  if (out.host.empty() || out.port.empty() ||
      out.port.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return out;
}

PostResult post_json(const HttpUrl& url, std::string_view body, std::chrono::milliseconds timeout) {
  Exchange exchange(url, body);
  return exchange.run(timeout);
}

}  // namespace driftwatch::exporters
