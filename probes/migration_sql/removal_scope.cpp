// Walks a migration's parse trees for the names it drops, alters, renames or
// moves, so a removal seen in its window can be put down to it, or not.
#include "probes/migration_sql/removal_scope.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "probes/migration_sql/sql_parse.h"
#include "probes/migration_sql/statement_effects.h"

namespace driftwatch::migration_sql {
namespace {

using Json = nlohmann::json;
using Names = std::set<std::string>;

// Field access that never throws: a missing or mistyped field reads as empty.
const Json& field(const Json& node, const char* key) {
  static const Json null_node;
  if (!node.is_object()) return null_node;
  const auto it = node.find(key);
  return it != node.end() ? *it : null_node;
}

std::string text_field(const Json& node, const char* key) {
  const auto& value = field(node, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

bool is_cascade(const Json& node) { return text_field(node, "behavior") == "DROP_CASCADE"; }

// A dotted name as a list of String nodes; empty when a part is not a name.
std::vector<std::string> name_parts(const Json& items) {
  std::vector<std::string> parts;
  if (!items.is_array()) return {};
  for (const auto& item : items) {
    auto part = text_field(field(item, "String"), "sval");
    if (part.empty()) return {};
    parts.push_back(std::move(part));
  }
  return parts;
}

/// What one statement adds to the scope; a non-empty reason makes it incomplete.
using Outcome = std::string;

constexpr const char* kNamed = "";
constexpr const char* kCascade = "CASCADE may remove objects the statement does not name";
constexpr const char* kUnreadableName = "a name in the statement is not understood";

Outcome add_name(Names& names, const std::string& name) {
  if (name.empty()) return kUnreadableName;
  names.insert(name);
  return kNamed;
}

Outcome add_last(Names& names, const std::vector<std::string>& parts) {
  return parts.empty() ? kUnreadableName : add_name(names, parts.back());
}

bool is_relation_type(const std::string& object_type) {
  return object_type == "OBJECT_TABLE" || object_type == "OBJECT_VIEW" ||
         object_type == "OBJECT_MATVIEW" || object_type == "OBJECT_INDEX" ||
         object_type == "OBJECT_SEQUENCE" || object_type == "OBJECT_FOREIGN_TABLE";
}

bool is_routine_type(const std::string& object_type) {
  return object_type == "OBJECT_FUNCTION" || object_type == "OBJECT_PROCEDURE" ||
         object_type == "OBJECT_ROUTINE" || object_type == "OBJECT_AGGREGATE";
}

bool is_type_type(const std::string& object_type) {
  return object_type == "OBJECT_TYPE" || object_type == "OBJECT_DOMAIN";
}

// Triggers, policies and rules are named [schema.]table.member.
bool is_table_member_type(const std::string& object_type) {
  return object_type == "OBJECT_TRIGGER" || object_type == "OBJECT_POLICY" ||
         object_type == "OBJECT_RULE";
}

std::vector<std::string> routine_name(const Json& object) {
  return name_parts(field(field(object, "ObjectWithArgs"), "objname"));
}

Outcome drop_one(const std::string& remove_type, const Json& object, RemovalScope& scope) {
  if (is_relation_type(remove_type)) {
    return add_last(scope.relations, name_parts(field(field(object, "List"), "items")));
  }
  if (is_table_member_type(remove_type)) {
    const auto parts = name_parts(field(field(object, "List"), "items"));
    if (parts.size() < 2) return kUnreadableName;
    return add_name(scope.relations, parts[parts.size() - 2]);
  }
  if (is_routine_type(remove_type)) return add_last(scope.routines, routine_name(object));
  if (is_type_type(remove_type)) {
    // A composite type is a relation too (pg_class), so it goes in both.
    const auto parts = name_parts(field(field(object, "TypeName"), "names"));
    if (parts.empty()) return kUnreadableName;
    scope.relations.insert(parts.back());
    return add_name(scope.types, parts.back());
  }
  const auto name = text_field(field(object, "String"), "sval");
  if (remove_type == "OBJECT_SCHEMA") return add_name(scope.schemas, name);
  if (remove_type == "OBJECT_EXTENSION") return add_name(scope.extensions, name);
  // Without CASCADE, dropping any other kind of object (a cast, an operator,
  // a server...) fails while a watched object depends on it.
  return kNamed;
}

Outcome drop(const Json& node, RemovalScope& scope) {
  if (is_cascade(node)) return kCascade;
  const auto remove_type = text_field(node, "removeType");
  for (const auto& object : field(node, "objects")) {
    if (auto outcome = drop_one(remove_type, object, scope); !outcome.empty()) return outcome;
  }
  return kNamed;
}

Outcome alter_table(const Json& node, RemovalScope& scope) {
  for (const auto& command : field(node, "cmds")) {
    if (is_cascade(field(command, "AlterTableCmd"))) return kCascade;
  }
  const auto name = text_field(field(node, "relation"), "relname");
  // ALTER TYPE on a composite type comes as ALTER TABLE with OBJECT_TYPE.
  if (text_field(node, "objtype") == "OBJECT_TYPE") scope.types.insert(name);
  return add_name(scope.relations, name);
}

Outcome rename(const Json& node, RemovalScope& scope) {
  // RENAME ATTRIBUTE ... CASCADE reaches the tables typed by the composite type.
  if (is_cascade(node)) return kCascade;
  const auto rename_type = text_field(node, "renameType");
  const auto& object = field(node, "object");
  const auto relation = text_field(field(node, "relation"), "relname");
  if (is_relation_type(rename_type) || is_table_member_type(rename_type) ||
      rename_type == "OBJECT_COLUMN" || rename_type == "OBJECT_TABCONSTRAINT") {
    if (text_field(node, "relationType") == "OBJECT_TYPE") scope.types.insert(relation);
    return add_name(scope.relations, relation);
  }
  if (rename_type == "OBJECT_ATTRIBUTE") {  // ALTER TYPE composite RENAME ATTRIBUTE
    scope.types.insert(relation);
    return add_name(scope.relations, relation);
  }
  if (is_routine_type(rename_type)) return add_last(scope.routines, routine_name(object));
  // ALTER DOMAIN ... RENAME CONSTRAINT alters the domain.
  if (is_type_type(rename_type) || rename_type == "OBJECT_DOMCONSTRAINT") {
    return add_last(scope.types, name_parts(field(field(object, "List"), "items")));
  }
  if (rename_type == "OBJECT_SCHEMA") return add_name(scope.schemas, text_field(node, "subname"));
  return kNamed;
}

Outcome set_schema(const Json& node, RemovalScope& scope) {
  const auto object_type = text_field(node, "objectType");
  const auto& object = field(node, "object");
  if (is_relation_type(object_type)) {
    return add_name(scope.relations, text_field(field(node, "relation"), "relname"));
  }
  if (is_routine_type(object_type)) return add_last(scope.routines, routine_name(object));
  if (is_type_type(object_type)) {
    return add_last(scope.types, name_parts(field(field(object, "List"), "items")));
  }
  if (object_type == "OBJECT_EXTENSION") {
    return add_name(scope.extensions, text_field(field(object, "String"), "sval"));
  }
  return kNamed;
}

Outcome alter_domain(const Json& node, RemovalScope& scope) {
  if (is_cascade(node)) return kCascade;
  return add_last(scope.types, name_parts(field(node, "typeName")));
}

// Statements analyse_statement calls inert that can still make a watched
// object disappear under its name.
Outcome inert_with_removal(const std::string& type, const Json& node, RemovalScope& scope) {
  // Before PostgreSQL 16 an ON SELECT rule turned a table into a view.
  if (type == "RuleStmt" && text_field(node, "event") == "CMD_SELECT") {
    return add_name(scope.relations, text_field(field(node, "relation"), "relname"));
  }
  if (type == "AlterSeqStmt") {
    return add_name(scope.relations, text_field(field(node, "sequence"), "relname"));
  }
  return kNamed;
}

// The statement kinds decided here rather than by analyse_statement.
std::optional<Outcome> handled_statement(const std::string& type, const Json& node,
                                         RemovalScope& scope) {
  if (type == "DropStmt") return drop(node, scope);
  if (type == "AlterTableStmt") return alter_table(node, scope);
  if (type == "RenameStmt") return rename(node, scope);
  if (type == "AlterObjectSchemaStmt") return set_schema(node, scope);
  if (type == "AlterDomainStmt") return alter_domain(node, scope);
  if (type == "AlterEnumStmt" || type == "AlterTypeStmt") {
    return add_last(scope.types, name_parts(field(node, "typeName")));
  }
  return std::nullopt;
}

Outcome walk_statement(const ParsedStatement& statement, RemovalScope& scope) {
  const auto node = Json::parse(statement.tree_json, nullptr, false);
  if (node.is_discarded() || statement.node.empty()) return "the parser returned no statement";
  if (auto outcome = handled_statement(statement.node, node, scope)) return *outcome;
  const auto analysis = analyse_statement(statement);
  if (analysis.type == StatementAnalysis::Class::opaque) {
    return analysis.reason.empty() ? statement.node + " is not understood" : analysis.reason;
  }
  return inert_with_removal(statement.node, node, scope);
}

RemovalScope incomplete(int line, const std::string& why) {
  RemovalScope scope;
  scope.complete = false;
  scope.incomplete_because = "line " + std::to_string(line) + ": " + why;
  return scope;
}

RemovalScope walk(std::string_view sql) {
  const auto parsed = parse_sql(sql);
  if (parsed.error) return incomplete(parsed.error->line, parsed.error->message);
  RemovalScope scope;
  for (const auto& statement : parsed.statements) {
    // The first statement that cannot say ends the walk: the scope answers nothing then.
    if (auto why = walk_statement(statement, scope); !why.empty()) {
      return incomplete(statement.line, why);
    }
  }
  return scope;
}

}  // namespace

RemovalScope removal_scope(std::string_view sql) { return walk(sql); }

}  // namespace driftwatch::migration_sql
