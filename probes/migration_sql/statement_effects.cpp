#include "probes/migration_sql/statement_effects.h"

#include <array>
#include <nlohmann/json.hpp>
#include <string_view>

namespace driftwatch::migration_sql {
namespace {

using Json = nlohmann::json;
using Op = Effect::Op;
using Class = StatementAnalysis::Class;
using schema::Kind;

std::string text_field(const Json& node, const char* key) {
  if (!node.is_object()) return {};
  const auto it = node.find(key);
  return it != node.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool flag(const Json& node, const char* key) {
  if (!node.is_object()) return false;
  const auto it = node.find(key);
  return it != node.end() && it->is_boolean() && it->get<bool>();
}

const Json& field(const Json& node, const char* key) {
  static const Json null_node;
  if (!node.is_object()) return null_node;
  const auto it = node.find(key);
  return it != node.end() ? *it : null_node;
}

SqlName range_var(const Json& node) {
  SqlName name;
  const auto schema_name = text_field(node, "schemaname");
  if (!schema_name.empty()) name.schema = schema_name;
  name.name = text_field(node, "relname");
  return name;
}

// A dotted name given as a list of String nodes: [name], [schema, name] or
// [catalog, schema, name].
std::optional<SqlName> name_list(const Json& items) {
  std::vector<std::string> parts;
  if (!items.is_array()) return std::nullopt;
  for (const auto& item : items) {
    const auto part = text_field(field(item, "String"), "sval");
    if (part.empty()) return std::nullopt;
    parts.push_back(part);
  }
  if (parts.empty() || parts.size() > 3) return std::nullopt;
  SqlName name;
  name.name = parts.back();
  if (parts.size() >= 2) name.schema = parts[parts.size() - 2];
  return name;
}

bool is_drop_cascade(const Json& node) { return text_field(node, "behavior") == "DROP_CASCADE"; }

StatementAnalysis not_modelled(Class type, std::string reason) {
  StatementAnalysis analysis;
  analysis.type = type;
  analysis.reason = std::move(reason);
  return analysis;
}

StatementAnalysis modelled(std::vector<Effect> effects, std::string reason = {}) {
  StatementAnalysis analysis;
  analysis.type = Class::modelled;
  analysis.effects = std::move(effects);
  analysis.reason = std::move(reason);
  return analysis;
}

Effect relation_effect(Op op, Kind kind, SqlName name) {
  Effect effect;
  effect.op = op;
  effect.kind = kind;
  effect.name = std::move(name);
  return effect;
}

std::optional<Kind> relation_kind(std::string_view object_type) {
  if (object_type == "OBJECT_TABLE" || object_type == "OBJECT_FOREIGN_TABLE") return Kind::table;
  if (object_type == "OBJECT_VIEW") return Kind::view;
  if (object_type == "OBJECT_MATVIEW") return Kind::materialized_view;
  if (object_type == "OBJECT_INDEX") return Kind::index;
  if (object_type == "OBJECT_SEQUENCE") return Kind::sequence;
  return std::nullopt;
}

StatementAnalysis create_table(const Json& node) {
  Effect effect =
      relation_effect(Op::create_relation, Kind::table, range_var(field(node, "relation")));
  effect.if_not_exists = flag(node, "if_not_exists");
  // Columns that come from elsewhere (LIKE, INHERITS, PARTITION OF, OF type)
  // are unknown here, so column checks on this table must not be guessed.
  effect.columns_known = field(node, "inhRelations").is_null() &&
                         field(node, "ofTypename").is_null() && field(node, "partbound").is_null();
  for (const auto& element : field(node, "tableElts")) {
    if (element.contains("ColumnDef")) {
      effect.columns.push_back(text_field(element["ColumnDef"], "colname"));
    } else if (element.contains("TableLikeClause")) {
      effect.columns_known = false;
    }
  }
  return modelled({std::move(effect)});
}

StatementAnalysis create_table_as(const Json& node) {
  const auto kind =
      text_field(node, "objtype") == "OBJECT_MATVIEW" ? Kind::materialized_view : Kind::table;
  Effect effect =
      relation_effect(Op::create_relation, kind, range_var(field(field(node, "into"), "rel")));
  effect.if_not_exists = flag(node, "if_not_exists");
  effect.columns_known = false;
  return modelled({std::move(effect)});
}

StatementAnalysis create_view(const Json& node) {
  Effect effect = relation_effect(Op::create_relation, Kind::view, range_var(field(node, "view")));
  effect.or_replace = flag(node, "replace");
  effect.columns_known = false;
  return modelled({std::move(effect)});
}

StatementAnalysis create_sequence(const Json& node) {
  Effect effect =
      relation_effect(Op::create_relation, Kind::sequence, range_var(field(node, "sequence")));
  effect.if_not_exists = flag(node, "if_not_exists");
  return modelled({std::move(effect)});
}

StatementAnalysis create_index(const Json& node) {
  const auto table = range_var(field(node, "relation"));
  const auto index_name = text_field(node, "idxname");
  if (index_name.empty()) {
    // PostgreSQL picks a free name itself, so only the table can be checked.
    return modelled({relation_effect(Op::require_relation, Kind::table, table)},
                    "the index has no name in the statement; the server chooses it");
  }
  // An index always lives in its table's schema; the name cannot be qualified.
  Effect effect = relation_effect(Op::create_relation, Kind::index, SqlName{{}, index_name});
  effect.table = table;
  effect.if_not_exists = flag(node, "if_not_exists");
  return modelled({std::move(effect)});
}

StatementAnalysis create_type(const Json& names, Kind kind) {
  auto name = name_list(names);
  if (!name) return not_modelled(Class::opaque, "the type name is not understood");
  Effect effect;
  effect.op = Op::create_type;
  effect.kind = kind;
  effect.name = std::move(*name);
  return modelled({std::move(effect)});
}

StatementAnalysis create_schema(const Json& node) {
  const auto name = text_field(node, "schemaname");
  if (name.empty()) {
    return not_modelled(Class::opaque, "CREATE SCHEMA AUTHORIZATION names the schema after a role");
  }
  if (!field(node, "schemaElts").is_null()) {
    return not_modelled(Class::opaque, "CREATE SCHEMA with embedded statements is not modelled");
  }
  Effect effect;
  effect.op = Op::create_schema;
  effect.kind = Kind::schema;
  effect.name.name = name;
  effect.if_not_exists = flag(node, "if_not_exists");
  return modelled({std::move(effect)});
}

StatementAnalysis drop(const Json& node) {
  const auto remove_type = text_field(node, "removeType");
  const bool missing_ok = flag(node, "missing_ok");
  const bool cascade = is_drop_cascade(node);
  std::vector<Effect> effects;
  const auto relation = relation_kind(remove_type);
  const bool is_type = remove_type == "OBJECT_TYPE" || remove_type == "OBJECT_DOMAIN";
  if (!relation && !is_type && remove_type != "OBJECT_SCHEMA") {
    if (remove_type == "OBJECT_EXTENSION") {
      return not_modelled(Class::opaque,
                          "DROP EXTENSION removes objects the analyser does not know");
    }
    return not_modelled(Class::inert,
                        "DROP of this object type is not modelled; it removes no "
                        "schema, relation, column or type");
  }
  for (const auto& object : field(node, "objects")) {
    Effect effect;
    effect.missing_ok = missing_ok;
    effect.cascade = cascade;
    std::optional<SqlName> name;
    if (relation) {
      effect.op = Op::drop_relation;
      effect.kind = *relation;
      name = name_list(field(field(object, "List"), "items"));
    } else if (is_type) {
      effect.op = Op::drop_type;
      effect.kind = remove_type == "OBJECT_DOMAIN" ? Kind::domain : Kind::enum_type;
      name = name_list(field(field(object, "TypeName"), "names"));
    } else {
      effect.op = Op::drop_schema;
      effect.kind = Kind::schema;
      const auto schema_name = text_field(field(object, "String"), "sval");
      if (!schema_name.empty()) name = SqlName{{}, schema_name};
    }
    if (!name) return not_modelled(Class::opaque, "a dropped object's name is not understood");
    effect.name = std::move(*name);
    effects.push_back(std::move(effect));
  }
  return modelled(std::move(effects));
}

StatementAnalysis rename(const Json& node) {
  const auto rename_type = text_field(node, "renameType");
  const auto relation = range_var(field(node, "relation"));
  const bool missing_ok = flag(node, "missing_ok");
  if (const auto kind = relation_kind(rename_type)) {
    Effect effect = relation_effect(Op::rename_relation, *kind, relation);
    effect.new_name = text_field(node, "newname");
    effect.missing_ok = missing_ok;
    return modelled({std::move(effect)});
  }
  if (rename_type == "OBJECT_COLUMN" && text_field(node, "relationType") != "OBJECT_TYPE") {
    Effect effect = relation_effect(Op::rename_column, Kind::column, relation);
    effect.column = text_field(node, "subname");
    effect.new_name = text_field(node, "newname");
    effect.missing_ok = missing_ok;
    return modelled({std::move(effect)});
  }
  if (rename_type == "OBJECT_TABCONSTRAINT") {
    Effect effect = relation_effect(Op::require_relation, Kind::table, relation);
    effect.missing_ok = missing_ok;
    return modelled({std::move(effect)}, "constraint names are not modelled");
  }
  if (rename_type == "OBJECT_SCHEMA" || rename_type == "OBJECT_TYPE" ||
      rename_type == "OBJECT_DOMAIN" || rename_type == "OBJECT_COLUMN" ||
      rename_type == "OBJECT_ATTRIBUTE") {
    return not_modelled(Class::opaque, "renaming a schema or a type is not modelled");
  }
  return not_modelled(Class::inert,
                      "renaming this object type is not modelled; it renames no "
                      "schema, relation, column or type");
}

// ALTER TABLE sub-commands that name an existing column and change no name.
bool alters_existing_column(std::string_view subtype) {
  static constexpr std::array kColumnCommands{
      std::string_view{"AT_AlterColumnType"}, std::string_view{"AT_ColumnDefault"},
      std::string_view{"AT_SetNotNull"},      std::string_view{"AT_DropNotNull"},
      std::string_view{"AT_SetStatistics"},   std::string_view{"AT_SetOptions"},
      std::string_view{"AT_ResetOptions"},    std::string_view{"AT_SetStorage"},
      std::string_view{"AT_SetCompression"},  std::string_view{"AT_AddIdentity"},
      std::string_view{"AT_SetIdentity"},     std::string_view{"AT_DropIdentity"},
      std::string_view{"AT_DropExpression"},  std::string_view{"AT_CheckNotNull"},
  };
  for (const auto command : kColumnCommands) {
    if (command == subtype) return true;
  }
  return false;
}

StatementAnalysis alter_table(const Json& node) {
  const auto object_type = text_field(node, "objtype");
  const auto kind = relation_kind(object_type);
  if (!kind) {
    return not_modelled(Class::inert, "ALTER TYPE on a composite type is not modelled");
  }
  const auto relation = range_var(field(node, "relation"));
  std::vector<Effect> effects;
  // First the relation itself: IF EXISTS on a missing one skips every sub-command.
  Effect target = relation_effect(Op::require_relation, *kind, relation);
  target.missing_ok = flag(node, "missing_ok");
  effects.push_back(std::move(target));
  std::string unmodelled;
  for (const auto& wrapper : field(node, "cmds")) {
    const auto& command = field(wrapper, "AlterTableCmd");
    const auto subtype = text_field(command, "subtype");
    if (subtype == "AT_AddColumn" || subtype == "AT_AddColumnToView") {
      Effect effect = relation_effect(Op::add_column, Kind::column, relation);
      effect.column = text_field(field(field(command, "def"), "ColumnDef"), "colname");
      effect.if_not_exists = flag(command, "missing_ok");
      effects.push_back(std::move(effect));
    } else if (subtype == "AT_DropColumn") {
      Effect effect = relation_effect(Op::drop_column, Kind::column, relation);
      effect.column = text_field(command, "name");
      effect.missing_ok = flag(command, "missing_ok");
      effect.cascade = is_drop_cascade(command);
      effects.push_back(std::move(effect));
    } else if (alters_existing_column(subtype)) {
      Effect effect = relation_effect(Op::require_column, Kind::column, relation);
      effect.column = text_field(command, "name");
      effects.push_back(std::move(effect));
    } else if (subtype.find("Constraint") != std::string::npos) {
      // Constraints are a namespace of their own (and PRIMARY KEY / UNIQUE
      // add an index): not modelled, so only the table is checked.
      unmodelled = "constraint names are not modelled";
    }
  }
  return modelled(std::move(effects), unmodelled);
}

StatementAnalysis set_variable(const Json& node) {
  if (text_field(node, "name") != "search_path") {
    if (text_field(node, "kind") == "VAR_RESET_ALL") {
      StatementAnalysis analysis;
      analysis.type = Class::search_path;
      return analysis;
    }
    return not_modelled(Class::inert, "a session setting that does not affect name resolution");
  }
  if (flag(node, "is_local")) {
    return not_modelled(Class::opaque,
                        "SET LOCAL search_path lasts to the end of a transaction; not modelled");
  }
  const auto kind = text_field(node, "kind");
  StatementAnalysis analysis;
  analysis.type = Class::search_path;
  if (kind == "VAR_RESET" || kind == "VAR_SET_DEFAULT") return analysis;
  if (kind != "VAR_SET_VALUE") {
    return not_modelled(Class::opaque, "this form of SET search_path is not modelled");
  }
  for (const auto& argument : field(node, "args")) {
    const auto value = text_field(field(field(argument, "A_Const"), "sval"), "sval");
    if (value.empty()) return not_modelled(Class::opaque, "a search_path entry is not a name");
    // "$user" names a schema after the role that runs the migration, which
    // the analyser does not know; like the default path, it is assumed absent.
    if (value != "$user") analysis.search_path.push_back(value);
  }
  if (analysis.search_path.empty()) {
    return not_modelled(Class::opaque, "a search_path of only \"$user\" is not modelled");
  }
  return analysis;
}

// Functions that cannot change the schema, so a statement calling only these
// is still plain data manipulation. Anything else might run DDL.
bool is_harmless_function(std::string_view name) {
  static constexpr std::array kHarmless{
      std::string_view{"setval"},
      std::string_view{"nextval"},
      std::string_view{"currval"},
      std::string_view{"now"},
      std::string_view{"coalesce"},
      std::string_view{"count"},
      std::string_view{"max"},
      std::string_view{"min"},
      std::string_view{"sum"},
      std::string_view{"lower"},
      std::string_view{"upper"},
      std::string_view{"length"},
      std::string_view{"concat"},
      std::string_view{"gen_random_uuid"},
      std::string_view{"md5"},
      std::string_view{"to_char"},
      std::string_view{"jsonb_build_object"},
      std::string_view{"json_build_object"},
      std::string_view{"array_agg"},
      std::string_view{"string_agg"},
      std::string_view{"trim"},
      std::string_view{"replace"},
      std::string_view{"substring"},
      std::string_view{"uuid_generate_v4"},
  };
  for (const auto harmless : kHarmless) {
    if (harmless == name) return true;
  }
  return false;
}

std::optional<std::string> first_unknown_function(const Json& node) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "FuncCall") {
        const auto name = name_list(field(value, "funcname"));
        if (!name || !is_harmless_function(name->name)) return name ? name->name : "?";
      }
      if (auto found = first_unknown_function(value)) return found;
    }
  } else if (node.is_array()) {
    for (const auto& value : node) {
      if (auto found = first_unknown_function(value)) return found;
    }
  }
  return std::nullopt;
}

StatementAnalysis data_statement(const std::string& node_type, const Json& node) {
  const std::string label = node_type.substr(0, node_type.size() - 4);  // "InsertStmt" -> "Insert"
  if (const auto function = first_unknown_function(node)) {
    return not_modelled(Class::opaque, "calls " + *function + "(), which may change the schema");
  }
  return not_modelled(Class::inert, label + " changes data, not the schema; it is not checked");
}

bool is_inert_statement(std::string_view node_type) {
  static constexpr std::array kInert{
      std::string_view{"TransactionStmt"},
      std::string_view{"VariableShowStmt"},
      std::string_view{"CommentStmt"},
      std::string_view{"GrantStmt"},
      std::string_view{"GrantRoleStmt"},
      std::string_view{"CreateFunctionStmt"},
      std::string_view{"AlterFunctionStmt"},
      std::string_view{"CreateTrigStmt"},
      std::string_view{"CreatePolicyStmt"},
      std::string_view{"AlterPolicyStmt"},
      std::string_view{"CreateRoleStmt"},
      std::string_view{"AlterRoleStmt"},
      std::string_view{"DropRoleStmt"},
      std::string_view{"AlterOwnerStmt"},
      std::string_view{"AlterDefaultPrivilegesStmt"},
      std::string_view{"LockStmt"},
      std::string_view{"VacuumStmt"},
      std::string_view{"AlterEnumStmt"},
      std::string_view{"RuleStmt"},
      std::string_view{"CreateCastStmt"},
      std::string_view{"DefineStmt"},
      std::string_view{"ReindexStmt"},
      std::string_view{"ClusterStmt"},
      std::string_view{"RefreshMatViewStmt"},
      std::string_view{"AlterSeqStmt"},
      std::string_view{"CreateEventTrigStmt"},
      std::string_view{"NotifyStmt"},
      std::string_view{"PrepareStmt"},
      std::string_view{"DeallocateStmt"},
      std::string_view{"AlterDomainStmt"},
      std::string_view{"CreateStatsStmt"},
      std::string_view{"SecLabelStmt"},
      std::string_view{"CopyStmt"},
      std::string_view{"CheckPointStmt"},
  };
  for (const auto inert : kInert) {
    if (inert == node_type) return true;
  }
  return false;
}

}  // namespace

StatementAnalysis analyse_statement(const ParsedStatement& statement) {
  const auto node = Json::parse(statement.tree_json, nullptr, false);
  const auto& type = statement.node;
  if (node.is_discarded() || type.empty()) {
    return not_modelled(Class::opaque, "the parser returned no statement");
  }
  if (type == "CreateStmt") return create_table(node);
  if (type == "CreateTableAsStmt") return create_table_as(node);
  if (type == "ViewStmt") return create_view(node);
  if (type == "CreateSeqStmt") return create_sequence(node);
  if (type == "IndexStmt") return create_index(node);
  if (type == "CreateSchemaStmt") return create_schema(node);
  if (type == "CreateEnumStmt") return create_type(field(node, "typeName"), Kind::enum_type);
  if (type == "CreateRangeStmt") return create_type(field(node, "typeName"), Kind::range_type);
  if (type == "CreateDomainStmt") return create_type(field(node, "domainname"), Kind::domain);
  if (type == "CompositeTypeStmt") {
    return modelled({relation_effect(Op::create_relation, Kind::composite_type,
                                     range_var(field(node, "typevar")))});
  }
  if (type == "DropStmt") return drop(node);
  if (type == "RenameStmt") return rename(node);
  if (type == "AlterTableStmt") return alter_table(node);
  if (type == "VariableSetStmt") return set_variable(node);
  if (type == "InsertStmt" || type == "UpdateStmt" || type == "DeleteStmt" ||
      type == "SelectStmt" || type == "MergeStmt") {
    return data_statement(type, node);
  }
  if (is_inert_statement(type)) {
    return not_modelled(Class::inert, type +
                                          " is not modelled; it changes no schema, relation, "
                                          "column or type name");
  }
  if (type == "DoStmt") {
    return not_modelled(Class::opaque,
                        "a DO block runs procedural code that may change the schema");
  }
  if (type == "CallStmt" || type == "ExecuteStmt") {
    return not_modelled(Class::opaque, "runs code that may change the schema");
  }
  if (type == "CreateExtensionStmt") {
    return not_modelled(Class::opaque, "an extension creates objects the analyser does not know");
  }
  return not_modelled(Class::opaque, type + " is not modelled");
}

std::string kind_word(schema::Kind kind) {
  return kind == schema::Kind::enum_type ? std::string("type")
                                         : std::string(schema::kind_name(kind));
}

}  // namespace driftwatch::migration_sql
