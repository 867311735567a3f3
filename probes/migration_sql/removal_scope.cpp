// Walks a migration's parse trees for the names it drops, alters, renames or
// moves, so a removal seen in its window can be put down to it, or not.
#include "probes/migration_sql/removal_scope.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "probes/migration_sql/sql_parse.h"
#include "probes/migration_sql/statement_effects.h"
#include "probes/schema/identity.h"

namespace driftwatch::migration_sql {
namespace {

using Json = nlohmann::json;
using schema::Kind;
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

// --- covers() ---

using Path = std::vector<std::string>;

const schema::SchemaObject* find_object(const schema::Snapshot& before, Kind kind,
                                        const Path& path) {
  return before.find(schema::ObjectKey{kind, path, std::nullopt});
}

std::optional<Path> identity_path(std::string_view text) {
  auto parsed = schema::parse_identity(text);
  if (!parsed) return std::nullopt;
  return std::move(parsed->path);
}

// "a.b, c.\"d, e\"": identities joined by ", ", split outside double quotes.
std::vector<Path> identity_list(std::string_view text) {
  std::vector<Path> paths;
  bool quoted = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] == '"') quoted = !quoted;
    if (i < text.size() && (quoted || text[i] != ',')) continue;
    auto part = text.substr(start, i - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (auto path = identity_path(part)) paths.push_back(std::move(*path));
    start = i + 1;
  }
  return paths;
}

// The table and the tables it is a partition or child of, transitively: a
// DROP or ALTER TABLE on a parent reaches its partitions (and an ALTER its
// inheritance children) without CASCADE.
std::vector<Path> table_and_ancestors(const Path& table, const schema::Snapshot& before) {
  std::vector<Path> found{table};
  for (std::size_t i = 0; i < found.size(); ++i) {
    const auto* object = find_object(before, Kind::table, found[i]);
    if (object == nullptr) continue;
    for (const char* attribute : {"partition_of", "inherits"}) {
      const auto parents = object->attribute(attribute);
      if (!parents) continue;
      for (auto& parent : identity_list(*parents)) {
        if (std::find(found.begin(), found.end(), parent) == found.end()) {
          found.push_back(std::move(parent));
        }
      }
    }
  }
  return found;
}

bool named(const Names& names, const std::string& name) { return names.count(name) != 0; }

bool any_relation_named(const RemovalScope& scope, const std::vector<Path>& paths) {
  for (const auto& path : paths) {
    if (path.size() >= 2 && (named(scope.relations, path[1]) || named(scope.schemas, path[0]))) {
      return true;
    }
  }
  return false;
}

// Dropping a partitioned index drops its partitions' indexes: is some index
// in the scope on one of these tables?
bool scoped_index_on(const RemovalScope& scope, const std::vector<Path>& tables,
                     const schema::Snapshot& before) {
  for (const auto& object : before.objects()) {
    if (object.key.kind != Kind::index || object.key.path.size() < 2 ||
        !named(scope.relations, object.key.path[1])) {
      continue;
    }
    const auto table = schema::owner_relation_path(object);
    if (table && std::find(tables.begin(), tables.end(), *table) != tables.end()) return true;
  }
  return false;
}

bool index_covered(const RemovalScope& scope, const schema::ObjectKey& key,
                   const schema::Snapshot& before) {
  if (named(scope.relations, key.path[1])) return true;
  const auto* index = before.find(key);
  if (index == nullptr) return false;
  const auto table = schema::owner_relation_path(*index);
  if (!table) return false;
  const auto tables = table_and_ancestors(*table, before);
  return any_relation_named(scope, tables) || scoped_index_on(scope, tables, before);
}

bool sequence_covered(const RemovalScope& scope, const schema::ObjectKey& key,
                      const schema::Snapshot& before) {
  if (named(scope.relations, key.path[1])) return true;
  const auto* sequence = before.find(key);
  const auto owner = sequence != nullptr ? sequence->attribute("owned_by") : std::nullopt;
  auto column = owner ? identity_path(*owner) : std::nullopt;
  if (!column || column->size() != 3) return false;
  column->pop_back();
  return any_relation_named(scope, table_and_ancestors(*column, before));
}

// Identifiers in a routine's argument list ("a integer, app.\"My Type\"[]").
Names argument_words(std::string_view args) {
  Names words;
  std::string word;
  bool quoted = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const char c = args[i];
    if (quoted && c == '"' && i + 1 < args.size() && args[i + 1] == '"') {
      word += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (quoted || c == '_' || c == '$' || std::isalnum(static_cast<unsigned char>(c)) != 0 ||
               static_cast<unsigned char>(c) >= 0x80) {
      word += c;
    } else if (!word.empty()) {
      words.insert(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.insert(std::move(word));
  return words;
}

// Renaming or moving a type (or a table: its row type) or a schema changes
// the identity of every routine taking it as an argument.
bool routine_covered(const RemovalScope& scope, const schema::ObjectKey& key) {
  if (named(scope.routines, key.path[1])) return true;
  if (!key.args) return false;
  for (const auto& word : argument_words(*key.args)) {
    if (named(scope.types, word) || named(scope.relations, word) || named(scope.schemas, word)) {
      return true;
    }
  }
  return false;
}

}  // namespace

RemovalScope removal_scope(std::string_view sql) { return walk(sql); }

bool RemovalScope::covers(const schema::ObjectKey& key, const schema::Snapshot& before) const {
  if (key.path.empty()) return false;
  if (key.kind == Kind::extension) return named(extensions, key.path[0]);
  if (named(schemas, key.path[0])) return true;
  if (key.kind == Kind::schema || key.path.size() < 2) return false;
  const auto& name = key.path[1];
  switch (key.kind) {
    case Kind::enum_type:
    case Kind::domain:
    case Kind::range_type:
    case Kind::composite_type: return named(types, name) || named(relations, name);
    case Kind::view:
    case Kind::materialized_view: return named(relations, name);
    case Kind::index: return index_covered(*this, key, before);
    case Kind::sequence: return sequence_covered(*this, key, before);
    case Kind::table:
    case Kind::column:
    case Kind::constraint:
    case Kind::trigger:
    case Kind::policy:
    case Kind::rule:
      return any_relation_named(*this, table_and_ancestors({key.path[0], name}, before));
    case Kind::function:
    case Kind::procedure:
    case Kind::aggregate: return routine_covered(*this, key);
    default: return false;
  }
}

}  // namespace driftwatch::migration_sql
