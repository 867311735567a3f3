// The SQL is written against pg_catalog with these rules (see
// docs/performance.md for the measurements behind them):
// - the session pins search_path to pg_catalog, so every name the server
//   deparses outside pg_catalog is schema-qualified;
// - no pg_get_*def() where plain columns suffice: index definitions are
//   assembled client-side from pg_index, the server deparses only what it
//   alone can (expressions, view and function bodies);
// - extension members are excluded through pg_depend's reference index;
// - sub-queries are pre-aggregated and joined, never correlated per row.
#include "probes/catalog_queries.h"

#include <string>

#include "probes/sql_text.h"

namespace driftwatch::probes {
namespace {

// User namespaces: not pg_catalog, pg_toast, pg_temp_N and friends (the pg_
// prefix is reserved for system schemas) and not information_schema.
#define DW_USER_NAMESPACE(alias) \
  "(" alias ".nspname !~ '^pg_' AND " alias ".nspname <> 'information_schema')"

#define DW_EXTENSION_MEMBER(oid_expr, catalog)           \
  "(" oid_expr                                           \
  " IN (SELECT objid FROM pg_depend WHERE refclassid = " \
  "'pg_extension'::regclass AND deptype = 'e' AND classid = '" catalog "'::regclass))"

#define DW_NOT_EXTENSION_MEMBER(oid_expr, catalog) "NOT " DW_EXTENSION_MEMBER(oid_expr, catalog)

// Whether a relation is one a read covers: $2 is NULL for a whole read, or
// the array of relations a partial read re-reads (snapshot_reader.h).
#define DW_IN_SCOPE(oid_expr) "($2 IS NULL OR " oid_expr " = ANY($2))"

#define DW_COMMENT_JOIN(alias, oid_expr, catalog, subid)                              \
  " LEFT JOIN pg_description " alias " ON " alias ".objoid = " oid_expr " AND " alias \
  ".classoid = '" catalog "'::regclass AND " alias ".objsubid = " subid " "

constexpr std::string_view kLookups =
    "SELECT 'keyword' AS what, 0::oid AS oid, 0::int AS num, word::text AS name,"
    "       NULL::text AS schema, NULL::bool AS flag"
    "  FROM pg_get_keywords() WHERE catcode <> 'U'"
    " UNION ALL SELECT 'opclass', o.oid, 0, o.opcname::text, n.nspname::text, o.opcdefault"
    "  FROM pg_opclass o JOIN pg_namespace n ON n.oid = o.opcnamespace"
    " UNION ALL SELECT 'collation', c.oid, 0, c.collname::text, n.nspname::text, NULL"
    "  FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace"
    " UNION ALL SELECT 'access_method', a.oid, 0, a.amname::text, NULL,"
    "       pg_indexam_has_property(a.oid, 'can_order')"
    "  FROM pg_am a WHERE a.amtype = 'i'"
    " UNION ALL SELECT 'index_column_options', a.attrelid, a.attnum,"
    "       a.attoptions::text, NULL, NULL"
    "  FROM pg_attribute a WHERE a.attoptions IS NOT NULL"
    "   AND a.attrelid IN (SELECT indexrelid FROM pg_index WHERE " DW_IN_SCOPE("indrelid") ")";

constexpr std::string_view kSchemas =
    "SELECT n.nspname, pg_get_userbyid(n.nspowner) AS owner,"
    "       coalesce(n.nspacl, acldefault('n', n.nspowner))::text[] AS acl,"
    "       d.description"
    "  FROM pg_namespace n" DW_COMMENT_JOIN(
        "d", "n.oid", "pg_namespace",
        "0") " WHERE " DW_USER_NAMESPACE("n") " AND " DW_NOT_EXTENSION_MEMBER("n.oid",
                                                                              "pg_namespace");

constexpr std::string_view kExtensions =
    "SELECT e.extname, e.extversion, n.nspname"
    "  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
    "";

constexpr std::string_view kRelations =
    "SELECT c.oid AS relid, n.nspname, c.relname, c.relkind, c.relpersistence,"
    "       pg_get_userbyid(c.relowner) AS owner,"
    "       coalesce(c.relacl, acldefault((CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END)::\"char\","
    "                                     c.relowner))::text[] AS acl,"
    "       c.relrowsecurity, c.relforcerowsecurity, c.reloptions, c.relispartition,"
    "       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,"
    "       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,"
    "       inh.parent_schemas, inh.parent_names,"
    "       ts.spcname AS tablespace,"
    "       CASE WHEN am.amname <> 'heap' THEN am.amname END AS access_method,"
    "       c.relreplident,"
    "       fs.srvname AS foreign_server, ft.ftoptions AS foreign_options,"
    "       s.seqtypid::regtype::text AS sequence_type, s.seqstart, s.seqincrement, s.seqmin,"
    "       s.seqmax, s.seqcache, s.seqcycle,"
    "       own.owner_schema, own.owner_table, own.owner_column, own.deptype AS owned_how,"
    "       d.description"
    "  FROM pg_class c"
    "  JOIN pg_namespace n ON n.oid = c.relnamespace"
    "  LEFT JOIN (SELECT i.inhrelid,"
    "                    array_agg(pn.nspname ORDER BY i.inhseqno) AS parent_schemas,"
    "                    array_agg(p.relname ORDER BY i.inhseqno) AS parent_names"
    "               FROM pg_inherits i"
    "               JOIN pg_class p ON p.oid = i.inhparent AND p.relkind IN ('r', 'p', 'f')"
    "               JOIN pg_namespace pn ON pn.oid = p.relnamespace"
    "              GROUP BY i.inhrelid) inh ON inh.inhrelid = c.oid"
    "  LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace"
    "  LEFT JOIN pg_am am ON am.oid = c.relam"
    "  LEFT JOIN pg_foreign_table ft ON ft.ftrelid = c.oid"
    "  LEFT JOIN pg_foreign_server fs ON fs.oid = ft.ftserver"
    "  LEFT JOIN pg_sequence s ON s.seqrelid = c.oid"
    // From each sequence to its owning column through pg_depend's depender
    // index; scanning pg_depend for 'a'/'i' rows would read all of it.
    "  LEFT JOIN (SELECT sq.seqrelid, tn.nspname AS owner_schema, t.relname AS owner_table,"
    "                    a.attname AS owner_column, dep.deptype"
    "               FROM pg_sequence sq"
    "               JOIN pg_depend dep ON dep.classid = 'pg_class'::regclass"
    "                    AND dep.objid = sq.seqrelid AND dep.objsubid = 0"
    "                    AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')"
    "               JOIN pg_class t ON t.oid = dep.refobjid"
    "               JOIN pg_namespace tn ON tn.oid = t.relnamespace"
    "               JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid"
    "            ) own ON own.seqrelid = c.oid"
    DW_COMMENT_JOIN("d", "c.oid", "pg_class", "0")
    " WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S') AND " DW_IN_SCOPE("c.oid")
    "   AND " DW_USER_NAMESPACE("n") " AND " DW_NOT_EXTENSION_MEMBER("c.oid", "pg_class");

// The relations kRelations reports, by oid: what a partial read needs to
// know of a read it did not make (the same filter, nothing deparsed).
constexpr std::string_view kRelationNames =
    "SELECT c.oid AS relid, n.nspname, c.relname"
    "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S')"
    "   AND " DW_USER_NAMESPACE("n") " AND " DW_NOT_EXTENSION_MEMBER("c.oid", "pg_class");

constexpr std::string_view kViewDefinitions =
    "SELECT n.nspname, c.relname, pg_get_viewdef(c.oid) AS definition"
    "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE c.relkind IN ('v', 'm') AND " DW_IN_SCOPE("c.oid") " AND"
    "       " DW_USER_NAMESPACE("n") " AND " DW_NOT_EXTENSION_MEMBER("c.oid", "pg_class");

// Every relation's column names are read, because index and constraint
// definitions name them; only the columns reported as objects are deparsed
// (not those of folded partitions, nor of extension members). A partial
// read reports its relations' columns and reads the names of those their
// foreign keys reference too ($3).
constexpr std::string_view kColumns =
    "SELECT c.oid AS relid, n.nspname, c.relname, c.reported, a.attname, a.attnum, a.attcollation,"
    "       CASE WHEN c.reported THEN format_type(a.atttypid, a.atttypmod) END AS type,"
    "       a.attnotnull, a.attidentity, a.attgenerated,"
    "       CASE WHEN a.atthasdef AND c.reported"
    "            THEN pg_get_expr(ad.adbin, CASE WHEN a.attgenerated <> '' THEN ad.adrelid ELSE 0 END)"
    "       END AS default_expr,"
    "       CASE WHEN a.attcollation <> t.typcollation THEN cn.nspname END AS collation_schema,"
    "       CASE WHEN a.attcollation <> t.typcollation THEN co.collname END AS collation_name,"
    "       a.attacl::text[] AS acl, a.attstattarget,"
    "       CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage END AS storage,"
    "       a.attcompression, d.description"
    "  FROM pg_attribute a"
    "  JOIN (SELECT c.oid, c.relname, c.relnamespace,"
    "               ($1 OR NOT c.relispartition)"
    "               AND " DW_NOT_EXTENSION_MEMBER("c.oid", "pg_class") " AND " DW_IN_SCOPE("c.oid")
    "               AS reported"
    "          FROM pg_class c WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm')"
    "           AND ($3 IS NULL OR c.oid = ANY($3))) c ON c.oid = a.attrelid"
    "  JOIN pg_namespace n ON n.oid = c.relnamespace"
    "  JOIN pg_type t ON t.oid = a.atttypid"
    "  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
    "  LEFT JOIN pg_collation co ON co.oid = a.attcollation"
    "  LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace"
    DW_COMMENT_JOIN("d", "a.attrelid", "pg_class", "a.attnum")
    " WHERE a.attnum > 0 AND NOT a.attisdropped AND " DW_USER_NAMESPACE("n");

// Primary key, unique and foreign key definitions are assembled client-side
// from conkey/confkey; the server deparses only CHECK and EXCLUDE.
constexpr std::string_view kConstraints =
    "SELECT n.nspname, c.relname, con.conname, con.contype, con.conrelid,"
    "       con.conkey::text AS keys, con.confkey::text AS referenced_keys,"
    "       con.confrelid, fn.nspname AS referenced_schema, fc.relname AS referenced_table,"
    "       con.confupdtype, con.confdeltype, con.confmatchtype, con.confdelsetcols::text AS delete_set_keys,"
    "       con.condeferrable, con.condeferred, con.convalidated,"
    "       ci.indnullsnotdistinct, ci.indnkeyatts, ci.indkey::text AS index_keys,"
    "       CASE WHEN con.contype NOT IN ('p', 'u', 'f') THEN pg_get_constraintdef(con.oid) END"
    "         AS server_definition,"
    "       d.description"
    "  FROM pg_constraint con"
    "  JOIN pg_class c ON c.oid = con.conrelid AND c.relkind IN ('r', 'p', 'f')"
    "  JOIN pg_namespace n ON n.oid = c.relnamespace"
    "  LEFT JOIN pg_class fc ON fc.oid = con.confrelid"
    "  LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace"
    "  LEFT JOIN pg_index ci ON ci.indexrelid = con.conindid AND con.contype IN ('p', 'u')"
    DW_COMMENT_JOIN("d", "con.oid", "pg_constraint", "0")
    " WHERE con.contype <> 't' AND " DW_IN_SCOPE("c.oid")
    "   AND " DW_USER_NAMESPACE("n") " AND " DW_NOT_EXTENSION_MEMBER("c.oid", "pg_class")
    "   AND ($1 OR NOT c.relispartition OR (con.conparentid = 0 AND con.conislocal))";

// Index definitions are assembled client-side from these raw columns; the
// server deparses only expressions (pg_get_indexdef on expression indexes)
// and predicates.
constexpr std::string_view kIndexes =
    "SELECT n.nspname, ic.relname AS index_name, i.indrelid,"
    "       tn.nspname AS table_schema, tc.relname AS table_name, tc.relkind AS table_kind,"
    "       i.indexrelid, ic.relkind AS index_kind, ic.relispartition AS index_is_partition,"
    "       i.indisunique, i.indnullsnotdistinct, i.indisvalid, i.indnkeyatts,"
    "       ic.relam, i.indkey::text AS keys, i.indoption::text AS key_options,"
    "       i.indclass::text AS opclasses, i.indcollation::text AS collations,"
    "       CASE WHEN i.indexprs IS NOT NULL THEN pg_get_indexdef(i.indexrelid) END AS server_definition,"
    "       CASE WHEN i.indpred IS NOT NULL THEN pg_get_expr(i.indpred, i.indrelid) END AS predicate,"
    "       ic.reloptions, ts.spcname AS tablespace, d.description"
    "  FROM pg_index i"
    "  JOIN pg_class ic ON ic.oid = i.indexrelid"
    "  JOIN pg_namespace n ON n.oid = ic.relnamespace"
    "  JOIN pg_class tc ON tc.oid = i.indrelid AND tc.relkind IN ('r', 'p', 'm')"
    "  JOIN pg_namespace tn ON tn.oid = tc.relnamespace"
    "  LEFT JOIN pg_tablespace ts ON ts.oid = ic.reltablespace"
    DW_COMMENT_JOIN("d", "i.indexrelid", "pg_class", "0")
    " WHERE " DW_USER_NAMESPACE("n") " AND " DW_NOT_EXTENSION_MEMBER("tc.oid", "pg_class")
    "   AND ($1 OR NOT ic.relispartition) AND " DW_IN_SCOPE("tc.oid");

constexpr std::string_view kRoutines =
    "SELECT n.nspname, p.proname, oidvectortypes(p.proargtypes) AS args, p.prokind,"
    "       CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END AS definition,"
    "       CASE WHEN p.prokind = 'a' THEN pg_get_function_arguments(p.oid) END AS arguments,"
    "       CASE WHEN p.prokind = 'a' THEN format_type(p.prorettype, NULL) END AS returns,"
    "       pg_get_userbyid(p.proowner) AS owner,"
    "       coalesce(p.proacl, acldefault('f', p.proowner))::text[] AS acl,"
    "       ag.aggkind, ag.aggtransfn::text AS transition_function,"
    "       format_type(ag.aggtranstype, NULL) AS state_type,"
    "       nullif(ag.aggfinalfn::text, '-') AS final_function,"
    "       nullif(ag.aggcombinefn::text, '-') AS combine_function,"
    "       ag.agginitval AS initial_value,"
    "       nullif(ag.aggsortop::regoperator::text, '0') AS sort_operator,"
    "       d.description"
    "  FROM pg_proc p"
    "  JOIN pg_namespace n ON n.oid = p.pronamespace"
    "  LEFT JOIN pg_aggregate ag ON ag.aggfnoid = p.oid" DW_COMMENT_JOIN(
        "d", "p.oid", "pg_proc",
        "0") " WHERE " DW_USER_NAMESPACE("n") " AND " DW_NOT_EXTENSION_MEMBER("p.oid", "pg_proc")
    // Constructors the server made for a range type are part of that type.
    "   AND NOT EXISTS (SELECT FROM pg_depend dep WHERE dep.classid = 'pg_proc'::regclass"
    "                      AND dep.objid = p.oid AND dep.deptype = 'i')";

constexpr std::string_view kTriggers =
    "SELECT n.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid) AS definition,"
    "       t.tgenabled, d.description"
    "  FROM pg_trigger t"
    "  JOIN pg_class c ON c.oid = t.tgrelid AND c.relkind IN ('r', 'p', 'f', 'v')"
    "  JOIN pg_namespace n ON n.oid = c.relnamespace"
    DW_COMMENT_JOIN("d", "t.oid", "pg_trigger", "0")
    " WHERE NOT t.tgisinternal AND " DW_IN_SCOPE("c.oid")
    "   AND " DW_USER_NAMESPACE("n") " AND " DW_NOT_EXTENSION_MEMBER("c.oid", "pg_class")
    "   AND ($1 OR t.tgparentid = 0)";

constexpr std::string_view kTypes =
    "SELECT n.nspname, t.typname, t.typtype,"
    "       pg_get_userbyid(t.typowner) AS owner,"
    "       coalesce(t.typacl, acldefault('T', t.typowner))::text[] AS acl,"
    "       e.labels,"
    "       CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base_type,"
    "       t.typnotnull, pg_get_expr(t.typdefaultbin, 0) AS default_expr,"
    "       CASE WHEN t.typcollation <> bt.typcollation THEN cn.nspname END AS collation_schema,"
    "       CASE WHEN t.typcollation <> bt.typcollation THEN co.collname END AS collation_name,"
    "       dc.constraint_names, dc.constraint_definitions,"
    "       ca.field_names, ca.field_types, ca.field_collation_schemas, ca.field_collation_names,"
    "       format_type(r.rngsubtype, NULL) AS range_subtype,"
    "       CASE WHEN NOT ro.opcdefault THEN ron.nspname END AS range_opclass_schema,"
    "       CASE WHEN NOT ro.opcdefault THEN ro.opcname END AS range_opclass,"
    "       CASE WHEN r.rngcollation <> 0 THEN rcn.nspname END AS range_collation_schema,"
    "       CASE WHEN r.rngcollation <> 0 THEN rco.collname END AS range_collation,"
    "       nullif(r.rngcanonical::text, '-') AS range_canonical,"
    "       nullif(r.rngsubdiff::text, '-') AS range_subtype_diff,"
    "       d.description"
    "  FROM pg_type t"
    "  JOIN pg_namespace n ON n.oid = t.typnamespace"
    "  LEFT JOIN pg_class tc ON tc.oid = t.typrelid"
    "  LEFT JOIN pg_type bt ON bt.oid = t.typbasetype"
    "  LEFT JOIN pg_collation co ON co.oid = t.typcollation"
    "  LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace"
    "  LEFT JOIN (SELECT enumtypid, array_agg(enumlabel ORDER BY enumsortorder) AS labels"
    "               FROM pg_enum GROUP BY enumtypid) e ON e.enumtypid = t.oid"
    "  LEFT JOIN (SELECT contypid, array_agg(conname ORDER BY conname) AS constraint_names,"
    "                    array_agg(pg_get_constraintdef(oid) ORDER BY conname) AS constraint_definitions"
    "               FROM pg_constraint WHERE contypid <> 0 GROUP BY contypid) dc"
    "         ON dc.contypid = t.oid"
    "  LEFT JOIN (SELECT a.attrelid,"
    "                    array_agg(a.attname ORDER BY a.attnum) AS field_names,"
    "                    array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum) AS field_types,"
    "                    array_agg(CASE WHEN a.attcollation <> at.typcollation THEN fcn.nspname END"
    "                              ORDER BY a.attnum) AS field_collation_schemas,"
    "                    array_agg(CASE WHEN a.attcollation <> at.typcollation THEN fco.collname END"
    "                              ORDER BY a.attnum) AS field_collation_names"
    "               FROM pg_attribute a"
    "               JOIN pg_class k ON k.oid = a.attrelid AND k.relkind = 'c'"
    "               JOIN pg_type at ON at.oid = a.atttypid"
    "               LEFT JOIN pg_collation fco ON fco.oid = a.attcollation"
    "               LEFT JOIN pg_namespace fcn ON fcn.oid = fco.collnamespace"
    "              WHERE a.attnum > 0 AND NOT a.attisdropped"
    "              GROUP BY a.attrelid) ca ON ca.attrelid = t.typrelid"
    "  LEFT JOIN pg_range r ON r.rngtypid = t.oid"
    "  LEFT JOIN pg_opclass ro ON ro.oid = r.rngsubopc"
    "  LEFT JOIN pg_namespace ron ON ron.oid = ro.opcnamespace"
    "  LEFT JOIN pg_collation rco ON rco.oid = r.rngcollation"
    "  LEFT JOIN pg_namespace rcn ON rcn.oid = rco.collnamespace"
    DW_COMMENT_JOIN("d", "t.oid", "pg_type", "0")
    " WHERE t.typtype IN ('e', 'd', 'c', 'r') AND (t.typtype <> 'c' OR tc.relkind = 'c')"
    "   AND " DW_USER_NAMESPACE("n") " AND " DW_NOT_EXTENSION_MEMBER("t.oid", "pg_type");

constexpr std::string_view kPolicies =
    "SELECT n.nspname, c.relname, p.polname, p.polcmd, p.polpermissive,"
    "       array(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END"
    "               FROM unnest(p.polroles) r ORDER BY 1) AS roles,"
    "       pg_get_expr(p.polqual, p.polrelid) AS using_expr,"
    "       pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr"
    "  FROM pg_policy p"
    "  JOIN pg_class c ON c.oid = p.polrelid"
    "  JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE " DW_IN_SCOPE("c.oid") " AND"
    "       " DW_USER_NAMESPACE("n") " AND " DW_NOT_EXTENSION_MEMBER("c.oid", "pg_class");

constexpr std::string_view kRules =
    "SELECT n.nspname, c.relname, r.rulename, pg_get_ruledef(r.oid) AS definition, r.ev_enabled"
    "  FROM pg_rewrite r"
    "  JOIN pg_class c ON c.oid = r.ev_class"
    "  JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE r.rulename <> '_RETURN' AND " DW_IN_SCOPE("c.oid") " AND"
    "       " DW_USER_NAMESPACE("n") " AND " DW_NOT_EXTENSION_MEMBER("c.oid", "pg_class");

// Whether a transaction committed after this REPEATABLE READ transaction's
// snapshot: one that was running then (the snapshot's xip list) or one that
// started later (xmax up to the next xid). The transaction snapshot cannot
// tell the next xid, but age() can: it measures from the xid that was next
// when the transaction first called it, here, once the read is over. That
// is late enough: a transaction given its xid after the last catalog query
// ended cannot have changed what that query read. Xids count modulo 2^32 in
// age(), in full in pg_snapshot. Only the commit log is read, no catalog.
constexpr std::string_view kCommittedSinceSnapshot =
    "WITH s AS (SELECT pg_current_snapshot() AS snap,"
    "                  pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xmax,"
    "                  (age('3'::xid)::bigint + 3) & 4294967295 AS next32)"
    "SELECT EXISTS (SELECT FROM s, pg_snapshot_xip(s.snap) x"
    "                WHERE pg_xact_status(x) = 'committed')"
    "    OR EXISTS (SELECT FROM s, generate_series(s.xmax,"
    "                 s.xmax + ((s.next32 - (s.xmax & 4294967295)) & 4294967295) - 1) g"
    "                WHERE pg_xact_status(g::text::xid8) = 'committed') AS committed";

}  // namespace

const std::vector<CatalogQuery>& catalog_queries() {
  // Lookups first and columns before indexes and constraints: the assembler
  // needs them to render definitions. Rules and views last, as they lock.
  static const std::vector<CatalogQuery> queries{
      {"lookups", kLookups, false, true},       {"schemas", kSchemas, false},
      {"extensions", kExtensions, false},       {"relations", kRelations, false, true},
      {"columns", kColumns, true, true},        {"constraints", kConstraints, true, true},
      {"indexes", kIndexes, true, true},        {"routines", kRoutines, false},
      {"triggers", kTriggers, true, true},      {"types", kTypes, false},
      {"policies", kPolicies, false, true},     {"rules", kRules, false, true},
      {"views", kViewDefinitions, false, true},
  };
  return queries;
}

namespace {

void replace_all(std::string& sql, std::string_view placeholder, std::string_view literal) {
  for (auto at = sql.find(placeholder); at != std::string::npos;
       at = sql.find(placeholder, at + literal.size())) {
    sql.replace(at, placeholder.size(), literal);
  }
}

}  // namespace

std::string query_text(const CatalogQuery& query, bool report_partition_members,
                       const RelationScope* scope) {
  std::string sql(query.sql);
  if (query.uses_partition_flag) {
    replace_all(sql, "$1", report_partition_members ? "true" : "false");
  }
  if (query.relation_bound) {
    std::vector<long long> with_referenced;
    if (scope) {
      with_referenced = scope->relations;
      with_referenced.insert(with_referenced.end(), scope->referenced.begin(),
                             scope->referenced.end());
    }
    replace_all(sql, "$2", scope ? oid_array_literal(scope->relations) : "NULL::oid[]");
    replace_all(sql, "$3", scope ? oid_array_literal(with_referenced) : "NULL::oid[]");
  }
  return sql;
}

std::string_view relation_names_query() { return kRelationNames; }

std::string_view transaction_snapshot_query() { return "SELECT pg_current_snapshot()::text"; }

std::string_view committed_since_snapshot_query() { return kCommittedSinceSnapshot; }

}  // namespace driftwatch::probes
