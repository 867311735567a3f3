#include "probes/schema/identity.h"

namespace driftwatch::schema {
namespace {

bool is_plain_start(char c) { return (c >= 'a' && c <= 'z') || c == '_'; }

bool is_plain_char(char c) { return is_plain_start(c) || (c >= '0' && c <= '9') || c == '$'; }

bool is_plain(std::string_view name) {
  if (name.empty() || !is_plain_start(name.front())) return false;
  for (char c : name) {
    if (!is_plain_char(c)) return false;
  }
  return true;
}

void append_quoted(std::string& out, std::string_view name) {
  out += '"';
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_part(std::string& out, std::string_view name) {
  if (is_plain(name)) {
    out += name;
    return;
  }
  append_quoted(out, name);
}

void append_path(std::string& out, const std::vector<std::string>& path,
                 const std::optional<std::string>& args) {
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i > 0) out += '.';
    append_part(out, path[i]);
  }
  if (args) {
    out += '(';
    out += *args;
    out += ')';
  }
}

}  // namespace

std::string quote_identity_part(std::string_view name) {
  std::string out;
  append_part(out, name);
  return out;
}

std::string quote_sql_identifier(std::string_view name) {
  std::string out;
  append_quoted(out, name);
  return out;
}

std::string format_identity(const std::vector<std::string>& path,
                            const std::optional<std::string>& args) {
  std::string out;
  append_path(out, path, args);
  return out;
}

std::string format_identity(const ObjectKey& key) { return format_identity(key.path, key.args); }

void append_identity(std::string& out, const ObjectKey& key) {
  append_path(out, key.path, key.args);
}

std::optional<ParsedIdentity> parse_identity(std::string_view text) {
  ParsedIdentity result;
  std::size_t i = 0;
  while (true) {
    std::string part;
    if (i < text.size() && text[i] == '"') {
      ++i;
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            part += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        part += text[i++];
      }
      // A quoted part must not be one that would have been written plainly,
      // so that each object has exactly one spelling.
      if (!closed || is_plain(part)) return std::nullopt;
    } else {
      while (i < text.size() && is_plain_char(text[i])) part += text[i++];
      if (!is_plain(part)) return std::nullopt;
    }
    result.path.push_back(std::move(part));
    if (i == text.size()) return result;
    if (text[i] == '.') {
      ++i;
      continue;
    }
    if (text[i] == '(' && text.back() == ')') {
      result.args = std::string(text.substr(i + 1, text.size() - i - 2));
      return result;
    }
    return std::nullopt;
  }
}

}  // namespace driftwatch::schema
