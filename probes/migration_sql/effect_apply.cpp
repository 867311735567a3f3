#include "probes/migration_sql/effect_apply.h"

#include <optional>
#include <variant>
#include <vector>

#include "probes/schema/identity.h"

namespace driftwatch::migration_sql {
namespace {

using Op = Effect::Op;
using State = ApplyOutcome::State;
using schema::Kind;

// Error texts and SQLSTATEs are PostgreSQL 15's (tablecmds.c, heap.c,
// namespace.c, dropcmds.c), so they can be compared with what a run prints.
constexpr const char* kDuplicateColumn = "42701";
constexpr const char* kDuplicateTable = "42P07";
constexpr const char* kDuplicateSchema = "42P06";
constexpr const char* kDuplicateObject = "42710";
constexpr const char* kUndefinedTable = "42P01";
constexpr const char* kUndefinedColumn = "42703";
constexpr const char* kUndefinedObject = "42704";
constexpr const char* kInvalidSchemaName = "3F000";
constexpr const char* kWrongObjectType = "42809";
constexpr const char* kDependentObjectsStillExist = "2BP01";

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

// PostgreSQL names a missing relation the way the statement wrote it.
std::string written(const SqlName& name) {
  return name.schema ? *name.schema + "." + name.name : name.name;
}

std::string kind_label(Kind kind) {
  switch (kind) {
    case Kind::table: return "table";
    case Kind::view: return "view";
    case Kind::materialized_view: return "materialized view";
    case Kind::index: return "index";
    case Kind::sequence: return "sequence";
    case Kind::composite_type: return "type";
    case Kind::domain: return "domain";
    default: return "type";
  }
}

ApplyOutcome outcome(State state, std::string object, Kind kind, std::string error = {},
                     std::string sqlstate = {}) {
  ApplyOutcome result;
  result.state = state;
  result.object = std::move(object);
  result.kind = kind_word(kind);
  result.error = std::move(error);
  result.sqlstate = std::move(sqlstate);
  return result;
}

std::string identity(const QualifiedName& name) {
  return schema::format_identity(std::vector<std::string>{name.first, name.second});
}

std::string column_identity(const QualifiedName& table, const std::string& column) {
  return schema::format_identity(std::vector<std::string>{table.first, table.second, column});
}

// Where a name that does not resolve would have lived, for the report.
QualifiedName presumed(const SqlName& name, const SchemaModel& model) {
  if (name.schema) return {*name.schema, name.name};
  const auto schema_name = model.creation_schema();
  return {schema_name.value_or(model.search_path().front()), name.name};
}

std::optional<QualifiedName> resolve_relation(const SqlName& name, const SchemaModel& model) {
  if (name.schema) {
    QualifiedName qualified{*name.schema, name.name};
    return model.relation(qualified) != nullptr ? std::optional(qualified) : std::nullopt;
  }
  const auto schema_name = model.find_relation_schema(name.name);
  return schema_name ? std::optional<QualifiedName>({*schema_name, name.name}) : std::nullopt;
}

// The failure for a relation that does not resolve; PostgreSQL complains
// about a missing schema before a missing relation.
ApplyOutcome missing_relation(const SqlName& name, Kind kind, const SchemaModel& model,
                              std::string message, const char* sqlstate) {
  const auto where = presumed(name, model);
  if (name.schema && !model.has_schema(*name.schema)) {
    return outcome(State::failed, identity(where), kind,
                   "schema " + quoted(*name.schema) + " does not exist", kInvalidSchemaName);
  }
  return outcome(State::failed, identity(where), kind, std::move(message), sqlstate);
}

ApplyOutcome relation_does_not_exist(const SqlName& name, Kind kind, const SchemaModel& model) {
  return missing_relation(name, kind, model,
                          "relation " + quoted(written(name)) + " does not exist", kUndefinedTable);
}

ApplyOutcome skipped(std::string object, Kind kind, std::string notice) {
  return outcome(State::skipped, std::move(object), kind, std::move(notice) + ", skipping");
}

// The schema a new object goes to, or the failure when there is none.
std::variant<QualifiedName, ApplyOutcome> creation_target(const SqlName& name, Kind kind,
                                                          const SchemaModel& model) {
  if (name.schema) {
    if (!model.has_schema(*name.schema)) {
      return outcome(State::failed, identity({*name.schema, name.name}), kind,
                     "schema " + quoted(*name.schema) + " does not exist", kInvalidSchemaName);
    }
    return QualifiedName{*name.schema, name.name};
  }
  if (const auto schema_name = model.creation_schema()) {
    return QualifiedName{*schema_name, name.name};
  }
  return outcome(State::failed, identity(presumed(name, model)), kind,
                 "no schema has been selected to create in", kInvalidSchemaName);
}

ApplyOutcome create_index(const Effect& effect, SchemaModel& model) {
  const auto table = resolve_relation(*effect.table, model);
  if (!table) return relation_does_not_exist(*effect.table, Kind::table, model);
  const auto* owner = model.relation(*table);
  const QualifiedName name{table->first, effect.name.name};
  if (owner->kind != Kind::table && owner->kind != Kind::materialized_view) {
    return outcome(State::failed, identity(name), Kind::index,
                   "cannot create index on relation " + quoted(table->second), kWrongObjectType);
  }
  if (model.relation(name) != nullptr) {
    const auto message = "relation " + quoted(name.second) + " already exists";
    if (effect.if_not_exists) return skipped(identity(name), Kind::index, message);
    return outcome(State::failed, identity(name), Kind::index, message, kDuplicateTable);
  }
  model.add_relation(name, Relation{Kind::index, {}, true, table->second});
  return outcome(State::applied, identity(name), Kind::index);
}

ApplyOutcome create_relation(const Effect& effect, SchemaModel& model) {
  if (effect.kind == Kind::index) return create_index(effect, model);
  auto target = creation_target(effect.name, effect.kind, model);
  if (auto* failure = std::get_if<ApplyOutcome>(&target)) return std::move(*failure);
  const auto name = std::get<QualifiedName>(target);
  if (const auto* existing = model.relation(name)) {
    if (effect.or_replace && existing->kind == effect.kind) {
      model.add_relation(name, Relation{effect.kind, {}, false, {}});
      return outcome(State::applied, identity(name), effect.kind);
    }
    if (effect.or_replace) {
      return outcome(State::failed, identity(name), effect.kind,
                     quoted(name.second) + " is not a " + kind_label(effect.kind),
                     kWrongObjectType);
    }
    const auto message = "relation " + quoted(name.second) + " already exists";
    if (effect.if_not_exists) return skipped(identity(name), effect.kind, message);
    return outcome(State::failed, identity(name), effect.kind, message, kDuplicateTable);
  }
  if (has_row_type(effect.kind) && model.plain_type(name)) {
    return outcome(State::failed, identity(name), effect.kind,
                   "type " + quoted(name.second) + " already exists", kDuplicateObject);
  }
  Relation relation{effect.kind, {}, effect.columns_known, {}};
  relation.columns.insert(effect.columns.begin(), effect.columns.end());
  model.add_relation(name, std::move(relation));
  return outcome(State::applied, identity(name), effect.kind);
}

ApplyOutcome drop_relation(const Effect& effect, SchemaModel& model) {
  const auto name = resolve_relation(effect.name, model);
  if (!name) {
    const auto message =
        kind_label(effect.kind) + " " + quoted(written(effect.name)) + " does not exist";
    if (effect.missing_ok) {
      return skipped(identity(presumed(effect.name, model)), effect.kind, message);
    }
    return missing_relation(effect.name, effect.kind, model, message,
                            effect.kind == Kind::index ? kUndefinedObject : kUndefinedTable);
  }
  if (model.relation(*name)->kind != effect.kind) {
    return outcome(State::failed, identity(*name), effect.kind,
                   quoted(name->second) + " is not a " + kind_label(effect.kind), kWrongObjectType);
  }
  model.drop_relation(*name);
  return outcome(State::applied, identity(*name), effect.kind);
}

ApplyOutcome rename_relation(const Effect& effect, SchemaModel& model) {
  const auto name = resolve_relation(effect.name, model);
  if (!name) {
    if (effect.missing_ok) {
      return skipped(identity(presumed(effect.name, model)), effect.kind,
                     "relation " + quoted(written(effect.name)) + " does not exist");
    }
    return relation_does_not_exist(effect.name, effect.kind, model);
  }
  const QualifiedName target{name->first, effect.new_name};
  if (model.relation(target) != nullptr) {
    return outcome(State::failed, identity(target), effect.kind,
                   "relation " + quoted(effect.new_name) + " already exists", kDuplicateTable);
  }
  if (has_row_type(model.relation(*name)->kind) && model.plain_type(target)) {
    return outcome(State::failed, identity(target), effect.kind,
                   "type " + quoted(effect.new_name) + " already exists", kDuplicateObject);
  }
  model.rename_relation(*name, effect.new_name);
  return outcome(State::applied, identity(*name), effect.kind);
}

ApplyOutcome column_effect(const Effect& effect, SchemaModel& model) {
  const auto table = resolve_relation(effect.name, model);
  if (!table) return relation_does_not_exist(effect.name, Kind::table, model);
  auto& relation = *model.relation(*table);
  const auto object = column_identity(*table, effect.column);
  const auto of_relation = " of relation " + quoted(table->second);
  const bool exists = relation.columns.count(effect.column) > 0;

  if (!relation.columns_known) {
    // Keep what the statement says so later statements see it, but claim nothing.
    if (effect.op == Op::add_column) relation.columns.insert(effect.column);
    if (effect.op == Op::drop_column) relation.columns.erase(effect.column);
    if (effect.op == Op::rename_column) {
      relation.columns.erase(effect.column);
      relation.columns.insert(effect.new_name);
    }
    auto result = outcome(State::unchecked, object, Kind::column);
    result.note = "the columns of " + identity(*table) + " are not known";
    return result;
  }
  switch (effect.op) {
    case Op::add_column:
      if (exists) {
        const auto message = "column " + quoted(effect.column) + of_relation + " already exists";
        if (effect.if_not_exists) return skipped(object, Kind::column, message);
        return outcome(State::failed, object, Kind::column, message, kDuplicateColumn);
      }
      relation.columns.insert(effect.column);
      break;
    case Op::drop_column:
      if (!exists) {
        const auto message = "column " + quoted(effect.column) + of_relation + " does not exist";
        if (effect.missing_ok) return skipped(object, Kind::column, message);
        return outcome(State::failed, object, Kind::column, message, kUndefinedColumn);
      }
      relation.columns.erase(effect.column);
      break;
    case Op::rename_column: {
      if (!exists) {
        return outcome(State::failed, object, Kind::column,
                       "column " + quoted(effect.column) + " does not exist", kUndefinedColumn);
      }
      if (relation.columns.count(effect.new_name) > 0) {
        return outcome(State::failed, column_identity(*table, effect.new_name), Kind::column,
                       "column " + quoted(effect.new_name) + of_relation + " already exists",
                       kDuplicateColumn);
      }
      relation.columns.erase(effect.column);
      relation.columns.insert(effect.new_name);
      break;
    }
    default:  // require_column
      if (!exists) {
        return outcome(State::failed, object, Kind::column,
                       "column " + quoted(effect.column) + of_relation + " does not exist",
                       kUndefinedColumn);
      }
      break;
  }
  return outcome(State::applied, object, Kind::column);
}

ApplyOutcome schema_effect(const Effect& effect, SchemaModel& model) {
  const auto& name = effect.name.name;
  const auto object = schema::format_identity(std::vector<std::string>{name});
  if (effect.op == Op::create_schema) {
    if (model.has_schema(name)) {
      const auto message = "schema " + quoted(name) + " already exists";
      if (effect.if_not_exists) return skipped(object, Kind::schema, message);
      return outcome(State::failed, object, Kind::schema, message, kDuplicateSchema);
    }
    model.add_schema(name);
    return outcome(State::applied, object, Kind::schema);
  }
  if (!model.has_schema(name)) {
    const auto message = "schema " + quoted(name) + " does not exist";
    if (effect.missing_ok) return skipped(object, Kind::schema, message);
    return outcome(State::failed, object, Kind::schema, message, kInvalidSchemaName);
  }
  if (!effect.cascade && !model.schema_is_empty(name)) {
    return outcome(State::failed, object, Kind::schema,
                   "cannot drop schema " + name + " because other objects depend on it",
                   kDependentObjectsStillExist);
  }
  model.drop_schema(name);
  return outcome(State::applied, object, Kind::schema);
}

ApplyOutcome create_type(const Effect& effect, SchemaModel& model) {
  auto target = creation_target(effect.name, effect.kind, model);
  if (auto* failure = std::get_if<ApplyOutcome>(&target)) return std::move(*failure);
  const auto name = std::get<QualifiedName>(target);
  if (model.has_type(name)) {
    return outcome(State::failed, identity(name), effect.kind,
                   "type " + quoted(name.second) + " already exists", kDuplicateObject);
  }
  model.add_type(name, effect.kind);
  return outcome(State::applied, identity(name), effect.kind);
}

ApplyOutcome drop_type(const Effect& effect, SchemaModel& model) {
  std::optional<QualifiedName> name;
  if (effect.name.schema) {
    name = QualifiedName{*effect.name.schema, effect.name.name};
  } else if (const auto schema_name = model.find_type_schema(effect.name.name)) {
    name = QualifiedName{*schema_name, effect.name.name};
  }
  const auto* composite = name ? model.relation(*name) : nullptr;
  const bool is_composite = composite != nullptr && composite->kind == Kind::composite_type;
  const auto plain = name ? model.plain_type(*name) : std::nullopt;
  if (!plain && !is_composite) {
    const auto where = name.value_or(presumed(effect.name, model));
    const auto message = "type " + quoted(written(effect.name)) + " does not exist";
    if (effect.missing_ok) return skipped(identity(where), effect.kind, message);
    return outcome(State::failed, identity(where), effect.kind, message, kUndefinedObject);
  }
  const Kind actual = plain ? *plain : Kind::composite_type;
  if (effect.kind == Kind::domain && actual != Kind::domain) {
    return outcome(State::failed, identity(*name), effect.kind,
                   quoted(name->second) + " is not a domain", kWrongObjectType);
  }
  if (plain) {
    model.drop_type(*name);
  } else {
    model.drop_relation(*name);
  }
  return outcome(State::applied, identity(*name), actual);
}

}  // namespace

ApplyOutcome apply_effect(const Effect& effect, SchemaModel& model) {
  switch (effect.op) {
    case Op::create_schema:
    case Op::drop_schema: return schema_effect(effect, model);
    case Op::create_relation: return create_relation(effect, model);
    case Op::drop_relation: return drop_relation(effect, model);
    case Op::rename_relation: return rename_relation(effect, model);
    case Op::require_relation: {
      if (const auto name = resolve_relation(effect.name, model)) {
        return outcome(State::applied, identity(*name), model.relation(*name)->kind);
      }
      if (effect.missing_ok) {
        return skipped(identity(presumed(effect.name, model)), effect.kind,
                       "relation " + quoted(written(effect.name)) + " does not exist");
      }
      return relation_does_not_exist(effect.name, effect.kind, model);
    }
    case Op::add_column:
    case Op::drop_column:
    case Op::rename_column:
    case Op::require_column: return column_effect(effect, model);
    case Op::create_type: return create_type(effect, model);
    case Op::drop_type: return drop_type(effect, model);
  }
  return outcome(State::unchecked, {}, effect.kind);
}

}  // namespace driftwatch::migration_sql
