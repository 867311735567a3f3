// Each branch reads one catalog, keeps only the rows written since the
// lower bound (age() <= the bound's age: the bound's transaction or a newer
// one), and only then joins the names: the filter runs on the catalog alone.
#include "probes/provenance_queries.h"

#include "probes/sql_text.h"

namespace driftwatch::probes {
namespace {

#define DW_USER_NAMESPACE(alias) \
  "(" alias ".nspname !~ '^pg_' AND " alias ".nspname <> 'information_schema')"

// A frozen row keeps its raw xmin, which after 2^31 transactions has a
// negative age: such rows are old, not recent.
#define DW_RECENT(alias) "age(" alias ".xmin) BETWEEN 0 AND (SELECT a FROM bound)"

// A partial read ($S: the relations it re-reads) wants only those
// relations' rows; a whole read ($S NULL) every row. The other objects do
// not change in a partial read, so their branches are left out of it.
#define DW_WRITES_IN_SCOPE(column) "($S IS NULL OR " column " = ANY($S))"
#define DW_WRITES_OF_WHOLE_READ "$S IS NULL"
// Also their indexes, whose pg_class rows and comments are their own.
#define DW_WRITES_IN_SCOPE_OR_INDEX(column)        \
  "($S IS NULL OR " column " = ANY($S) OR " column \
  " IN (SELECT indexrelid FROM pg_index"           \
  " WHERE indrelid = ANY($S)))"

#define DW_COMMITTED(alias)                                    \
  "CASE WHEN current_setting('track_commit_timestamp') = 'on'" \
  " THEN to_char(pg_xact_commit_timestamp(" alias              \
  ".xmin) AT TIME ZONE 'UTC',"                                 \
  " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') END"

#define DW_ROW(alias) alias ".xmin::text AS xmin, " DW_COMMITTED(alias) " AS committed_at"

constexpr std::string_view kBranches =
    // Schemas.
    " SELECT 'schema' AS kind, n.nspname::text AS schema, NULL::text AS relation,"
    "        NULL::text AS member, NULL::text AS args, " DW_ROW("n") " FROM pg_namespace n"
    "  WHERE " DW_RECENT("n") " AND " DW_WRITES_OF_WHOLE_READ " AND " DW_USER_NAMESPACE("n")
    // Extensions: named by themselves.
    " UNION ALL SELECT 'extension', NULL, e.extname::text, NULL, NULL, " DW_ROW("e")
    "   FROM pg_extension e WHERE " DW_RECENT("e") " AND " DW_WRITES_OF_WHOLE_READ
    // Relations: their pg_class row (ALTER, GRANT, OWNER, a column added).
    " UNION ALL SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized_view'"
    "        WHEN 'S' THEN 'sequence' WHEN 'i' THEN 'index' WHEN 'I' THEN 'index'"
    "        WHEN 'c' THEN 'composite_type' ELSE 'table' END,"
    "        n.nspname::text, c.relname::text, NULL, NULL, " DW_ROW("c")
    "   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    "  WHERE " DW_RECENT("c") " AND " DW_WRITES_IN_SCOPE_OR_INDEX("c.oid")
    "    AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S', 'i', 'I', 'c')"
    "    AND " DW_USER_NAMESPACE("n")
    // Columns; a dropped one keeps its row, renamed, with the dropping xid.
    " UNION ALL SELECT CASE WHEN a.attisdropped THEN 'dropped_column' ELSE 'column' END,"
    "        n.nspname::text, c.relname::text,"
    "        CASE WHEN a.attisdropped THEN NULL ELSE a.attname::text END, NULL, " DW_ROW("a")
    "   FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
    "   JOIN pg_namespace n ON n.oid = c.relnamespace"
    "  WHERE " DW_RECENT("a") " AND " DW_WRITES_IN_SCOPE("a.attrelid")
    "    AND a.attnum > 0 AND c.relkind IN ('r', 'p', 'f', 'v', 'm')"
    "    AND " DW_USER_NAMESPACE("n")
    // Column defaults belong to their column.
    " UNION ALL SELECT 'column', n.nspname::text, c.relname::text, a.attname::text, NULL, "
    DW_ROW("d")
    "   FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum"
    "   JOIN pg_class c ON c.oid = d.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
    "  WHERE " DW_RECENT("d") " AND " DW_WRITES_IN_SCOPE("d.adrelid") " AND " DW_USER_NAMESPACE("n")
    // Constraints: a relation's, or a domain's (which belong to the domain).
    " UNION ALL SELECT CASE WHEN co.contypid <> 0 THEN 'domain' ELSE 'constraint' END,"
    "        n.nspname::text, coalesce(c.relname, t.typname)::text,"
    "        CASE WHEN co.contypid = 0 THEN co.conname::text END, NULL, " DW_ROW("co")
    "   FROM pg_constraint co"
    "   LEFT JOIN pg_class c ON c.oid = co.conrelid"
    "   LEFT JOIN pg_type t ON t.oid = co.contypid"
    "   JOIN pg_namespace n ON n.oid = coalesce(c.relnamespace, t.typnamespace)"
    "  WHERE " DW_RECENT("co") " AND " DW_WRITES_IN_SCOPE("co.conrelid") " AND " DW_USER_NAMESPACE("n")
    // Indexes: pg_index rows (validity, the definition).
    " UNION ALL SELECT 'index', n.nspname::text, c.relname::text, NULL, NULL, " DW_ROW("i")
    "   FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
    "   JOIN pg_namespace n ON n.oid = c.relnamespace"
    "  WHERE " DW_RECENT("i") " AND " DW_WRITES_IN_SCOPE("i.indrelid") " AND " DW_USER_NAMESPACE("n")
    // Routines, with their arguments as the snapshot names them.
    " UNION ALL SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate'"
    "        ELSE 'function' END, n.nspname::text, p.proname::text, NULL,"
    "        oidvectortypes(p.proargtypes), " DW_ROW("p")
    "   FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
    "  WHERE " DW_RECENT("p") " AND " DW_WRITES_OF_WHOLE_READ " AND " DW_USER_NAMESPACE("n")
    // Triggers.
    " UNION ALL SELECT 'trigger', n.nspname::text, c.relname::text, t.tgname::text, NULL, "
    DW_ROW("t")
    "   FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
    "   JOIN pg_namespace n ON n.oid = c.relnamespace"
    "  WHERE " DW_RECENT("t") " AND " DW_WRITES_IN_SCOPE("t.tgrelid")
    "    AND NOT t.tgisinternal AND " DW_USER_NAMESPACE("n")
    // A view's body is its _RETURN rule; other rules are objects of their own.
    " UNION ALL SELECT CASE WHEN r.rulename <> '_RETURN' THEN 'rule'"
    "        WHEN c.relkind = 'm' THEN 'materialized_view' ELSE 'view' END,"
    "        n.nspname::text, c.relname::text,"
    "        CASE WHEN r.rulename <> '_RETURN' THEN r.rulename::text END, NULL, " DW_ROW("r")
    "   FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class"
    "   JOIN pg_namespace n ON n.oid = c.relnamespace"
    "  WHERE " DW_RECENT("r") " AND " DW_WRITES_IN_SCOPE("r.ev_class") " AND " DW_USER_NAMESPACE("n")
    // Policies.
    " UNION ALL SELECT 'policy', n.nspname::text, c.relname::text, p.polname::text, NULL, "
    DW_ROW("p")
    "   FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid"
    "   JOIN pg_namespace n ON n.oid = c.relnamespace"
    "  WHERE " DW_RECENT("p") " AND " DW_WRITES_IN_SCOPE("p.polrelid") " AND " DW_USER_NAMESPACE("n")
    // Types: their pg_type row; an enum's labels are rows of their own. A
    // relation's row type is written once, when it is created, and dates
    // its creation even after later DDL rewrote its pg_class row.
    " UNION ALL SELECT CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain'"
    "        WHEN 'r' THEN 'range_type' ELSE CASE tc.relkind WHEN 'c' THEN 'composite_type'"
    "        WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized_view' ELSE 'table' END END,"
    "        n.nspname::text, coalesce(tc.relname, t.typname)::text, NULL, NULL, " DW_ROW("t")
    "   FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
    "   LEFT JOIN pg_class tc ON tc.oid = t.typrelid"
    "  WHERE " DW_RECENT("t") " AND " DW_WRITES_IN_SCOPE("t.typrelid")
    "    AND t.typtype IN ('e', 'd', 'r', 'c')"
    "    AND " DW_USER_NAMESPACE("n")
    " UNION ALL SELECT 'enum', n.nspname::text, t.typname::text, NULL, NULL, " DW_ROW("e")
    "   FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid"
    "   JOIN pg_namespace n ON n.oid = t.typnamespace"
    "  WHERE " DW_RECENT("e") " AND " DW_WRITES_OF_WHOLE_READ " AND " DW_USER_NAMESPACE("n")
    // Sequence parameters.
    " UNION ALL SELECT 'sequence', n.nspname::text, c.relname::text, NULL, NULL, " DW_ROW("s")
    "   FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid"
    "   JOIN pg_namespace n ON n.oid = c.relnamespace"
    "  WHERE " DW_RECENT("s") " AND " DW_WRITES_IN_SCOPE("s.seqrelid") " AND " DW_USER_NAMESPACE("n")
    // Comments on relations and their columns.
    " UNION ALL SELECT CASE WHEN d.objsubid <> 0 THEN 'column' WHEN c.relkind = 'v' THEN 'view'"
    "        WHEN c.relkind = 'm' THEN 'materialized_view' WHEN c.relkind = 'S' THEN 'sequence'"
    "        WHEN c.relkind IN ('i', 'I') THEN 'index' ELSE 'table' END,"
    "        n.nspname::text, c.relname::text, a.attname::text, NULL, " DW_ROW("d")
    "   FROM pg_description d JOIN pg_class c ON c.oid = d.objoid"
    "   JOIN pg_namespace n ON n.oid = c.relnamespace"
    "   LEFT JOIN pg_attribute a ON a.attrelid = d.objoid AND a.attnum = d.objsubid"
    "  WHERE " DW_RECENT("d") " AND " DW_WRITES_IN_SCOPE_OR_INDEX("d.objoid")
    "    AND d.classoid = 'pg_class'::regclass"
    "    AND " DW_USER_NAMESPACE("n");

}  // namespace

std::string catalog_writes_query(std::uint32_t since, const std::vector<long long>* relations) {
  std::string sql = "WITH bound AS (SELECT age('" + std::to_string(since) + "'::xid) AS a)" +
                    std::string(kBranches);
  const std::string scope = relations ? oid_array_literal(*relations) : "NULL::oid[]";
  for (auto at = sql.find("$S"); at != std::string::npos; at = sql.find("$S", at + scope.size())) {
    sql.replace(at, 2, scope);
  }
  return sql;
}

}  // namespace driftwatch::probes
