#include "probes/key_constraint_definition.h"

#include <stdexcept>

namespace driftwatch::probes {
namespace {

// Appends "(a, b)". (Appending, rather than "(" + list + ")", also keeps
// g++ 12's -Wrestrict false positive at -O3 away.)
void append_column_list(std::string& out, long long table, const std::vector<long long>& attnums,
                        const CatalogContext& context) {
  out += '(';
  for (std::size_t i = 0; i < attnums.size(); ++i) {
    if (i > 0) out += ", ";
    auto it = context.columns.find({table, attnums[i]});
    if (it == context.columns.end()) {
      throw std::out_of_range("constraint names column " + std::to_string(attnums[i]) +
                              " of relation " + std::to_string(table) + ", which was not read");
    }
    out += it->second.quoted_name;
  }
  out += ')';
}

// pg_constraint.confupdtype / confdeltype; 'a' (no action) prints nothing.
const char* action_text(char code) {
  switch (code) {
    case 'r': return "RESTRICT";
    case 'c': return "CASCADE";
    case 'n': return "SET NULL";
    case 'd': return "SET DEFAULT";
    default: return nullptr;
  }
}

}  // namespace

std::string render_key_constraint(const KeyConstraintFacts& c, const CatalogContext& context) {
  std::string out;
  if (c.type == 'f') {
    out = "FOREIGN KEY ";
    append_column_list(out, c.table_oid, c.columns, context);
    out += " REFERENCES ";
    out += quote_qualified(c.referenced_schema, c.referenced_table, context.keywords);
    append_column_list(out, c.referenced_table_oid, c.referenced_columns, context);
    if (c.match_type == 'f') out += " MATCH FULL";
    if (c.match_type == 'p') out += " MATCH PARTIAL";
    if (const char* action = action_text(c.update_action)) {
      out += " ON UPDATE ";
      out += action;
    }
    if (const char* action = action_text(c.delete_action)) {
      out += " ON DELETE ";
      out += action;
    }
    if (!c.delete_set_columns.empty()) {
      out += ' ';
      append_column_list(out, c.table_oid, c.delete_set_columns, context);
    }
  } else {
    out = c.type == 'p' ? "PRIMARY KEY " : "UNIQUE ";
    if (c.nulls_not_distinct) out += "NULLS NOT DISTINCT ";
    append_column_list(out, c.table_oid, c.columns, context);
    if (!c.include_columns.empty()) {
      out += " INCLUDE ";
      append_column_list(out, c.table_oid, c.include_columns, context);
    }
  }
  if (c.deferrable) out += " DEFERRABLE";
  if (c.deferred) out += " INITIALLY DEFERRED";
  if (!c.validated) out += " NOT VALID";
  return out;
}

}  // namespace driftwatch::probes
