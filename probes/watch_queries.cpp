// SQL of the per-poll identity and catalog-activity checks.
#include "probes/watch_queries.h"

#include <string_view>

namespace driftwatch::probes {
namespace {

constexpr std::string_view kIdentity =
    "SELECT (SELECT system_identifier FROM pg_control_system())::text, current_database(),"
    "       pg_is_in_recovery()";

// One row per catalog; reading a few statistics entries costs microseconds,
// against a scan of every catalog for the fingerprint.
constexpr std::string_view kActivity =
    "SELECT current_setting('track_counts')::bool AS counting,"
    "       string_agg(c.relname || ':' || pg_stat_get_tuples_inserted(c.oid) || ':' ||"
    "                  pg_stat_get_tuples_updated(c.oid) || ':' ||"
    "                  pg_stat_get_tuples_deleted(c.oid), ',' ORDER BY c.relname)"
    "  FROM pg_class c"
    " WHERE c.relnamespace = 'pg_catalog'::regnamespace"
    "   AND c.relname IN ('pg_namespace', 'pg_class', 'pg_attribute', 'pg_attrdef',"
    "                     'pg_constraint', 'pg_index', 'pg_proc', 'pg_trigger', 'pg_rewrite',"
    "                     'pg_type', 'pg_enum', 'pg_operator', 'pg_collation', 'pg_opclass',"
    "                     'pg_partitioned_table', 'pg_policy', 'pg_extension', 'pg_depend',"
    "                     'pg_sequence', 'pg_description', 'pg_inherits', 'pg_authid',"
    "                     'pg_auth_members', 'pg_default_acl', 'pg_statistic_ext')";

}  // namespace

DatabaseIdentity read_identity(Session& session) {
  ReadTransaction transaction(session, Isolation::statement);
  const auto rows = transaction.query(kIdentity);
  DatabaseIdentity identity{std::string(rows.text(0, 0)), std::string(rows.text(0, 1)),
                            rows.flag(0, 2)};
  transaction.commit();
  return identity;
}

std::string catalog_activity(Session& session) {
  ReadTransaction transaction(session, Isolation::statement);
  const auto rows = transaction.query(kActivity);
  std::string activity = rows.text(0, 0) == "t" ? std::string(rows.text(0, 1)) : std::string();
  transaction.commit();
  return activity;
}

}  // namespace driftwatch::probes
