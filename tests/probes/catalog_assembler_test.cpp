// Tests the catalog assembler: literal catalog rows, with each query's columns, to a snapshot.
#include "probes/catalog_assembler.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "probes/catalog_queries.h"
#include "probes/fingerprint_queries.h"
#include "tests/support/snapshot_lookup.h"

using namespace driftwatch::probes;
using driftwatch::schema::Kind;
using driftwatch::schema::Snapshot;
using driftwatch::test::attribute_of;

namespace {

using Row = std::map<std::string, std::string>;

// The SELECT lists of catalog_queries.cpp, column for column.
const std::map<std::string, std::string> kSelectLists{
    {"lookups", "what oid num name schema flag"},
    {"schemas", "nspname owner acl description"},
    {"extensions", "extname extversion nspname"},
    {"relations",
     "nspname relname relkind relpersistence owner acl relrowsecurity relforcerowsecurity "
     "reloptions relispartition partition_bound partition_key parent_schemas parent_names "
     "tablespace access_method relreplident foreign_server foreign_options sequence_type seqstart "
     "seqincrement seqmin seqmax seqcache seqcycle owner_schema owner_table owner_column owned_how "
     "description"},
    {"columns",
     "relid nspname relname reported attname attnum attcollation type attnotnull attidentity "
     "attgenerated default_expr collation_schema collation_name acl attstattarget storage "
     "attcompression description"},
    {"constraints",
     "nspname relname conname contype conrelid keys referenced_keys confrelid referenced_schema "
     "referenced_table confupdtype confdeltype confmatchtype delete_set_keys condeferrable "
     "condeferred convalidated indnullsnotdistinct indnkeyatts index_keys server_definition "
     "description"},
    {"indexes",
     "nspname index_name indrelid table_schema table_name table_kind indexrelid index_kind "
     "index_is_partition indisunique indnullsnotdistinct indisvalid indnkeyatts relam keys "
     "key_options opclasses collations server_definition predicate reloptions tablespace "
     "description"},
    {"types",
     "nspname typname typtype owner acl labels base_type typnotnull default_expr collation_schema "
     "collation_name constraint_names constraint_definitions field_names field_types "
     "field_collation_schemas field_collation_names range_subtype range_opclass_schema "
     "range_opclass range_collation_schema range_collation range_canonical range_subtype_diff "
     "description"},
    {"views", "nspname relname definition"},
};

// A query's result; cells a row does not name are NULL.
ResultTable table(const std::string& query, const std::vector<Row>& rows) {
  std::vector<std::string> columns;
  std::istringstream words(kSelectLists.at(query));
  for (std::string word; words >> word;) columns.push_back(word);
  ResultTable out(columns);
  for (const auto& named : rows) {
    std::vector<ResultTable::Cell> cells;
    for (const auto& column : columns) {
      auto it = named.find(column);
      cells.push_back(it == named.end() ? std::nullopt : ResultTable::Cell(it->second));
    }
    for (const auto& cell : named) {
      if (std::find(columns.begin(), columns.end(), cell.first) == columns.end()) {
        throw std::logic_error("fixture: " + query + " has no column " + cell.first);
      }
    }
    out.add_row(cells);
  }
  return out;
}

// A row from name, value, name, value..., over a base row.
Row row(std::initializer_list<std::string> pairs, Row base = {}) {
  if (pairs.size() % 2 != 0) throw std::logic_error("fixture: a cell name without a value");
  for (auto it = pairs.begin(); it != pairs.end(); it += 2) base[*it] = *(it + 1);
  return base;
}

// A "lookups" row; "" stands for NULL in schema and flag.
Row lookup(const char* what, const char* oid, const char* name, const char* schema,
           const char* flag) {
  Row out = row({"what", what, "oid", oid, "num", "0", "name", name});
  if (*schema != '\0') out["schema"] = schema;
  if (*flag != '\0') out["flag"] = flag;
  return out;
}

// Default cells of each query's rows, as name, value pairs.
// clang-format off
Row relation(const std::string& name, const char* relkind,
             std::initializer_list<std::string> changes = {}) {
  return row(changes, row({"nspname", "app", "relname", name, "relkind", relkind,
                           "relpersistence", "p", "owner", "owner", "acl", "{owner=arwdDxt/owner}",
                           "relrowsecurity", "f", "relforcerowsecurity", "f",
                           "relispartition", "f", "relreplident", "d"}));
}

Row sequence(const std::string& name, std::initializer_list<std::string> changes) {
  return row(changes, row({"acl", "{owner=rwU/owner}", "sequence_type", "bigint",
                           "seqstart", "1", "seqincrement", "1", "seqmin", "1",
                           "seqmax", "9223372036854775807", "seqcache", "1", "seqcycle", "f"},
                          relation(name, "S")));
}

Row column(const char* relid, const char* relname, const char* reported, const char* name,
           const char* attnum, const char* type, std::initializer_list<std::string> changes = {}) {
  return row(changes, row({"relid", relid, "nspname", "app", "relname", relname,
                           "reported", reported, "attname", name, "attnum", attnum,
                           "attcollation", "0", "type", type, "attnotnull", "f",
                           "attidentity", "", "attgenerated", "", "attstattarget", "-1",
                           "attcompression", ""}));
}

Row constraint(const char* relname, const char* name, const char* type, const char* relid,
               const char* keys, std::initializer_list<std::string> changes) {
  return row(changes, row({"nspname", "app", "relname", relname, "conname", name,
                           "contype", type, "conrelid", relid, "keys", keys, "confrelid", "0",
                           "confupdtype", " ", "confdeltype", " ", "confmatchtype", " ",
                           "condeferrable", "f", "condeferred", "f", "convalidated", "t"}));
}

Row index(const char* name, const char* relid, const char* table_name, const char* indexrelid,
          const char* keys, const char* opclasses,
          std::initializer_list<std::string> changes = {}) {
  return row(changes, row({"nspname", "app", "index_name", name, "indrelid", relid,
                           "table_schema", "app", "table_name", table_name, "table_kind", "r",
                           "indexrelid", indexrelid, "index_kind", "i", "index_is_partition", "f",
                           "indisunique", "f", "indnullsnotdistinct", "f", "indisvalid", "t",
                           "indnkeyatts", "1", "relam", "403", "keys", keys, "key_options", "0",
                           "opclasses", opclasses, "collations", "0"}));
}

// A small but complete schema, in the order catalog_queries() runs.
std::vector<std::pair<std::string, ResultTable>> fixture(const std::string& schema_acl) {
  return {
    {"lookups", table("lookups", {
        lookup("keyword", "0", "order", "", ""), lookup("keyword", "0", "user", "", ""),
        lookup("opclass", "1978", "int4_ops", "pg_catalog", "t"),
        lookup("opclass", "3122", "date_ops", "pg_catalog", "t"),
        lookup("opclass", "3126", "text_ops", "pg_catalog", "t"),
        lookup("opclass", "4217", "text_pattern_ops", "pg_catalog", "f"),
        lookup("collation", "100", "default", "pg_catalog", ""),
        lookup("collation", "950", "C", "pg_catalog", ""),
        lookup("access_method", "403", "btree", "", "t")})},
    {"schemas", table("schemas", {row({"nspname", "app", "owner", "owner", "acl", schema_acl})})},
    {"extensions", table("extensions", {})},
    {"relations", table("relations", {
        relation("customers", "r"),
        relation("orders", "p", {"partition_key", "RANGE (placed_on)"}),
        relation("orders_2024", "r", {"relispartition", "t", "parent_schemas", "{app}",
            "parent_names", "{orders}",
            "partition_bound", "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"}),
        relation("audited", "r",
                 {"parent_schemas", "{app,app}", "parent_names", "{base_log,tagged}"}),
        sequence("customers_id_seq", {"owner_schema", "app", "owner_table", "customers",
                                      "owner_column", "id", "owned_how", "i"}),
        sequence("order_no_seq", {"owner_schema", "app", "owner_table", "orders",
                                  "owner_column", "id", "owned_how", "a"}),
        sequence("free_seq", {"seqcycle", "t"}),
        relation("recent_orders", "v"), relation("order_totals", "m")})},
    {"columns", table("columns", {
        column("16400", "customers", "t", "order", "4", "integer"),  // attnum 2 was dropped
        column("16400", "customers", "t", "id", "1", "bigint",
               {"attnotnull", "t", "attidentity", "a"}),
        column("16400", "customers", "t", "name", "3", "text",
               {"attcollation", "950", "collation_schema", "pg_catalog", "collation_name", "C",
                "default_expr", "'anonymous'::text"}),
        column("16410", "orders", "t", "id", "1", "bigint"),
        column("16410", "orders", "t", "customer_id", "2", "bigint"),
        column("16410", "orders", "t", "placed_on", "3", "date"),
        // A partition folded into its parent: read, not reported.
        column("16420", "orders_2024", "f", "id", "1", "bigint"),
        column("16420", "orders_2024", "f", "note", "2", "text", {"attcollation", "100"}),
        column("16420", "orders_2024", "f", "placed_on", "3", "date")})},
    {"constraints", table("constraints", {
        constraint("customers", "customers_pkey", "p", "16400", "{1}",
                   {"indnkeyatts", "1", "index_keys", "1"}),
        constraint("customers", "customers_name_key", "u", "16400", "{3}",
                   {"indnkeyatts", "1", "index_keys", "3 4"}),
        constraint("orders", "orders_customer_id_fkey", "f", "16410", "{2}",
                   {"referenced_keys", "{1}", "confrelid", "16400", "referenced_schema", "app",
                    "referenced_table", "customers", "confupdtype", "a", "confdeltype", "c",
                    "confmatchtype", "s"}),
        constraint("customers", "customers_order_check", "c", "16400", "{4}",
                   {"server_definition", "CHECK ((\"order\" > 0))"})})},
    {"indexes", table("indexes", {
        index("customers_order_idx", "16400", "customers", "16500", "4", "1978"),
        index("orders_placed_on_idx", "16410", "orders", "16510", "3", "3122",
              {"table_kind", "p", "index_kind", "I", "key_options", "1"}),
        // A local index of the partition, over its unreported columns.
        index("orders_2024_note_idx", "16420", "orders_2024", "16520", "2", "4217",
              {"collations", "100", "predicate", "(note IS NOT NULL)"}),
        index("customers_lower_name_idx", "16400", "customers", "16530", "0", "3126",
              {"indisvalid", "f", "server_definition",
               "CREATE INDEX customers_lower_name_idx ON app.customers USING btree "
               "(lower(name))"})})},
    {"types", table("types", {
        row({"nspname", "app", "typname", "order_status", "typtype", "e", "owner", "owner",
             "acl", "{=U/owner,owner=U/owner}", "labels", "{pending,paid,\"on hold\",it's}"})})},
    {"views", table("views", {
        row({"nspname", "app", "relname", "recent_orders", "definition", " SELECT 1;"}),
        row({"nspname", "app", "relname", "order_totals", "definition", " SELECT 2;"})})},
  };
}
// clang-format on

Snapshot assemble(const std::string& schema_acl = "{owner=UC/owner,reader=U/owner}") {
  CatalogAssembler assembler;
  for (const auto& [query, rows] : fixture(schema_acl)) assembler.add(query, rows);
  return std::move(assembler).finish();
}

// An attribute of an object of the fixture's snapshot, or "(absent)".
std::string attr(Kind kind, std::string_view id, std::string_view name) {
  static const Snapshot snapshot = assemble();
  return attribute_of(snapshot, kind, id, name);
}

}  // namespace

TEST_CASE("catalog assembler: every catalog query has a reader", "[probes]") {
  CatalogAssembler assembler;
  for (const auto& query : catalog_queries()) {
    INFO(query.name);
    // A reader looks its columns up first: a result without any fails on a column, not the name.
    CHECK_THROWS_AS(assembler.add(query.name, ResultTable{}), std::out_of_range);
  }
}

TEST_CASE("catalog queries: none calls age(), whose reference the commit check reads", "[probes]") {
  // committed_since_snapshot_query() learns the next xid from age(), which
  // the server fixes at a transaction's first call: one in a catalog query
  // would fix it before the read ends, and commits after it would go unseen.
  for (const auto& query : catalog_queries()) {
    INFO(query.name);
    CHECK(query_text(query, true).find("age(") == std::string::npos);
  }
  CHECK(std::string(committed_since_snapshot_query()).find("age(") != std::string::npos);
}

TEST_CASE("catalog queries: the fingerprint covers every catalog they read", "[probes]") {
  // A new poller trusts an unchanged fingerprint in place of a read: a
  // catalog a query reads but the fingerprint leaves out would hide changes.
  const std::regex read_from(R"((?:FROM|JOIN)\s+(?:pg_catalog\.)?(pg_[a-z_]+)\b(?!\s*\())",
                             std::regex::icase);
  std::set<std::string, std::less<>> fingerprinted;
  for (const auto& catalog : fingerprint_catalogs()) {
    CHECK(std::string(fingerprint_query()).find(" FROM " + std::string(catalog.name) + ")") !=
          std::string::npos);
    fingerprinted.insert(std::string(catalog.name));
  }
  std::set<std::string> catalogs;
  for (const auto& query : catalog_queries()) {
    const auto text = query_text(query, true);
    for (std::sregex_iterator it(text.begin(), text.end(), read_from), end; it != end; ++it) {
      catalogs.insert((*it)[1]);
    }
  }
  CHECK(catalogs.size() > 20);
  for (const auto& catalog : catalogs) {
    INFO(catalog);
    CHECK(fingerprinted.count(catalog) == 1);
  }
}

TEST_CASE("catalog assembler: a column's position is its rank among live columns", "[probes]") {
  // attnums 1, 3, 4 (2 was dropped), read out of order.
  CHECK(attr(Kind::column, "app.customers.id", "position") == "1");
  CHECK(attr(Kind::column, "app.customers.name", "position") == "2");
  CHECK(attr(Kind::column, "app.customers.order", "position") == "3");
  CHECK(attr(Kind::column, "app.customers.id", "identity") == "always");
  CHECK(attr(Kind::column, "app.customers.id", "not_null") == "true");
  CHECK(attr(Kind::column, "app.customers.name", "collation") == "\"C\"");
  CHECK(attr(Kind::column, "app.customers.name", "default") == "'anonymous'::text");
  CHECK(attr(Kind::column, "app.customers.order", "statistics") == "(absent)");
}

TEST_CASE("catalog assembler: unreported columns make no objects but indexes can name them",
          "[probes]") {
  CHECK(attr(Kind::column, "app.orders_2024.note", "type") == "(no such object)");
  CHECK(attr(Kind::index, "app.orders_2024_note_idx", "definition") ==
        "CREATE INDEX orders_2024_note_idx ON app.orders_2024 USING btree (note text_pattern_ops) "
        "WHERE (note IS NOT NULL)");
}

TEST_CASE("catalog assembler: index definitions are rendered unless the server deparsed them",
          "[probes]") {
  CHECK(attr(Kind::index, "app.customers_order_idx", "definition") ==
        "CREATE INDEX customers_order_idx ON app.customers USING btree (\"order\")");
  CHECK(attr(Kind::index, "app.customers_order_idx", "table") == "app.customers");
  CHECK(attr(Kind::index, "app.orders_placed_on_idx", "definition") ==
        "CREATE INDEX orders_placed_on_idx ON ONLY app.orders USING btree "
        "(placed_on DESC NULLS LAST)");
  CHECK(attr(Kind::index, "app.customers_lower_name_idx", "definition") ==
        "CREATE INDEX customers_lower_name_idx ON app.customers USING btree (lower(name))");
  CHECK(attr(Kind::index, "app.customers_lower_name_idx", "valid") == "false");
}

TEST_CASE("catalog assembler: server definitions are used, key constraints are rendered",
          "[probes]") {
  const auto definition = [](const char* id) { return attr(Kind::constraint, id, "definition"); };
  CHECK(definition("app.customers.customers_pkey") == "PRIMARY KEY (id)");
  CHECK(definition("app.customers.customers_name_key") == "UNIQUE (name) INCLUDE (\"order\")");
  CHECK(definition("app.orders.orders_customer_id_fkey") ==
        "FOREIGN KEY (customer_id) REFERENCES app.customers(id) ON DELETE CASCADE");
  CHECK(definition("app.customers.customers_order_check") == "CHECK ((\"order\" > 0))");
  CHECK(attr(Kind::constraint, "app.orders.orders_customer_id_fkey", "type") == "foreign key");
}

TEST_CASE("catalog assembler: sequences record their owning column and identity", "[probes]") {
  CHECK(attr(Kind::sequence, "app.customers_id_seq", "owned_by") == "app.customers.id");
  CHECK(attr(Kind::sequence, "app.customers_id_seq", "identity") == "true");
  CHECK(attr(Kind::sequence, "app.order_no_seq", "owned_by") == "app.orders.id");
  CHECK(attr(Kind::sequence, "app.order_no_seq", "identity") == "(absent)");
  CHECK(attr(Kind::sequence, "app.free_seq", "owned_by") == "(absent)");
  CHECK(attr(Kind::sequence, "app.free_seq", "cycle") == "true");
  CHECK(attr(Kind::sequence, "app.free_seq", "maximum") == "9223372036854775807");
}

TEST_CASE("catalog assembler: partitions record parent and bound, children their parents",
          "[probes]") {
  CHECK(attr(Kind::table, "app.orders_2024", "partition_of") == "app.orders");
  CHECK(attr(Kind::table, "app.orders_2024", "partition_bound") ==
        "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
  CHECK(attr(Kind::table, "app.orders_2024", "inherits") == "(absent)");
  CHECK(attr(Kind::table, "app.audited", "inherits") == "app.base_log, app.tagged");
  CHECK(attr(Kind::table, "app.audited", "partition_of") == "(absent)");
  CHECK(attr(Kind::table, "app.orders", "partition_key") == "RANGE (placed_on)");
}

TEST_CASE("catalog assembler: ACL items are sorted, so grant order does not matter", "[probes]") {
  const auto one = assemble("{owner=UC/owner,reader=U/owner}");
  const auto other = assemble("{reader=U/owner,owner=UC/owner}");
  CHECK(attribute_of(one, Kind::schema, "app", "acl") == "owner=UC/owner, reader=U/owner");
  CHECK(attribute_of(other, Kind::schema, "app", "acl") == "owner=UC/owner, reader=U/owner");
  CHECK(attr(Kind::enum_type, "app.order_status", "acl") == "=U/owner, owner=U/owner");
}

TEST_CASE("catalog assembler: enum labels are quoted literals in sort order", "[probes]") {
  CHECK(attr(Kind::enum_type, "app.order_status", "labels") ==
        "'pending', 'paid', 'on hold', 'it''s'");
}

TEST_CASE("catalog assembler: views take their definitions from the views rows", "[probes]") {
  CHECK(attr(Kind::view, "app.recent_orders", "definition") == " SELECT 1;");
  CHECK(attr(Kind::materialized_view, "app.order_totals", "definition") == " SELECT 2;");
  CHECK(attr(Kind::table, "app.customers", "definition") == "(absent)");
}

TEST_CASE("catalog assembler: an unknown query or a missing column throws, naming it", "[probes]") {
  CatalogAssembler assembler;
  CHECK_THROWS_AS(assembler.add("sequences", ResultTable{}), std::invalid_argument);
  CHECK_THROWS_WITH(assembler.add("sequences", ResultTable{}), Catch::Contains("sequences"));
  auto columns = table("relations", {}).columns();
  columns.erase(std::find(columns.begin(), columns.end(), "relreplident"));
  CHECK_THROWS_AS(assembler.add("relations", ResultTable(columns)), std::out_of_range);
  CHECK_THROWS_WITH(assembler.add("relations", ResultTable(columns)),
                    Catch::Contains("\"relreplident\""));
  CHECK_THROWS_WITH(assembler.add("columns", ResultTable({"relid", "nspname"})),
                    Catch::Contains("relname"));
}

TEST_CASE("catalog assembler: objects come out in canonical order whatever order rows arrive in",
          "[probes]") {
  // Each query's objects are sorted as they arrive and the kinds placed at
  // the end; rows in reverse must give the same snapshot, sorted by key.
  CatalogAssembler reversed;
  for (auto& [query, rows] : fixture("{owner=UC/owner,reader=U/owner}")) {
    ResultTable backwards(rows.columns());
    for (std::size_t r = rows.rows(); r-- > 0;) {
      std::vector<ResultTable::Cell> cells;
      for (std::size_t c = 0; c < rows.columns().size(); ++c) {
        const auto text = rows.optional_text(r, c);
        cells.push_back(text ? ResultTable::Cell(std::string(*text)) : std::nullopt);
      }
      backwards.add_row(cells);
    }
    reversed.add(query, backwards);
  }
  const Snapshot expected = assemble();
  const Snapshot snapshot = std::move(reversed).finish();
  CHECK(snapshot.objects() == expected.objects());
  const auto& objects = snapshot.objects();
  CHECK(std::adjacent_find(objects.begin(), objects.end(), [](const auto& a, const auto& b) {
          return !(a.key < b.key);
        }) == objects.end());
  for (const auto& object : objects) {
    INFO(driftwatch::schema::kind_name(object.key.kind) << " " << object.key.path.back());
    CHECK(std::is_sorted(object.attributes.begin(), object.attributes.end()));
  }
}

TEST_CASE("catalog assembler: result cells keep NULL apart from the empty string", "[probes]") {
  ResultTable rows({"a", "b"});
  rows.reserve_cells(4);
  rows.add_row({std::nullopt, std::string()});
  rows.add_row({std::string("x"), std::string("yz")});
  REQUIRE(rows.rows() == 2);
  CHECK(rows.is_null(0, 0));
  CHECK(rows.text(0, 0).empty());
  CHECK_FALSE(rows.is_null(0, 1));
  CHECK(rows.optional_text(0, 1) == std::optional<std::string_view>(""));
  CHECK(rows.text(1, 0) == "x");
  CHECK(rows.text(1, 1) == "yz");
  CHECK(rows.payload_bytes() == 3);
  CHECK_THROWS_AS(rows.text(2, 0), std::out_of_range);
  CHECK_THROWS_AS(rows.text(0, 2), std::out_of_range);
}
