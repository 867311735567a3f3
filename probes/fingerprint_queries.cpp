// The catalog fingerprint and the query that finds, from the rows written
// since a previous read, which relations a partial read must re-read.
#include "probes/fingerprint_queries.h"

#include <array>
#include <string>

namespace driftwatch::probes {
namespace {

// Whose object a new row of a catalog is: the catalog (classid) and oid of
// that object; empty for the catalogs whose rows belong to no relation (a
// new row there calls for a whole read). 1259, 2606 and 1247 are pg_class,
// pg_constraint and pg_type: system catalogs' oids are fixed.
struct FingerprintCatalog {
  std::string_view name;
  std::string_view classid;
  std::string_view objid;
  bool watch_deletions = false;  ///< FingerprintedCatalog::watch_deletions
};

// Every catalog a snapshot reads. The first ones are those the server's
// deparse functions read through its catalog cache, that is, the latest
// committed state rather than the read's snapshot (a read checks them for
// consistency); the others hold what the snapshot records from them alone
// (comments, policies, sequence parameters, owners in pg_depend, ...). Any
// change a snapshot would show moves the fingerprint, so a new poller can
// trust an unchanged one in place of a read.
constexpr std::array<FingerprintCatalog, 27> kCatalogs{{
    {"pg_namespace", "", ""},
    {"pg_class", "1259", "oid"},
    {"pg_attribute", "1259", "attrelid"},
    {"pg_constraint", "2606", "oid"},
    {"pg_index", "1259", "indrelid"},
    {"pg_proc", "", ""},
    {"pg_trigger", "1259", "tgrelid"},
    {"pg_rewrite", "1259", "ev_class"},
    {"pg_type", "1247", "oid"},
    {"pg_enum", "", ""},
    {"pg_operator", "", ""},
    {"pg_collation", "", ""},
    {"pg_opclass", "", ""},
    {"pg_partitioned_table", "1259", "partrelid"},
    {"pg_description", "classoid", "objoid", true},
    {"pg_attrdef", "1259", "adrelid"},
    {"pg_policy", "1259", "polrelid"},
    {"pg_sequence", "1259", "seqrelid"},
    {"pg_extension", "", ""},
    {"pg_depend", "classid", "objid", true},
    {"pg_inherits", "1259", "inhrelid"},
    {"pg_aggregate", "", ""},
    {"pg_range", "", ""},
    {"pg_foreign_table", "1259", "ftrelid"},
    {"pg_foreign_server", "", ""},
    {"pg_am", "", ""},
    {"pg_tablespace", "", ""},
}};

// Owners and privileges are printed with role names, which live in
// pg_authid: only a superuser may read its xmin, anyone its names.
constexpr std::string_view kRoles =
    "(SELECT count(*) || ':' || md5(string_agg(oid::text || ' ' || rolname, ',' ORDER BY oid))"
    "   FROM pg_roles) AS pg_roles";

// Count and sum of xmin per catalog: an insert, update or delete changes one.
// The sum goes through age(), which is cheaper than converting xids to text
// and is taken once per row; subtracting age('3') (r, taken once) cancels
// age()'s moving reference, leaving 3 * rows - sum(xmin), the same in any
// later transaction. Bootstrap and frozen xids, whose age() is always
// 2^31 - 1, are counted apart.
constexpr std::string_view kCount =
    "count(*) || ':' || count(*) FILTER (WHERE g = 2147483647) || ':' ||"
    " coalesce(sum(g::bigint - r) FILTER (WHERE g < 2147483647), 0)";

std::string fingerprint_text() {
  std::string sql = "SELECT ";
  for (const auto& catalog : kCatalogs) {
    sql += "(SELECT ";
    sql += kCount;
    sql += " FROM (SELECT age(xmin) AS g FROM ";
    sql += catalog.name;
    sql += ") x, (SELECT age('3'::xid) AS r) k) AS ";
    sql += catalog.name;
    sql += ", ";
  }
  sql += kRoles;
  return sql;
}

// The pg_class row each (classid, objid) of `input` belongs to, then the
// relation that row is or belongs to: an index's or a TOAST table's owner.
// NULL when the object belongs to no relation (a function, a domain, a
// composite type) or no longer exists.
std::string owners_of(std::string_view input, std::string_view output) {
  std::string sql;
  sql += output;
  sql +=
      "_row AS (SELECT k.classid, k.objid, CASE k.classid"
      " WHEN 'pg_class'::regclass THEN k.objid"
      " WHEN 'pg_constraint'::regclass"
      "  THEN (SELECT nullif(conrelid, 0) FROM pg_constraint WHERE oid = k.objid)"
      " WHEN 'pg_attrdef'::regclass THEN (SELECT adrelid FROM pg_attrdef WHERE oid = k.objid)"
      " WHEN 'pg_trigger'::regclass THEN (SELECT tgrelid FROM pg_trigger WHERE oid = k.objid)"
      " WHEN 'pg_rewrite'::regclass THEN (SELECT ev_class FROM pg_rewrite WHERE oid = k.objid)"
      " WHEN 'pg_policy'::regclass THEN (SELECT polrelid FROM pg_policy WHERE oid = k.objid)"
      " WHEN 'pg_statistic_ext'::regclass"
      "  THEN (SELECT stxrelid FROM pg_statistic_ext WHERE oid = k.objid)"
      " WHEN 'pg_publication_rel'::regclass"
      "  THEN (SELECT prrelid FROM pg_publication_rel WHERE oid = k.objid)"
      // A relation's row type, or an array of one.
      " WHEN 'pg_type'::regclass"
      "  THEN (SELECT nullif(coalesce(nullif(t.typrelid, 0), e.typrelid), 0) FROM pg_type t"
      "         LEFT JOIN pg_type e ON e.oid = t.typelem WHERE t.oid = k.objid)"
      " END AS relid FROM ";
  sql += input;
  sql += " k), ";
  sql += output;
  sql +=
      " AS (SELECT o.classid, o.objid, CASE"
      " WHEN b.relkind IN ('r', 'p', 'f', 'v', 'm', 'S') THEN b.oid"
      // A TOAST table depends on its owner (internal): an indexed look-up.
      " WHEN b.relkind = 't' THEN (SELECT d.refobjid FROM pg_depend d"
      "  WHERE d.classid = 'pg_class'::regclass AND d.objid = b.oid"
      "    AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'i')"
      " END AS owner FROM ";
  sql += output;
  sql +=
      "_row o LEFT JOIN pg_class c ON c.oid = o.relid"
      " LEFT JOIN pg_index i ON i.indexrelid = c.oid"
      " LEFT JOIN pg_class b ON b.oid = coalesce(i.indrelid, c.oid))";
  return sql;
}

}  // namespace

std::string_view fingerprint_query() {
  static const std::string sql = fingerprint_text();
  return sql;
}

std::vector<FingerprintedCatalog> fingerprint_catalogs() {
  std::vector<FingerprintedCatalog> catalogs;
  catalogs.reserve(kCatalogs.size());
  for (const auto& catalog : kCatalogs) {
    catalogs.push_back({catalog.name, !catalog.objid.empty(), catalog.watch_deletions});
  }
  return catalogs;
}

// A row is new when its xmin is not visible in the previous read's snapshot.
// Its full xid is the snapshot's xmin plus the distance age() measures, for
// the rows at or after that xmin (x.g <= h.a); older rows are not new.
std::string changed_relations_query(std::string_view previous_snapshot) {
  std::string sql =
      "WITH h AS (SELECT s, x8, age(x32) AS a, age('3'::xid) AS r"
      " FROM (SELECT s, pg_snapshot_xmin(s)::text::bigint AS x8,"
      "              (pg_snapshot_xmin(s)::text::bigint % 4294967296)::text::xid AS x32"
      "         FROM (SELECT '";
  sql += previous_snapshot;
  sql += "'::pg_snapshot AS s) p) q), s AS (SELECT ";
  for (const auto& catalog : kCatalogs) {
    sql += catalog.name;
    sql += ".fp AS ";
    sql += catalog.name;
    sql += ", ";
  }
  for (const auto& catalog : kCatalogs) {
    sql += catalog.name;
    sql += ".n AS new_";
    sql += catalog.name;
    sql += ", ";
  }
  sql += "h.a BETWEEN 0 AND 2000000000 AS horizon_ok, ";
  std::string keys;
  for (const auto& catalog : kCatalogs) {
    if (!keys.empty()) keys += " || ";
    keys += catalog.name;
    keys += ".w";
  }
  sql += keys;
  sql += " AS w FROM h";
  // The object's key is only built for the new rows: (classid << 32) | objid.
  for (const auto& catalog : kCatalogs) {
    const bool owned = !catalog.objid.empty();
    sql += ", (SELECT ";
    sql += kCount;
    sql +=
        " AS fp, count(*) FILTER (WHERE x.new) AS n,"
        " array_agg((x.c::bigint << 32) | x.o::bigint) FILTER (WHERE x.new) AS w"
        " FROM (SELECT y.g, y.c, y.o, h.r, y.g <= h.a AND NOT pg_visible_in_snapshot("
        "(h.x8 + h.a - y.g)::text::xid8, h.s) AS new FROM (SELECT age(xmin) AS g, ";
    sql += owned ? catalog.classid : "0";
    sql += " AS c, ";
    sql += owned ? catalog.objid : "0";
    sql += " AS o FROM ";
    sql += catalog.name;
    sql += ") y, h) x) ";
    sql += catalog.name;
  }
  sql +=
      "), keys AS (SELECT DISTINCT (k >> 32)::oid AS classid, (k & 4294967295)::oid AS objid"
      " FROM s, unnest(s.w) k), ";
  sql += owners_of("keys", "changed");
  // Relations whose text names a changed one: views, foreign keys, defaults
  // that call its sequence, owned sequences, partitions, columns of its row type.
  sql +=
      ", targets AS (SELECT relid AS oid FROM changed_row WHERE relid IS NOT NULL"
      " UNION SELECT owner FROM changed WHERE owner IS NOT NULL),"
      " target_types AS (SELECT c.reltype AS oid FROM pg_class c JOIN targets USING (oid)"
      " UNION SELECT t.typarray FROM pg_class c JOIN targets USING (oid)"
      " JOIN pg_type t ON t.oid = c.reltype),"
      " dependents AS (SELECT d.classid, d.objid FROM pg_depend d"
      " WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid IN (SELECT oid FROM targets)"
      " UNION SELECT d.classid, d.objid FROM pg_depend d"
      " WHERE d.refclassid = 'pg_type'::regclass AND d.refobjid IN (SELECT oid FROM target_types)"
      " UNION SELECT 'pg_class'::regclass, i.inhrelid FROM pg_inherits i"
      " WHERE i.inhparent IN (SELECT oid FROM targets)), ";
  sql += owners_of("dependents", "dependent");
  sql +=
      ", scope AS (SELECT owner FROM changed WHERE owner IS NOT NULL"
      " UNION SELECT owner FROM dependent WHERE owner IS NOT NULL)"
      " SELECT ";
  for (const auto& catalog : kCatalogs) {
    sql += "s.";
    sql += catalog.name;
    sql += ", ";
  }
  sql += kRoles;
  for (const auto& catalog : kCatalogs) {
    sql += ", s.new_";
    sql += catalog.name;
  }
  sql += ", s.horizon_ok";
  sql +=
      ", (SELECT array_agg(owner ORDER BY owner) FROM scope) AS scope,"
      " (SELECT array_agg(DISTINCT con.confrelid) FROM pg_constraint con"
      "   WHERE con.contype = 'f' AND con.conrelid IN (SELECT owner FROM scope)) AS referenced,"
      " EXISTS (SELECT FROM changed WHERE owner IS NULL)"
      " OR EXISTS (SELECT FROM dependent WHERE owner IS NULL) AS unattributed"
      " FROM s";
  return sql;
}

}  // namespace driftwatch::probes
