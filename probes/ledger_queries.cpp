#include "probes/ledger_queries.h"

#include "probes/provenance_queries.h"

#include "probes/schema/identity.h"
#include "probes/sql_text.h"

namespace driftwatch::probes {
namespace {

std::string text_array(const std::vector<std::string>& values) {
  std::vector<std::string> literals;
  literals.reserve(values.size());
  for (const auto& value : values) literals.push_back(quote_literal(value));
  return "ARRAY[" + join(literals, ", ") + "]::text[]";
}

}  // namespace

std::string ledger_candidates_query(const std::string& name_pattern,
                                    const std::vector<std::string>& schemas,
                                    const std::vector<std::string>& extra_names) {
  // The candidates are chosen by name first, and only their columns read:
  // joined first, the name test ran once per column of every table, which
  // cost most of a poll on a large schema.
  return "WITH candidates AS MATERIALIZED ("
         "  SELECT c.oid, n.nspname, c.relname"
         "    FROM pg_class c"
         "    JOIN pg_namespace n ON n.oid = c.relnamespace"
         "   WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition"
         "     AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'"
         "     AND (c.relname ~* " +
         quote_literal(name_pattern) + " OR n.nspname = ANY(" + text_array(schemas) +
         ") OR c.relname = ANY(" + text_array(extra_names) +
         ")))"
         "SELECT c.nspname, c.relname, has_table_privilege(c.oid, 'SELECT') AS readable,"
         "       cols.column_names, cols.column_types"
         "  FROM candidates c"
         "  CROSS JOIN LATERAL ("
         "    SELECT array_agg(a.attname::text ORDER BY a.attnum) AS column_names,"
         "           array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum)"
         "             AS column_types"
         "      FROM pg_attribute a"
         "     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) cols"
         " WHERE cols.column_names IS NOT NULL"
         " ORDER BY c.nspname, c.relname";
}

std::string user_table_count_query() {
  return "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
         " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition"
         "   AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'"
         "   AND c.oid NOT IN (SELECT objid FROM pg_depend WHERE refclassid = "
         "'pg_extension'::regclass AND deptype = 'e' AND classid = 'pg_class'::regclass)";
}

std::string advisory_locks_query() {
  // A bigint key is split over classid (high half) and objid (low half),
  // with objsubid 1; two int4 keys use objsubid 2 and are not the tools'.
  return "SELECT ((l.classid::bigint << 32) | l.objid::bigint) AS key, l.granted,"
         "       a.query_start::text AS since"
         "  FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
         " WHERE l.locktype = 'advisory' AND l.objsubid = 1";
}

std::string table_rows_query(const std::string& schema, const std::string& table, int limit) {
  using driftwatch::schema::quote_sql_identifier;
  return "SELECT xmin::text AS \"" + std::string(kRowXminColumn) + "\", * FROM " +
         quote_sql_identifier(schema) + "." + quote_sql_identifier(table) + " LIMIT " +
         std::to_string(limit);
}

}  // namespace driftwatch::probes
