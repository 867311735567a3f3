#include "probes/sql_text.h"

#include <stdexcept>

#include "probes/schema/identity.h"

namespace driftwatch::probes {
namespace {

bool is_safe_ident(std::string_view name) {
  if (name.empty()) return false;
  const char first = name.front();
  if (!((first >= 'a' && first <= 'z') || first == '_')) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

std::string quote_ident(std::string_view name, const KeywordSet& keywords) {
  if (is_safe_ident(name) && keywords.find(name) == keywords.end()) return std::string(name);
  return schema::quote_sql_identifier(name);
}

std::string quote_qualified(std::string_view schema, std::string_view name,
                            const KeywordSet& keywords) {
  return quote_ident(schema, keywords) + "." + quote_ident(name, keywords);
}

std::string visible_name(std::string_view schema, std::string_view name,
                         const KeywordSet& keywords) {
  if (schema == "pg_catalog") return quote_ident(name, keywords);
  return quote_qualified(schema, name, keywords);
}

std::vector<std::optional<std::string>> parse_text_array(std::string_view literal) {
  if (literal.size() < 2 || literal.front() != '{' || literal.back() != '}') {
    throw std::invalid_argument("not an array literal: " + std::string(literal));
  }
  std::vector<std::optional<std::string>> out;
  std::string_view body = literal.substr(1, literal.size() - 2);
  if (body.empty()) return out;
  std::size_t i = 0;
  while (true) {
    std::string element;
    bool quoted = false;
    if (i < body.size() && body[i] == '"') {
      quoted = true;
      ++i;
      while (i < body.size() && body[i] != '"') {
        if (body[i] == '\\' && i + 1 < body.size()) ++i;
        element += body[i++];
      }
      if (i == body.size()) throw std::invalid_argument("unterminated quote in array literal");
      ++i;
    } else {
      while (i < body.size() && body[i] != ',') element += body[i++];
    }
    if (!quoted && element == "NULL") {
      out.emplace_back(std::nullopt);
    } else {
      out.emplace_back(std::move(element));
    }
    if (i == body.size()) break;
    if (body[i] != ',') throw std::invalid_argument("malformed array literal");
    ++i;
  }
  return out;
}

std::vector<std::string> parse_text_array_values(std::string_view literal) {
  std::vector<std::string> out;
  for (auto& element : parse_text_array(literal)) {
    if (element) out.push_back(std::move(*element));
  }
  return out;
}

std::vector<long long> parse_number_vector(std::string_view text, char separator) {
  std::vector<long long> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == separator) ++i;
    if (i == text.size()) break;
    std::size_t end = text.find(separator, i);
    if (end == std::string_view::npos) end = text.size();
    out.push_back(std::stoll(std::string(text.substr(i, end - i))));
    i = end;
  }
  return out;
}

std::string quote_literal(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

std::string render_options(const std::vector<std::string>& options, const KeywordSet& keywords) {
  std::vector<std::string> rendered;
  for (const auto& option : options) {
    auto eq = option.find('=');
    std::string name = option.substr(0, eq);
    std::string value = eq == std::string::npos ? std::string() : option.substr(eq + 1);
    // The server's flatten_reloptions(): quote the value unless quoting it as
    // an identifier would leave it unchanged.
    std::string shown_value = quote_ident(value, keywords) == value ? value : quote_literal(value);
    rendered.push_back(quote_ident(name, keywords) + "=" + shown_value);
  }
  return join(rendered, ", ");
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

std::string oid_array_literal(const std::vector<long long>& oids) {
  std::string literal = "'{";
  for (std::size_t i = 0; i < oids.size(); ++i) {
    if (i > 0) literal += ',';
    literal += std::to_string(oids[i]);
  }
  return literal + "}'::oid[]";
}

}  // namespace driftwatch::probes
