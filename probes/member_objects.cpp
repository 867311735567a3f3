// Objects that belong to a relation: constraints, indexes, triggers,
// row-level security policies and rules.
#include "probes/catalog_objects.h"
#include "probes/index_definition.h"
#include "probes/key_constraint_definition.h"
#include "probes/object_builder.h"
#include "probes/schema/identity.h"

namespace driftwatch::probes {
namespace {

using schema::Kind;

std::optional<std::string_view> constraint_type(std::string_view code) {
  if (code == "p") return "primary key";
  if (code == "u") return "unique";
  if (code == "f") return "foreign key";
  if (code == "c") return "check";
  if (code == "x") return "exclusion";
  if (code == "n") return "not null";  // PostgreSQL 18 records NOT NULL as constraints
  return std::nullopt;
}

// pg_trigger.tgenabled and pg_rewrite.ev_enabled share these codes.
std::string_view firing_text(std::string_view code) {
  if (code == "D") return "disabled";
  if (code == "R") return "replica";
  if (code == "A") return "always";
  return "origin";
}

std::string_view policy_command(std::string_view code) {
  if (code == "r") return "select";
  if (code == "a") return "insert";
  if (code == "w") return "update";
  if (code == "d") return "delete";
  return "all";
}

long long to_number(std::string_view text) { return std::stoll(std::string(text)); }

std::vector<std::string> member_path(const ResultTable& rows, std::size_t r, std::size_t schema_col,
                                     std::size_t relation_col, std::size_t name_col) {
  return {std::string(rows.text(r, schema_col)), std::string(rows.text(r, relation_col)),
          std::string(rows.text(r, name_col))};
}

}  // namespace

void constraint_objects(const ResultTable& rows, CatalogContext& context, Objects& out) {
  const auto c_nsp = rows.column("nspname");
  const auto c_rel = rows.column("relname");
  const auto c_name = rows.column("conname");
  const auto c_type = rows.column("contype");
  const auto c_table = rows.column("conrelid");
  const auto c_keys = rows.column("keys");
  const auto c_referenced_keys = rows.column("referenced_keys");
  const auto c_referenced_oid = rows.column("confrelid");
  const auto c_referenced_schema = rows.column("referenced_schema");
  const auto c_referenced_table = rows.column("referenced_table");
  const auto c_update = rows.column("confupdtype");
  const auto c_delete = rows.column("confdeltype");
  const auto c_match = rows.column("confmatchtype");
  const auto c_delete_set = rows.column("delete_set_keys");
  const auto c_deferrable = rows.column("condeferrable");
  const auto c_deferred = rows.column("condeferred");
  const auto c_validated = rows.column("convalidated");
  const auto c_nulls_not_distinct = rows.column("indnullsnotdistinct");
  const auto c_index_key_count = rows.column("indnkeyatts");
  const auto c_index_keys = rows.column("index_keys");
  const auto c_server_definition = rows.column("server_definition");
  const auto c_comment = rows.column("description");
  const auto first_char = [&](std::size_t r, std::size_t col) {
    const auto text = rows.text(r, col);
    return text.empty() ? '\0' : text.front();
  };
  const auto numbers = [&](std::size_t r, std::size_t col) {
    const auto text = rows.optional_text(r, col);
    return text ? parse_number_vector(text->substr(1, text->size() - 2), ',')
                : std::vector<long long>{};
  };

  for (std::size_t r = 0; r < rows.rows(); ++r) {
    auto object = make_object(Kind::constraint, member_path(rows, r, c_nsp, c_rel, c_name));
    set_if_present(object, "type", constraint_type(rows.text(r, c_type)));
    if (auto server_definition = rows.optional_text(r, c_server_definition)) {
      set_attribute(object, "definition", *server_definition);
    } else {
      KeyConstraintFacts facts;
      facts.type = first_char(r, c_type);
      facts.table_oid = to_number(rows.text(r, c_table));
      facts.columns = numbers(r, c_keys);
      facts.deferrable = rows.flag(r, c_deferrable);
      facts.deferred = rows.flag(r, c_deferred);
      facts.validated = rows.flag(r, c_validated);
      facts.nulls_not_distinct = rows.flag(r, c_nulls_not_distinct);
      if (auto index_keys = rows.optional_text(r, c_index_keys)) {
        auto keys = parse_number_vector(*index_keys);
        const auto key_count = static_cast<std::size_t>(to_number(rows.text(r, c_index_key_count)));
        if (key_count < keys.size()) {
          facts.include_columns.assign(keys.begin() + static_cast<std::ptrdiff_t>(key_count),
                                       keys.end());
        }
      }
      facts.referenced_table_oid = to_number(rows.text(r, c_referenced_oid));
      facts.referenced_schema = rows.text(r, c_referenced_schema);
      facts.referenced_table = rows.text(r, c_referenced_table);
      facts.referenced_columns = numbers(r, c_referenced_keys);
      facts.match_type = first_char(r, c_match);
      facts.update_action = first_char(r, c_update);
      facts.delete_action = first_char(r, c_delete);
      facts.delete_set_columns = numbers(r, c_delete_set);
      set_attribute(object, "definition", render_key_constraint(facts, context));
    }
    set_if_present(object, "comment", rows.optional_text(r, c_comment));
    out.push_back(std::move(object));
  }
}

void index_objects(const ResultTable& rows, CatalogContext& context, Objects& out) {
  const auto c_nsp = rows.column("nspname");
  const auto c_name = rows.column("index_name");
  const auto c_table_oid = rows.column("indrelid");
  const auto c_table_schema = rows.column("table_schema");
  const auto c_table_name = rows.column("table_name");
  const auto c_index_oid = rows.column("indexrelid");
  const auto c_index_kind = rows.column("index_kind");
  const auto c_index_is_partition = rows.column("index_is_partition");
  const auto c_unique = rows.column("indisunique");
  const auto c_nulls_not_distinct = rows.column("indnullsnotdistinct");
  const auto c_valid = rows.column("indisvalid");
  const auto c_key_count = rows.column("indnkeyatts");
  const auto c_am = rows.column("relam");
  const auto c_keys = rows.column("keys");
  const auto c_key_options = rows.column("key_options");
  const auto c_opclasses = rows.column("opclasses");
  const auto c_collations = rows.column("collations");
  const auto c_server_definition = rows.column("server_definition");
  const auto c_predicate = rows.column("predicate");
  const auto c_options = rows.column("reloptions");
  const auto c_tablespace = rows.column("tablespace");
  const auto c_comment = rows.column("description");

  for (std::size_t r = 0; r < rows.rows(); ++r) {
    auto object = make_object(
        Kind::index, {std::string(rows.text(r, c_nsp)), std::string(rows.text(r, c_name))});
    set_attribute(object, "table",
                  schema::format_identity({std::string(rows.text(r, c_table_schema)),
                                           std::string(rows.text(r, c_table_name))}));
    if (auto server_definition = rows.optional_text(r, c_server_definition)) {
      set_attribute(object, "definition", *server_definition);
    } else {
      IndexFacts facts;
      facts.name = rows.text(r, c_name);
      facts.table_schema = rows.text(r, c_table_schema);
      facts.table_name = rows.text(r, c_table_name);
      facts.table_oid = to_number(rows.text(r, c_table_oid));
      facts.index_oid = to_number(rows.text(r, c_index_oid));
      facts.only = rows.text(r, c_index_kind) == "I" && !rows.flag(r, c_index_is_partition);
      facts.unique = rows.flag(r, c_unique);
      facts.nulls_not_distinct = rows.flag(r, c_nulls_not_distinct);
      facts.access_method = to_number(rows.text(r, c_am));
      facts.key_count = static_cast<std::size_t>(to_number(rows.text(r, c_key_count)));
      facts.columns = parse_number_vector(rows.text(r, c_keys));
      facts.key_options = parse_number_vector(rows.text(r, c_key_options));
      facts.operator_classes = parse_number_vector(rows.text(r, c_opclasses));
      facts.collations = parse_number_vector(rows.text(r, c_collations));
      if (auto options = rows.optional_text(r, c_options)) {
        facts.storage_options = parse_text_array_values(*options);
      }
      if (auto predicate = rows.optional_text(r, c_predicate)) {
        facts.predicate = std::string(*predicate);
      }
      set_attribute(object, "definition", render_index_definition(facts, context));
    }
    set_attribute(object, "valid", bool_text(rows.flag(r, c_valid)));
    set_if_present(object, "tablespace", rows.optional_text(r, c_tablespace));
    set_if_present(object, "comment", rows.optional_text(r, c_comment));
    out.push_back(std::move(object));
  }
}

void trigger_objects(const ResultTable& rows, CatalogContext&, Objects& out) {
  const auto c_nsp = rows.column("nspname");
  const auto c_rel = rows.column("relname");
  const auto c_name = rows.column("tgname");
  const auto c_definition = rows.column("definition");
  const auto c_enabled = rows.column("tgenabled");
  const auto c_comment = rows.column("description");
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    auto object = make_object(Kind::trigger, member_path(rows, r, c_nsp, c_rel, c_name));
    set_attribute(object, "definition", rows.text(r, c_definition));
    set_attribute(object, "enabled", firing_text(rows.text(r, c_enabled)));
    set_if_present(object, "comment", rows.optional_text(r, c_comment));
    out.push_back(std::move(object));
  }
}

void policy_objects(const ResultTable& rows, CatalogContext&, Objects& out) {
  const auto c_nsp = rows.column("nspname");
  const auto c_rel = rows.column("relname");
  const auto c_name = rows.column("polname");
  const auto c_command = rows.column("polcmd");
  const auto c_permissive = rows.column("polpermissive");
  const auto c_roles = rows.column("roles");
  const auto c_using = rows.column("using_expr");
  const auto c_check = rows.column("check_expr");
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    auto object = make_object(Kind::policy, member_path(rows, r, c_nsp, c_rel, c_name));
    set_attribute(object, "command", policy_command(rows.text(r, c_command)));
    set_attribute(object, "mode", rows.flag(r, c_permissive) ? "permissive" : "restrictive");
    set_attribute(object, "roles", join(parse_text_array_values(rows.text(r, c_roles)), ", "));
    set_if_present(object, "using", rows.optional_text(r, c_using));
    set_if_present(object, "with_check", rows.optional_text(r, c_check));
    out.push_back(std::move(object));
  }
}

void rule_objects(const ResultTable& rows, CatalogContext&, Objects& out) {
  const auto c_nsp = rows.column("nspname");
  const auto c_rel = rows.column("relname");
  const auto c_name = rows.column("rulename");
  const auto c_definition = rows.column("definition");
  const auto c_enabled = rows.column("ev_enabled");
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    auto object = make_object(Kind::rule, member_path(rows, r, c_nsp, c_rel, c_name));
    set_attribute(object, "definition", rows.text(r, c_definition));
    set_attribute(object, "enabled", firing_text(rows.text(r, c_enabled)));
    out.push_back(std::move(object));
  }
}

}  // namespace driftwatch::probes
