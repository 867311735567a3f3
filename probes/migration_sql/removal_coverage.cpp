// Matches removed objects against a migration's removal scope: by name, and
// through the table an index, a sequence or a partition belongs to.
#include "probes/migration_sql/removal_scope.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "probes/schema/identity.h"

namespace driftwatch::migration_sql {
namespace {

using schema::Kind;
using Names = std::set<std::string>;
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
// in the scope on one of these tables? An index lives in its table's schema,
// so each scoped name is looked up there rather than among all objects.
bool scoped_index_on(const RemovalScope& scope, const std::vector<Path>& tables,
                     const schema::Snapshot& before) {
  for (const auto& table : tables) {
    if (table.size() < 2) continue;
    for (const auto& name : scope.relations) {
      const auto* index = find_object(before, Kind::index, {table[0], name});
      if (index != nullptr && schema::owner_relation_path(*index) == table) return true;
    }
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
