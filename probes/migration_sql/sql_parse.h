// SQL text to statements with the real PostgreSQL parser (libpg_query).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace driftwatch::migration_sql {

/// One top-level statement of a file.
struct ParsedStatement {
  int line = 1;           ///< 1-based line of the statement's first token
  std::string text;       ///< the statement as written, without the ';'
  std::string abridged;   ///< one line, whitespace collapsed, at most ~200 characters
  std::string node;       ///< the parse node's type: "CreateStmt", "AlterTableStmt", ...
  std::string tree_json;  ///< the node's fields as libpg_query's JSON
};

struct ParseError {
  int line = 1;
  std::string message;
};

/// All statements of a file, or where it stops being SQL: PostgreSQL parses a
/// file as a whole, so one syntax error leaves no statement to trust.
struct ParsedSql {
  std::vector<ParsedStatement> statements;
  std::optional<ParseError> error;
};

ParsedSql parse_sql(std::string_view sql);

/// The statement on one line with runs of whitespace collapsed, cut at about
/// max_chars characters (never inside a UTF-8 sequence), "..." when cut.
std::string abridge_statement(std::string_view text, std::size_t max_chars = 200);

}  // namespace driftwatch::migration_sql
