// The names a migration can collide with or depend on (schemas, relations,
// columns, types), seeded from a snapshot and changed statement by statement.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "probes/schema/object.h"
#include "probes/schema/snapshot.h"

namespace driftwatch::migration_sql {

/// Tables, views, materialized views, sequences, indexes and composite types
/// share one relation namespace per schema, as in pg_class.
struct Relation {
  schema::Kind kind{};
  std::set<std::string> columns;
  /// False when the columns came from somewhere the analyser cannot see
  /// (CREATE TABLE ... LIKE / AS SELECT, views): column checks are then skipped.
  bool columns_known = true;
  std::string index_table;  ///< for an index: its table, in the same schema
};

using QualifiedName = std::pair<std::string, std::string>;  // schema, name

class SchemaModel {
 public:
  explicit SchemaModel(const schema::Snapshot& snapshot);

  /// Unqualified names resolve through this list, "public" unless a
  /// migration sets it: the default search_path of the migration tools,
  /// assuming no schema is named after the role that runs them ("$user").
  [[nodiscard]] const std::vector<std::string>& search_path() const { return search_path_; }
  /// An empty list restores the default.
  void set_search_path(std::vector<std::string> schemas);

  /// Where an unqualified new object goes: the first search_path schema that exists.
  [[nodiscard]] std::optional<std::string> creation_schema() const;
  /// The first search_path schema that holds a relation of that name.
  [[nodiscard]] std::optional<std::string> find_relation_schema(const std::string& name) const;
  /// The first search_path schema that holds a type of that name (row types included).
  [[nodiscard]] std::optional<std::string> find_type_schema(const std::string& name) const;

  [[nodiscard]] bool has_schema(const std::string& name) const;
  [[nodiscard]] bool schema_is_empty(const std::string& name) const;
  [[nodiscard]] const Relation* relation(const QualifiedName& name) const;
  [[nodiscard]] Relation* relation(const QualifiedName& name);
  /// Any type of that name: an enum, domain or range type, or the row type
  /// of a table, view, materialized view or composite type.
  [[nodiscard]] bool has_type(const QualifiedName& name) const;
  /// An enum, domain or range type (types that are not relations).
  [[nodiscard]] std::optional<schema::Kind> plain_type(const QualifiedName& name) const;

  void add_schema(const std::string& name);
  /// Drops the schema and everything in it.
  void drop_schema(const std::string& name);
  void add_relation(const QualifiedName& name, Relation relation);
  /// Drops the relation and, for a table, its indexes.
  void drop_relation(const QualifiedName& name);
  void rename_relation(const QualifiedName& name, const std::string& new_name);
  void add_type(const QualifiedName& name, schema::Kind kind);
  void drop_type(const QualifiedName& name);

 private:
  std::set<std::string> schemas_;
  std::map<QualifiedName, Relation> relations_;
  std::map<QualifiedName, schema::Kind> types_;
  std::vector<std::string> search_path_{"public"};
};

/// Whether a relation of this kind has a row type, whose name then collides
/// with CREATE TYPE: every modelled relation but sequences and indexes.
bool has_row_type(schema::Kind kind);

}  // namespace driftwatch::migration_sql
