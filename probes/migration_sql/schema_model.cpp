#include "probes/migration_sql/schema_model.h"

#include <algorithm>

#include "probes/schema/identity.h"

namespace driftwatch::migration_sql {
namespace {

using schema::Kind;

bool is_modelled_relation(Kind kind) {
  return kind == Kind::table || kind == Kind::view || kind == Kind::materialized_view ||
         kind == Kind::sequence || kind == Kind::index || kind == Kind::composite_type;
}

}  // namespace

bool has_row_type(Kind kind) { return kind != Kind::sequence && kind != Kind::index; }

SchemaModel::SchemaModel(const schema::Snapshot& snapshot) {
  // Relations first: in canonical order a view's columns come before the view.
  for (const auto& object : snapshot.objects()) {
    const auto& key = object.key;
    if (key.kind == Kind::schema && key.path.size() == 1) {
      schemas_.insert(key.path[0]);
    } else if (is_modelled_relation(key.kind) && key.path.size() == 2) {
      schemas_.insert(key.path[0]);
      Relation relation{key.kind, {}, true, {}};
      if (key.kind == Kind::index) {
        if (const auto table = object.attribute("table")) {
          if (const auto parsed = schema::parse_identity(*table);
              parsed && parsed->path.size() == 2) {
            relation.index_table = parsed->path[1];
          }
        }
      }
      relations_[{key.path[0], key.path[1]}] = std::move(relation);
    } else if ((key.kind == Kind::enum_type || key.kind == Kind::domain ||
                key.kind == Kind::range_type) &&
               key.path.size() == 2) {
      schemas_.insert(key.path[0]);
      types_[{key.path[0], key.path[1]}] = key.kind;
    }
  }
  for (const auto& object : snapshot.objects()) {
    const auto& key = object.key;
    if (key.kind != Kind::column || key.path.size() != 3) continue;
    if (auto* owner = relation({key.path[0], key.path[1]})) owner->columns.insert(key.path[2]);
  }
}

void SchemaModel::set_search_path(std::vector<std::string> schemas) {
  search_path_ = schemas.empty() ? std::vector<std::string>{"public"} : std::move(schemas);
}

std::optional<std::string> SchemaModel::creation_schema() const {
  for (const auto& name : search_path_) {
    if (has_schema(name)) return name;
  }
  return std::nullopt;
}

std::optional<std::string> SchemaModel::find_relation_schema(const std::string& name) const {
  for (const auto& schema_name : search_path_) {
    if (relation({schema_name, name}) != nullptr) return schema_name;
  }
  return std::nullopt;
}

std::optional<std::string> SchemaModel::find_type_schema(const std::string& name) const {
  for (const auto& schema_name : search_path_) {
    if (has_type({schema_name, name})) return schema_name;
  }
  return std::nullopt;
}

bool SchemaModel::has_schema(const std::string& name) const { return schemas_.count(name) > 0; }

bool SchemaModel::schema_is_empty(const std::string& name) const {
  const auto in_schema = [&](const auto& entry) { return entry.first.first == name; };
  return std::none_of(relations_.begin(), relations_.end(), in_schema) &&
         std::none_of(types_.begin(), types_.end(), in_schema);
}

const Relation* SchemaModel::relation(const QualifiedName& name) const {
  const auto it = relations_.find(name);
  return it == relations_.end() ? nullptr : &it->second;
}

Relation* SchemaModel::relation(const QualifiedName& name) {
  const auto it = relations_.find(name);
  return it == relations_.end() ? nullptr : &it->second;
}

bool SchemaModel::has_type(const QualifiedName& name) const {
  if (types_.count(name) > 0) return true;
  const auto* found = relation(name);
  return found != nullptr && has_row_type(found->kind);
}

std::optional<Kind> SchemaModel::plain_type(const QualifiedName& name) const {
  const auto it = types_.find(name);
  return it == types_.end() ? std::nullopt : std::optional<Kind>(it->second);
}

void SchemaModel::add_schema(const std::string& name) { schemas_.insert(name); }

void SchemaModel::drop_schema(const std::string& name) {
  schemas_.erase(name);
  std::erase_if(relations_, [&](const auto& entry) { return entry.first.first == name; });
  std::erase_if(types_, [&](const auto& entry) { return entry.first.first == name; });
}

void SchemaModel::add_relation(const QualifiedName& name, Relation relation) {
  relations_[name] = std::move(relation);
}

void SchemaModel::drop_relation(const QualifiedName& name) {
  const auto it = relations_.find(name);
  if (it == relations_.end()) return;
  const bool is_table =
      it->second.kind == Kind::table || it->second.kind == Kind::materialized_view;
  relations_.erase(it);
  if (!is_table) return;
  std::erase_if(relations_, [&](const auto& entry) {
    return entry.first.first == name.first && entry.second.kind == Kind::index &&
           entry.second.index_table == name.second;
  });
}

void SchemaModel::rename_relation(const QualifiedName& name, const std::string& new_name) {
  auto node = relations_.extract(name);
  if (node.empty()) return;
  node.key().second = new_name;
  relations_.insert(std::move(node));
  for (auto& [key, relation] : relations_) {
    if (key.first == name.first && relation.kind == Kind::index &&
        relation.index_table == name.second) {
      relation.index_table = new_name;
    }
  }
}

void SchemaModel::add_type(const QualifiedName& name, Kind kind) { types_[name] = kind; }

void SchemaModel::drop_type(const QualifiedName& name) { types_.erase(name); }

}  // namespace driftwatch::migration_sql
