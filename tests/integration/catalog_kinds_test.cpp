// Every object kind is captured from a real server, and the noise users hate
// (extension members, system schemas, temporary tables, partition members) is not.
#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include "tests/support/snapshot_lookup.h"
#include "tests/support/test_database.h"

namespace schema = driftwatch::schema;
using driftwatch::test::attribute_of;
using driftwatch::test::find_object;
using driftwatch::test::TestDatabase;
using schema::Kind;

namespace {

const TestDatabase& every_kind_database() {
  // Shared by the cases of this file and never dropped: the cluster is thrown away.
  static const TestDatabase* database = [] {
    auto* created = new TestDatabase;
    created->exec_file("sql/every_kind.sql");
    return created;
  }();
  return *database;
}

}  // namespace

TEST_CASE("catalog: one object of every kind is captured with its identity", "[pg]") {
  const auto snapshot = every_kind_database().snapshot();
  struct Expected {
    Kind kind;
    const char* id;
  };
  const Expected expected[] = {
      {Kind::schema, "app"},
      {Kind::extension, "citext"},
      {Kind::enum_type, "app.order_status"},
      {Kind::domain, "app.positive_amount"},
      {Kind::composite_type, "app.address"},
      {Kind::range_type, "app.price_range"},
      {Kind::sequence, "app.invoice_no"},
      {Kind::table, "app.customers"},
      {Kind::table, "app.events"},
      {Kind::table, "app.events_2024"},
      {Kind::column, "app.customers.email"},
      {Kind::constraint, "app.orders.orders_customer_id_fkey"},
      {Kind::constraint, "app.orders.orders_no_overlap"},
      {Kind::index, "app.orders_customer_idx"},
      {Kind::view, "app.paid_orders"},
      {Kind::materialized_view, "app.order_totals"},
      {Kind::function, "app.order_count(bigint, app.order_status)"},
      {Kind::function, "app.order_count(text)"},
      {Kind::procedure, "app.archive(date)"},
      {Kind::aggregate, "app.total_sum(numeric)"},
      {Kind::trigger, "app.customers.customers_touch"},
      {Kind::policy, "app.customers.customers_self"},
      {Kind::rule, "app.scratch.scratch_no_delete"},
  };
  for (const auto& e : expected) {
    INFO(schema::kind_name(e.kind) << " " << e.id);
    CHECK(find_object(snapshot, e.kind, e.id) != nullptr);
  }
}

TEST_CASE("catalog: attributes carry what each kind's DDL says", "[pg]") {
  const auto s = every_kind_database().snapshot();
  CHECK(attribute_of(s, Kind::schema, "app", "comment") == "application objects");
  CHECK(attribute_of(s, Kind::schema, "app", "acl") ==
        "dw_reader=U/postgres, postgres=UC/postgres");
  CHECK(attribute_of(s, Kind::extension, "citext", "schema") == "public");
  CHECK(attribute_of(s, Kind::enum_type, "app.order_status", "labels") ==
        "'new', 'paid', 'shipped'");
  CHECK(attribute_of(s, Kind::domain, "app.positive_amount", "data_type") == "numeric(12,2)");
  CHECK(attribute_of(s, Kind::domain, "app.positive_amount", "not_null") == "true");
  CHECK(attribute_of(s, Kind::domain, "app.positive_amount", "constraints") ==
        "positive_amount_check CHECK ((VALUE >= (0)::numeric))");
  CHECK(attribute_of(s, Kind::composite_type, "app.address", "fields") ==
        "street text, city text COLLATE \"C\", zip character varying(10)");
  CHECK(attribute_of(s, Kind::range_type, "app.price_range", "subtype") == "numeric");
  CHECK(attribute_of(s, Kind::sequence, "app.invoice_no", "increment") == "10");
  CHECK(attribute_of(s, Kind::sequence, "app.invoice_no", "owned_by") == "app.orders.invoice");
  CHECK(attribute_of(s, Kind::sequence, "app.customers_id_seq", "identity") == "true");
  CHECK(attribute_of(s, Kind::table, "app.customers", "row_security") == "true");
  CHECK(attribute_of(s, Kind::table, "app.customers", "comment") == "people who buy");
  CHECK(attribute_of(s, Kind::table, "app.scratch", "unlogged") == "true");
  CHECK(attribute_of(s, Kind::table, "app.scratch", "options") == "fillfactor=50");
  CHECK(attribute_of(s, Kind::table, "app.events", "partition_key") == "RANGE (happened)");
  CHECK(attribute_of(s, Kind::table, "app.events_2024", "partition_of") == "app.events");
  CHECK(attribute_of(s, Kind::table, "app.events_2024", "partition_bound") ==
        "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
  CHECK(attribute_of(s, Kind::column, "app.customers.email", "type") == "public.citext");
  CHECK(attribute_of(s, Kind::column, "app.customers.email", "acl") == "dw_reader=r/postgres");
  CHECK(attribute_of(s, Kind::column, "app.customers.id", "identity") == "always");
  CHECK(attribute_of(s, Kind::column, "app.customers.name", "collation") == "\"C\"");
  CHECK(attribute_of(s, Kind::column, "app.customers.name_upper", "generated") == "upper(name)");
  CHECK(attribute_of(s, Kind::column, "app.orders.status", "default") == "'new'::app.order_status");
  CHECK(attribute_of(s, Kind::column, "app.orders.placed_on", "not_null") == "true");
  CHECK(attribute_of(s, Kind::constraint, "app.orders.orders_total_check", "definition") ==
        "CHECK (((total)::numeric < (1000000)::numeric))");
  CHECK(attribute_of(s, Kind::constraint, "app.orders.orders_no_overlap", "definition") ==
        "EXCLUDE USING gist (during WITH &&) DEFERRABLE INITIALLY DEFERRED");
  CHECK(attribute_of(s, Kind::index, "app.orders_paid_idx", "table") == "app.orders");
  CHECK(attribute_of(s, Kind::index, "app.orders_paid_idx", "valid") == "true");
  CHECK(attribute_of(s, Kind::view, "app.paid_orders", "options") == "security_barrier=true");
  CHECK(attribute_of(s, Kind::trigger, "app.customers.customers_touch", "enabled") == "origin");
  CHECK(attribute_of(s, Kind::policy, "app.customers.customers_self", "roles") == "dw_reader");
  CHECK(attribute_of(s, Kind::policy, "app.customers.customers_self", "command") == "select");
  CHECK(attribute_of(s, Kind::aggregate, "app.total_sum(numeric)", "transition_function") ==
        "numeric_add");
  CHECK(attribute_of(s, Kind::function, "app.order_count(text)", "acl") == "postgres=X/postgres");
  CHECK(attribute_of(s, Kind::procedure, "app.archive(date)", "definition")
            .starts_with("CREATE OR REPLACE PROCEDURE app.archive(IN p_before date)"));
}

TEST_CASE("catalog: extension members, system schemas and implicit objects are left out", "[pg]") {
  const auto snapshot = every_kind_database().snapshot();
  for (const auto& object : snapshot.objects()) {
    INFO(schema::kind_name(object.key.kind) << " " << schema::format_identity(object.key));
    if (object.key.kind == Kind::extension) continue;
    const auto& top = object.key.path.front();
    CHECK_FALSE(top.starts_with("pg_"));
    CHECK(top != "information_schema");
    // citext's 50-odd functions and its type belong to the extension.
    CHECK_FALSE((top == "public" && object.key.kind != Kind::schema));
  }
  // The range type's constructor functions belong to the type.
  CHECK(find_object(snapshot, Kind::function, "app.price_range(numeric, numeric)") == nullptr);
}

TEST_CASE("catalog: another session's temporary tables are not part of the schema", "[pg]") {
  const auto& database = every_kind_database();
  pqxx::connection other(database.dsn());
  pqxx::nontransaction work(other);
  work.exec("CREATE TEMP TABLE scratchpad (x int PRIMARY KEY)");
  const auto snapshot = database.snapshot();
  for (const auto& object : snapshot.objects()) {
    CHECK(object.key.path.back() != "scratchpad");
    CHECK(object.key.path.back() != "scratchpad_pkey");
  }
}

TEST_CASE("catalog: partitions fold into their parent unless asked for in full", "[pg]") {
  const auto& database = every_kind_database();
  const auto folded = database.snapshot(true);
  const auto full = database.snapshot(false);
  // Folded: the partition is a table with its bound, without what it inherits...
  CHECK(find_object(folded, Kind::table, "app.events_2024") != nullptr);
  CHECK(find_object(folded, Kind::column, "app.events_2024.payload") == nullptr);
  CHECK(find_object(folded, Kind::index, "app.events_2024_payload_idx") == nullptr);
  CHECK(find_object(folded, Kind::constraint, "app.events_2024.events_2024_pkey") == nullptr);
  // ... but with what is its own.
  CHECK(find_object(folded, Kind::index, "app.events_2025_local_idx") != nullptr);
  // Full: every inherited member is an object.
  CHECK(find_object(full, Kind::column, "app.events_2024.payload") != nullptr);
  CHECK(find_object(full, Kind::index, "app.events_2024_payload_idx") != nullptr);
  CHECK(find_object(full, Kind::constraint, "app.events_2024.events_2024_pkey") != nullptr);
  CHECK(full.size() > folded.size());
}
