// query_parameter: one value out of a URL query string, kept apart from the Beast TU so it
// compiles in no time and can be tested without a socket.
#include <optional>
#include <string>
#include <string_view>

#include "exporters/http_server.h"

namespace driftwatch::exporters {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Form encoding: '+' is a space. A '%' not followed by two hex digits is kept
// as it is, since rejecting the whole query for one bad escape would only make
// a hand-typed URL fail for no gain.
std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> query_parameter(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    // "flag" without '=' is present with an empty value, as browsers and most
    // frameworks read it.
    const std::string_view key = pair.substr(0, eq);
    if (percent_decode(key) != name) continue;
    if (eq == std::string_view::npos) return std::string{};
    return percent_decode(pair.substr(eq + 1));
  }
  return std::nullopt;
}

}  // namespace driftwatch::exporters
