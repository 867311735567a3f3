// What one parsed statement does to the names the analyser models (schemas,
// relations, columns, types), or why it cannot say.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "probes/migration_sql/sql_parse.h"
#include "probes/schema/object.h"

namespace driftwatch::migration_sql {

/// A name as written: schema only when the statement qualified it, so the
/// search_path in force decides the rest.
struct SqlName {
  std::optional<std::string> schema;
  std::string name;
};

/// One modelled change or precondition. A statement has several when it has
/// several sub-commands (ALTER TABLE t ADD a, DROP b) or objects (DROP TABLE a, b).
struct Effect {
  enum class Op {
    create_schema,
    drop_schema,
    create_relation,   ///< table, view, materialized view, sequence, index, composite type
    drop_relation,     ///< kind is the kind the statement names (DROP VIEW, DROP INDEX, ...)
    rename_relation,   ///< to new_name, same schema
    require_relation,  ///< a sub-command that needs the relation and changes no name
    add_column,
    drop_column,
    rename_column,   ///< column to new_name
    require_column,  ///< ALTER COLUMN ...: needs the column, changes no name
    create_type,     ///< enum, domain, range
    drop_type,
  };
  Op op{};
  schema::Kind kind{};
  SqlName name;                      ///< the schema, relation or type
  std::string column;                ///< column ops
  std::string new_name;              ///< renames
  std::optional<SqlName> table;      ///< create_relation of an index: its table
  std::vector<std::string> columns;  ///< create_relation: the columns it defines
  bool columns_known = true;         ///< false for LIKE, INHERITS, AS SELECT, views...
  bool if_not_exists = false;
  bool missing_ok = false;  ///< IF EXISTS
  bool or_replace = false;
  bool cascade = false;
};

/// What the analyser makes of one statement.
struct StatementAnalysis {
  enum class Class {
    modelled,     ///< effects hold everything it does to modelled names
    search_path,  ///< a simple SET search_path / RESET search_path
    inert,        ///< not modelled, but cannot change modelled names (INSERT, GRANT...)
    opaque,       ///< not understood and may change modelled names (DO, CALL, ...)
  };
  Class type = Class::opaque;
  std::vector<Effect> effects;
  std::vector<std::string> search_path;  ///< Class::search_path; empty means the default
  /// Why the statement (or a part of a modelled one) is not checked.
  std::string reason;
};

StatementAnalysis analyse_statement(const ParsedStatement& statement);

/// The word an outcome uses for an object of this kind: "type" for an enum,
/// as in CREATE TYPE; otherwise the kind's name.
std::string kind_word(schema::Kind kind);

}  // namespace driftwatch::migration_sql
