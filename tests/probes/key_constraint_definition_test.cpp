// Tests PRIMARY KEY, UNIQUE and FOREIGN KEY definitions against pg_get_constraintdef's format.
#include "probes/key_constraint_definition.h"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace driftwatch::probes;

namespace {

constexpr long long kOrders = 16410;
constexpr long long kCustomers = 16420;

CatalogContext make_context() {
  CatalogContext context;
  context.keywords = {"user", "order", "select"};
  context.columns = {
      {{kOrders, 1}, {"id", 0}},          {{kOrders, 2}, {"customer_id", 0}},
      {{kOrders, 3}, {"region", 100}},    {{kOrders, 4}, {"\"order\"", 0}},
      {{kOrders, 5}, {"note", 100}},      {{kCustomers, 1}, {"id", 0}},
      {{kCustomers, 2}, {"region", 100}},
  };
  return context;
}

KeyConstraintFacts key(char type, std::vector<long long> columns) {
  KeyConstraintFacts facts;
  facts.type = type;
  facts.table_oid = kOrders;
  facts.columns = std::move(columns);
  return facts;
}

KeyConstraintFacts foreign_key(std::vector<long long> columns, std::vector<long long> referenced) {
  auto facts = key('f', std::move(columns));
  facts.referenced_table_oid = kCustomers;
  facts.referenced_schema = "app";
  facts.referenced_table = "customers";
  facts.referenced_columns = std::move(referenced);
  return facts;
}

}  // namespace

TEST_CASE("key constraint: a primary key lists its columns in key order", "[probes]") {
  CHECK(render_key_constraint(key('p', {1}), make_context()) == "PRIMARY KEY (id)");
  CHECK(render_key_constraint(key('p', {2, 1}), make_context()) == "PRIMARY KEY (customer_id, id)");
}

TEST_CASE("key constraint: column names arrive quoted from the context", "[probes]") {
  CHECK(render_key_constraint(key('u', {4}), make_context()) == "UNIQUE (\"order\")");
}

TEST_CASE("key constraint: UNIQUE NULLS NOT DISTINCT with INCLUDE columns", "[probes]") {
  auto facts = key('u', {3});
  facts.nulls_not_distinct = true;
  facts.include_columns = {5};
  CHECK(render_key_constraint(facts, make_context()) ==
        "UNIQUE NULLS NOT DISTINCT (region) INCLUDE (note)");
  facts.include_columns = {5, 1};
  facts.nulls_not_distinct = false;
  CHECK(render_key_constraint(facts, make_context()) == "UNIQUE (region) INCLUDE (note, id)");
}

TEST_CASE("key constraint: a foreign key with ON DELETE CASCADE", "[probes]") {
  auto facts = foreign_key({2}, {1});
  facts.delete_action = 'c';
  CHECK(render_key_constraint(facts, make_context()) ==
        "FOREIGN KEY (customer_id) REFERENCES app.customers(id) ON DELETE CASCADE");
}

TEST_CASE("key constraint: NO ACTION and MATCH SIMPLE, the defaults, print nothing", "[probes]") {
  auto facts = foreign_key({2}, {1});
  CHECK(render_key_constraint(facts, make_context()) ==
        "FOREIGN KEY (customer_id) REFERENCES app.customers(id)");
}

TEST_CASE("key constraint: MATCH FULL and MATCH PARTIAL precede the actions", "[probes]") {
  auto facts = foreign_key({2, 3}, {1, 2});
  facts.match_type = 'f';
  facts.update_action = 'c';
  CHECK(render_key_constraint(facts, make_context()) ==
        "FOREIGN KEY (customer_id, region) REFERENCES app.customers(id, region) MATCH FULL "
        "ON UPDATE CASCADE");
  facts.match_type = 'p';
  facts.update_action = 'a';
  CHECK(render_key_constraint(facts, make_context()) ==
        "FOREIGN KEY (customer_id, region) REFERENCES app.customers(id, region) MATCH PARTIAL");
}

TEST_CASE("key constraint: every referential action has its words", "[probes]") {
  auto facts = foreign_key({2}, {1});
  facts.update_action = 'r';
  facts.delete_action = 'd';
  CHECK(render_key_constraint(facts, make_context()) ==
        "FOREIGN KEY (customer_id) REFERENCES app.customers(id) ON UPDATE RESTRICT "
        "ON DELETE SET DEFAULT");
}

TEST_CASE("key constraint: ON DELETE SET NULL with a column list (PostgreSQL 15)", "[probes]") {
  auto facts = foreign_key({2, 3}, {1, 2});
  facts.update_action = 'r';
  facts.delete_action = 'n';
  facts.delete_set_columns = {2};
  CHECK(render_key_constraint(facts, make_context()) ==
        "FOREIGN KEY (customer_id, region) REFERENCES app.customers(id, region) "
        "ON UPDATE RESTRICT ON DELETE SET NULL (customer_id)");
}

TEST_CASE("key constraint: referenced names are quoted when needed", "[probes]") {
  auto facts = foreign_key({2}, {1});
  facts.referenced_schema = "user";
  facts.referenced_table = "Customers";
  CHECK(render_key_constraint(facts, make_context()) ==
        "FOREIGN KEY (customer_id) REFERENCES \"user\".\"Customers\"(id)");
}

TEST_CASE("key constraint: DEFERRABLE, INITIALLY DEFERRED and NOT VALID come last", "[probes]") {
  auto facts = foreign_key({2}, {1});
  facts.delete_action = 'c';
  facts.deferrable = true;
  facts.deferred = true;
  CHECK(render_key_constraint(facts, make_context()) ==
        "FOREIGN KEY (customer_id) REFERENCES app.customers(id) ON DELETE CASCADE "
        "DEFERRABLE INITIALLY DEFERRED");

  auto not_valid = foreign_key({2}, {1});
  not_valid.validated = false;
  CHECK(render_key_constraint(not_valid, make_context()) ==
        "FOREIGN KEY (customer_id) REFERENCES app.customers(id) NOT VALID");

  auto primary = key('p', {1});
  primary.deferrable = true;
  CHECK(render_key_constraint(primary, make_context()) == "PRIMARY KEY (id) DEFERRABLE");
}

TEST_CASE("key constraint: a column the context lacks throws std::out_of_range", "[probes]") {
  CHECK_THROWS_AS(render_key_constraint(key('p', {9}), make_context()), std::out_of_range);
  CHECK_THROWS_AS(render_key_constraint(foreign_key({2}, {7}), make_context()), std::out_of_range);
  auto include = key('u', {1});
  include.include_columns = {8};
  CHECK_THROWS_AS(render_key_constraint(include, make_context()), std::out_of_range);
}
