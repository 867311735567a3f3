#include "probes/migration_sql/sql_parse.h"

#include <pg_query.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace driftwatch::migration_sql {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// libpg_query's statement offset is just past the previous ';', so comments
// and blank lines before a statement belong to it; the line a person looks
// for is the one of the first keyword.
std::size_t skip_leading_noise(std::string_view sql, std::size_t pos, std::size_t end) {
  while (pos < end) {
    if (is_space(sql[pos])) {
      ++pos;
    } else if (sql.substr(pos, 2) == "--") {
      const auto eol = sql.find('\n', pos);
      pos = eol == std::string_view::npos ? end : std::min(end, eol + 1);
    } else if (sql.substr(pos, 2) == "/*") {
      // PostgreSQL block comments nest.
      int depth = 0;
      while (pos < end) {
        if (sql.substr(pos, 2) == "/*") {
          ++depth;
          pos += 2;
        } else if (sql.substr(pos, 2) == "*/") {
          pos += 2;
          if (--depth == 0) break;
        } else {
          ++pos;
        }
      }
    } else {
      break;
    }
  }
  return pos;
}

int line_at(std::string_view sql, std::size_t offset) {
  offset = std::min(offset, sql.size());
  return 1 +
         static_cast<int>(std::count(sql.begin(), sql.begin() + static_cast<long>(offset), '\n'));
}

// The parser's cursor position counts characters from 1, not bytes.
std::size_t byte_offset_of_character(std::string_view sql, int position) {
  std::size_t offset = 0;
  int characters = 1;
  while (offset < sql.size() && characters < position) {
    ++offset;
    while (offset < sql.size() && (static_cast<unsigned char>(sql[offset]) & 0xC0U) == 0x80U) {
      ++offset;
    }
    ++characters;
  }
  return offset;
}

}  // namespace

std::string abridge_statement(std::string_view text, std::size_t max_chars) {
  std::string out;
  bool pending_space = false;
  for (const char c : text) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  if (out.size() <= max_chars) return out;
  std::size_t cut = max_chars;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0U) == 0x80U) --cut;
  out.resize(cut);
  return out + "...";
}

ParsedSql parse_sql(std::string_view sql) {
  ParsedSql parsed;
  const std::string terminated(sql);
  PgQueryParseResult result = pg_query_parse(terminated.c_str());
  if (result.error != nullptr) {
    const int position = result.error->cursorpos;
    parsed.error = ParseError{
        position > 0 ? line_at(sql, byte_offset_of_character(sql, position)) : 1,
        result.error->message != nullptr ? result.error->message : "unknown parse error"};
    pg_query_free_parse_result(result);
    return parsed;
  }
  const auto tree = nlohmann::json::parse(result.parse_tree, nullptr, false);
  pg_query_free_parse_result(result);
  if (tree.is_discarded() || !tree.contains("stmts")) return parsed;  // empty file or comments only

  for (const auto& entry : tree["stmts"]) {
    const auto location = entry.value("stmt_location", std::size_t{0});
    const auto length = entry.value("stmt_len", std::size_t{0});
    const std::size_t end = length == 0 ? sql.size() : std::min(sql.size(), location + length);
    const std::size_t start = skip_leading_noise(sql, std::min(location, end), end);
    ParsedStatement statement;
    statement.line = line_at(sql, start);
    statement.text = std::string(sql.substr(start, end - start));
    statement.abridged = abridge_statement(statement.text);
    if (entry.contains("stmt") && entry["stmt"].is_object() && !entry["stmt"].empty()) {
      const auto node = entry["stmt"].begin();
      statement.node = node.key();
      statement.tree_json = node.value().dump();
    }
    parsed.statements.push_back(std::move(statement));
  }
  return parsed;
}

}  // namespace driftwatch::migration_sql
