// Tests CREATE INDEX statements assembled from pg_index facts against pg_get_indexdef's format.
#include "probes/index_definition.h"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace driftwatch::probes;

namespace {

// Access methods.
constexpr long long kBtree = 403;
constexpr long long kGin = 2742;
constexpr long long kGist = 783;
// Operator classes.
constexpr long long kInt4Ops = 1978;
constexpr long long kDateOps = 3122;
constexpr long long kNumericOps = 3125;
constexpr long long kTextOps = 3126;
constexpr long long kTextPatternOps = 4217;
constexpr long long kJsonbPathOps = 4037;
constexpr long long kTrgmOps = 16500;
// Collations.
constexpr long long kDefault = 100;
constexpr long long kC = 950;
constexpr long long kGerman = 16600;
// Tables.
constexpr long long kUsers = 16400;
constexpr long long kOrders = 16410;
constexpr long long kEvents = 16420;
constexpr long long kOrderTable = 16430;

CatalogContext make_context() {
  CatalogContext context;
  context.keywords = {"user", "order", "select", "only"};
  context.access_methods = {
      {kBtree, {"btree", true}}, {kGin, {"gin", false}}, {kGist, {"gist", false}}};
  context.operator_classes = {
      {kInt4Ops, {"int4_ops", true}},
      {kDateOps, {"date_ops", true}},
      {kNumericOps, {"numeric_ops", true}},
      {kTextOps, {"text_ops", true}},
      {kTextPatternOps, {"text_pattern_ops", false}},
      {kJsonbPathOps, {"jsonb_path_ops", false}},
      {kTrgmOps, {"app.gist_trgm_ops", true}},
  };
  context.collations = {{kDefault, "\"default\""}, {kC, "\"C\""}, {kGerman, "app.german"}};
  context.columns = {
      {{kUsers, 1}, {"id", 0}},
      {{kUsers, 2}, {"email", kDefault}},
      {{kUsers, 3}, {"\"user\"", kDefault}},
      {{kOrders, 1}, {"id", 0}},
      {{kOrders, 2}, {"customer_id", 0}},
      {{kOrders, 4}, {"placed_on", 0}},
      {{kOrders, 5}, {"total", 0}},
      {{kOrders, 6}, {"note", kDefault}},
      {{kEvents, 2}, {"payload", 0}},
      {{kOrderTable, 1}, {"\"order\"", 0}},
  };
  return context;
}

IndexFacts btree_index(std::string name, long long table, std::string table_name) {
  IndexFacts index;
  index.name = std::move(name);
  index.table_schema = "app";
  index.table_name = std::move(table_name);
  index.table_oid = table;
  index.index_oid = 20000;
  index.access_method = kBtree;
  return index;
}

// One key column per call: attnum, indoption, opclass, collation.
void add_key(IndexFacts& index, long long attnum, long long option, long long opclass,
             long long collation = 0) {
  index.columns.push_back(attnum);
  index.key_options.push_back(option);
  index.operator_classes.push_back(opclass);
  index.collations.push_back(collation);
  index.key_count = index.columns.size();
}

}  // namespace

TEST_CASE("index definition: a unique single-column btree index", "[probes]") {
  auto index = btree_index("users_pkey", kUsers, "users");
  index.unique = true;
  add_key(index, 1, 0, kInt4Ops);
  CHECK(render_index_definition(index, make_context()) ==
        "CREATE UNIQUE INDEX users_pkey ON app.users USING btree (id)");
}

TEST_CASE("index definition: DESC without NULLS FIRST prints NULLS LAST, as pg_get_indexdef does",
          "[probes]") {
  auto index = btree_index("orders_customer_idx", kOrders, "orders");
  add_key(index, 2, 0, kInt4Ops);
  add_key(index, 4, 1, kDateOps);
  CHECK(render_index_definition(index, make_context()) ==
        "CREATE INDEX orders_customer_idx ON app.orders USING btree "
        "(customer_id, placed_on DESC NULLS LAST)");
}

TEST_CASE("index definition: ASC NULLS FIRST and DESC NULLS FIRST print only the non-defaults",
          "[probes]") {
  auto index = btree_index("orders_nulls_idx", kOrders, "orders");
  add_key(index, 4, 2, kDateOps);     // ASC NULLS FIRST
  add_key(index, 5, 3, kNumericOps);  // DESC NULLS FIRST
  CHECK(render_index_definition(index, make_context()) ==
        "CREATE INDEX orders_nulls_idx ON app.orders USING btree "
        "(placed_on NULLS FIRST, total DESC)");
}

TEST_CASE("index definition: INCLUDE columns and a partial index predicate", "[probes]") {
  auto index = btree_index("orders_paid_idx", kOrders, "orders");
  add_key(index, 4, 0, kDateOps);
  index.columns.push_back(5);  // INCLUDE (total): no opclass, option or collation
  index.predicate = "(status = 'paid'::app.order_status)";
  CHECK(render_index_definition(index, make_context()) ==
        "CREATE INDEX orders_paid_idx ON app.orders USING btree (placed_on) INCLUDE (total) "
        "WHERE (status = 'paid'::app.order_status)");
}

TEST_CASE("index definition: a non-default operator class and storage options", "[probes]") {
  auto index = btree_index("x", kOrders, "t");
  add_key(index, 6, 0, kTextPatternOps, kDefault);
  index.storage_options = {"fillfactor=70"};
  CHECK(render_index_definition(index, make_context()) ==
        "CREATE INDEX x ON app.t USING btree (note text_pattern_ops) WITH (fillfactor='70')");
}

TEST_CASE("index definition: a partitioned index that is not a partition is ON ONLY", "[probes]") {
  IndexFacts index;
  index.name = "events_payload_idx";
  index.table_schema = "app";
  index.table_name = "events";
  index.table_oid = kEvents;
  index.index_oid = 20001;
  index.only = true;
  index.access_method = kGin;
  add_key(index, 2, 0, kJsonbPathOps);
  CHECK(render_index_definition(index, make_context()) ==
        "CREATE INDEX events_payload_idx ON ONLY app.events USING gin (payload jsonb_path_ops)");
}

TEST_CASE("index definition: access methods that cannot order ignore indoption", "[probes]") {
  IndexFacts index = btree_index("events_gin_idx", kEvents, "events");
  index.access_method = kGin;
  add_key(index, 2, 3, kJsonbPathOps);
  CHECK(render_index_definition(index, make_context()) ==
        "CREATE INDEX events_gin_idx ON app.events USING gin (payload jsonb_path_ops)");
}

TEST_CASE("index definition: COLLATE is printed only when it differs from the column's",
          "[probes]") {
  auto context = make_context();
  auto same = btree_index("users_email_idx", kUsers, "users");
  add_key(same, 2, 0, kTextOps, kDefault);
  CHECK(render_index_definition(same, context) ==
        "CREATE INDEX users_email_idx ON app.users USING btree (email)");

  auto c_collation = btree_index("users_email_c_idx", kUsers, "users");
  add_key(c_collation, 2, 0, kTextOps, kC);
  CHECK(render_index_definition(c_collation, context) ==
        "CREATE INDEX users_email_c_idx ON app.users USING btree (email COLLATE \"C\")");

  auto german = btree_index("users_email_de_idx", kUsers, "users");
  add_key(german, 2, 1, kTextPatternOps, kGerman);
  CHECK(render_index_definition(german, context) ==
        "CREATE INDEX users_email_de_idx ON app.users USING btree "
        "(email COLLATE app.german text_pattern_ops DESC NULLS LAST)");
}

TEST_CASE("index definition: NULLS NOT DISTINCT follows the column list", "[probes]") {
  auto index = btree_index("users_email_key", kUsers, "users");
  index.unique = true;
  index.nulls_not_distinct = true;
  add_key(index, 2, 0, kTextOps, kDefault);
  index.columns.push_back(1);
  index.storage_options = {"fillfactor=90", "deduplicate_items=off"};
  CHECK(render_index_definition(index, make_context()) ==
        "CREATE UNIQUE INDEX users_email_key ON app.users USING btree (email) INCLUDE (id) "
        "NULLS NOT DISTINCT WITH (fillfactor='90', deduplicate_items=off)");
}

TEST_CASE("index definition: operator class options print the operator class even if default",
          "[probes]") {
  auto context = make_context();
  IndexFacts index = btree_index("orders_note_trgm_idx", kOrders, "orders");
  index.access_method = kGist;
  index.index_oid = 20002;
  add_key(index, 6, 0, kTrgmOps, kDefault);
  context.index_column_options[{20002, 1}] = "{siglen=32}";
  CHECK(render_index_definition(index, context) ==
        "CREATE INDEX orders_note_trgm_idx ON app.orders USING gist "
        "(note app.gist_trgm_ops (siglen='32'))");
  // Options of another index column do not apply.
  context.index_column_options.clear();
  context.index_column_options[{20002, 2}] = "{siglen=32}";
  CHECK(render_index_definition(index, context) ==
        "CREATE INDEX orders_note_trgm_idx ON app.orders USING gist (note)");
}

TEST_CASE("index definition: keyword names of index, table and column are quoted", "[probes]") {
  auto index = btree_index("select", kOrderTable, "order");
  index.table_schema = "user";
  add_key(index, 1, 0, kInt4Ops);
  CHECK(render_index_definition(index, make_context()) ==
        "CREATE INDEX \"select\" ON \"user\".\"order\" USING btree (\"order\")");
  auto odd = btree_index("Odd Index", kUsers, "Users");
  add_key(odd, 3, 0, kTextOps, kDefault);
  CHECK(render_index_definition(odd, make_context()) ==
        "CREATE INDEX \"Odd Index\" ON app.\"Users\" USING btree (\"user\")");
}

TEST_CASE("index definition: an unknown access method, column or operator class throws",
          "[probes]") {
  const auto context = make_context();
  auto unknown_am = btree_index("i", kUsers, "users");
  unknown_am.access_method = 9999;
  add_key(unknown_am, 1, 0, kInt4Ops);
  CHECK_THROWS_AS(render_index_definition(unknown_am, context), std::out_of_range);
  CHECK_THROWS_WITH(render_index_definition(unknown_am, context), Catch::Contains("access method"));

  auto unknown_column = btree_index("i", kUsers, "users");
  add_key(unknown_column, 7, 0, kInt4Ops);
  CHECK_THROWS_AS(render_index_definition(unknown_column, context), std::out_of_range);
  CHECK_THROWS_WITH(render_index_definition(unknown_column, context), Catch::Contains("column"));

  auto unknown_include = btree_index("i", kUsers, "users");
  add_key(unknown_include, 1, 0, kInt4Ops);
  unknown_include.columns.push_back(8);
  CHECK_THROWS_AS(render_index_definition(unknown_include, context), std::out_of_range);

  auto unknown_opclass = btree_index("i", kUsers, "users");
  add_key(unknown_opclass, 1, 0, 12345);
  CHECK_THROWS_AS(render_index_definition(unknown_opclass, context), std::out_of_range);
}
