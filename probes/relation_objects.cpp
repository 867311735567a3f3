// Schemas, extensions and relations (tables, views, materialized views,
// sequences) from their catalog rows.
#include <algorithm>
#include <map>

#include "probes/catalog_objects.h"
#include "probes/object_builder.h"
#include "probes/schema/identity.h"
#include "probes/sql_text.h"

namespace driftwatch::probes {
namespace {

using schema::Kind;

std::optional<Kind> relation_kind(std::string_view relkind) {
  if (relkind == "r" || relkind == "p" || relkind == "f") return Kind::table;
  if (relkind == "v") return Kind::view;
  if (relkind == "m") return Kind::materialized_view;
  if (relkind == "S") return Kind::sequence;
  return std::nullopt;
}

std::optional<std::string_view> replica_identity(std::string_view code) {
  if (code == "n") return "nothing";
  if (code == "f") return "full";
  if (code == "i") return "index";
  return std::nullopt;  // 'd', the default: the primary key
}

std::string sorted_options(std::string_view array) {
  auto options = parse_text_array_values(array);
  std::sort(options.begin(), options.end());
  return join(options, ", ");
}

std::string parent_identities(std::string_view schemas_array, std::string_view names_array) {
  const auto schemas = parse_text_array_values(schemas_array);
  const auto names = parse_text_array_values(names_array);
  std::vector<std::string> parents;
  for (std::size_t i = 0; i < schemas.size() && i < names.size(); ++i) {
    parents.push_back(schema::format_identity({schemas[i], names[i]}));
  }
  return join(parents, ", ");
}

}  // namespace

void schema_objects(const ResultTable& rows, CatalogContext&, Objects& out) {
  const auto nspname = rows.column("nspname");
  const OwnershipColumns ownership(rows);
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    auto object = make_object(Kind::schema, {std::string(rows.text(r, nspname))});
    set_ownership(object, rows, r, ownership);
    out.push_back(std::move(object));
  }
}

void extension_objects(const ResultTable& rows, CatalogContext&, Objects& out) {
  const auto name = rows.column("extname");
  const auto version = rows.column("extversion");
  const auto nspname = rows.column("nspname");
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    auto object = make_object(Kind::extension, {std::string(rows.text(r, name))});
    set_attribute(object, "version", rows.text(r, version));
    set_attribute(object, "schema", rows.text(r, nspname));
    out.push_back(std::move(object));
  }
}

void relation_objects(const ResultTable& rows, CatalogContext&, Objects& out) {
  const auto c_nsp = rows.column("nspname");
  const auto c_name = rows.column("relname");
  const auto c_kind = rows.column("relkind");
  const auto c_persistence = rows.column("relpersistence");
  const OwnershipColumns ownership(rows);
  const auto c_rls = rows.column("relrowsecurity");
  const auto c_force_rls = rows.column("relforcerowsecurity");
  const auto c_options = rows.column("reloptions");
  const auto c_is_partition = rows.column("relispartition");
  const auto c_bound = rows.column("partition_bound");
  const auto c_key = rows.column("partition_key");
  const auto c_parent_schemas = rows.column("parent_schemas");
  const auto c_parent_names = rows.column("parent_names");
  const auto c_tablespace = rows.column("tablespace");
  const auto c_am = rows.column("access_method");
  const auto c_replident = rows.column("relreplident");
  const auto c_server = rows.column("foreign_server");
  const auto c_fdw_options = rows.column("foreign_options");
  const auto c_seq_type = rows.column("sequence_type");
  const auto c_seq_start = rows.column("seqstart");
  const auto c_seq_increment = rows.column("seqincrement");
  const auto c_seq_min = rows.column("seqmin");
  const auto c_seq_max = rows.column("seqmax");
  const auto c_seq_cache = rows.column("seqcache");
  const auto c_seq_cycle = rows.column("seqcycle");
  const auto c_owner_schema = rows.column("owner_schema");
  const auto c_owner_table = rows.column("owner_table");
  const auto c_owner_column = rows.column("owner_column");
  const auto c_owned_how = rows.column("owned_how");

  for (std::size_t r = 0; r < rows.rows(); ++r) {
    const auto kind = relation_kind(rows.text(r, c_kind));
    if (!kind) continue;
    auto object =
        make_object(*kind, {std::string(rows.text(r, c_nsp)), std::string(rows.text(r, c_name))});
    set_ownership(object, rows, r, ownership);
    if (rows.text(r, c_persistence) == "u") set_attribute(object, "unlogged", "true");
    if (auto options = rows.optional_text(r, c_options)) {
      set_attribute(object, "options", sorted_options(*options));
    }
    set_if_present(object, "tablespace", rows.optional_text(r, c_tablespace));

    if (*kind == Kind::table || *kind == Kind::materialized_view) {
      set_if_present(object, "access_method", rows.optional_text(r, c_am));
    }
    if (*kind == Kind::table) {
      set_if_present(object, "partition_key", rows.optional_text(r, c_key));
      if (!rows.is_null(r, c_parent_schemas)) {
        const auto parents =
            parent_identities(rows.text(r, c_parent_schemas), rows.text(r, c_parent_names));
        if (rows.flag(r, c_is_partition)) {
          set_attribute(object, "partition_of", parents);
          set_if_present(object, "partition_bound", rows.optional_text(r, c_bound));
        } else {
          set_attribute(object, "inherits", parents);
        }
      }
      set_if_present(object, "replica_identity", replica_identity(rows.text(r, c_replident)));
      if (rows.flag(r, c_rls)) set_attribute(object, "row_security", "true");
      if (rows.flag(r, c_force_rls)) set_attribute(object, "force_row_security", "true");
      set_if_present(object, "foreign_server", rows.optional_text(r, c_server));
      if (auto options = rows.optional_text(r, c_fdw_options)) {
        set_attribute(object, "foreign_options", sorted_options(*options));
      }
    }
    if (*kind == Kind::sequence) {
      set_attribute(object, "data_type", rows.text(r, c_seq_type));
      set_attribute(object, "start", rows.text(r, c_seq_start));
      set_attribute(object, "increment", rows.text(r, c_seq_increment));
      set_attribute(object, "minimum", rows.text(r, c_seq_min));
      set_attribute(object, "maximum", rows.text(r, c_seq_max));
      set_attribute(object, "cache", rows.text(r, c_seq_cache));
      set_attribute(object, "cycle", bool_text(rows.flag(r, c_seq_cycle)));
      if (!rows.is_null(r, c_owner_table)) {
        set_attribute(object, "owned_by",
                      schema::format_identity({std::string(rows.text(r, c_owner_schema)),
                                               std::string(rows.text(r, c_owner_table)),
                                               std::string(rows.text(r, c_owner_column))}));
        if (rows.text(r, c_owned_how) == "i") set_attribute(object, "identity", "true");
      }
    }
    out.push_back(std::move(object));
  }
}

void view_definitions(const ResultTable& rows, CatalogContext&, Objects& out) {
  const auto nspname = rows.column("nspname");
  const auto relname = rows.column("relname");
  const auto definition = rows.column("definition");
  std::map<std::vector<std::string>, std::string_view> definitions;
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    definitions[{std::string(rows.text(r, nspname)), std::string(rows.text(r, relname))}] =
        rows.text(r, definition);
  }
  for (auto& object : out) {
    if (object.key.kind != Kind::view && object.key.kind != Kind::materialized_view) continue;
    if (auto it = definitions.find(object.key.path); it != definitions.end()) {
      set_attribute(object, "definition", it->second);
    }
  }
}

}  // namespace driftwatch::probes
