// Tests plan_partial_read: when the rows written since a read may be placed
// in relations, and when only a whole read will do.
#include "probes/partial_read_plan.h"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "probes/fingerprint_queries.h"

using driftwatch::probes::fingerprint_catalogs;
using driftwatch::probes::fingerprint_text;
using driftwatch::probes::plan_partial_read;
using driftwatch::probes::ResultTable;

namespace {

// A changed_relations_query() row: each catalog has 100 rows, none new, and
// nothing is in scope, unless `cells` says otherwise.
struct Changes {
  std::map<std::string, std::string> cells;

  [[nodiscard]] ResultTable table() const {
    std::vector<std::string> columns;
    std::vector<ResultTable::Cell> row;
    const auto add = [&](const std::string& name, const std::string& fallback) {
      columns.push_back(name);
      const auto it = cells.find(name);
      const std::string& value = it == cells.end() ? fallback : it->second;
      if (value == "NULL") {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(value);
      }
    };
    for (const auto& catalog : fingerprint_catalogs()) add(std::string(catalog.name), "100:0:5");
    add("pg_roles", "3:abc");
    for (const auto& catalog : fingerprint_catalogs()) add("new_" + std::string(catalog.name), "0");
    add("horizon_ok", "t");
    add("scope", "NULL");
    add("referenced", "NULL");
    add("unattributed", "f");
    ResultTable table(columns);
    table.add_row(row);
    return table;
  }
};

// The fingerprint of the previous read: Changes' defaults.
std::string previous() { return fingerprint_text(Changes{}.table()); }

}  // namespace

TEST_CASE("partial read plan: the fingerprint text is the fingerprint's columns alone",
          "[probes]") {
  const auto text = previous();
  CHECK(text.rfind("pg_namespace=100:0:5;pg_class=100:0:5;", 0) == 0);
  CHECK(text.size() > fingerprint_catalogs().size() * std::string("x=100:0:5;").size());
  CHECK(text.find("pg_roles=3:abc;") == text.size() - std::string("pg_roles=3:abc;").size());
  CHECK(text.find("new_") == std::string::npos);
}

TEST_CASE("partial read plan: rows written in relations' catalogs give their scope", "[probes]") {
  Changes changes;
  changes.cells = {{"pg_class", "100:0:9"},     {"new_pg_class", "1"},
                   {"pg_attribute", "101:0:9"}, {"new_pg_attribute", "1"},
                   {"pg_depend", "102:0:9"},    {"new_pg_depend", "2"},
                   {"scope", "{16384,16390}"},  {"referenced", "{16400}"}};
  const auto scope = plan_partial_read(changes.table(), previous(), 10);
  REQUIRE(scope.has_value());
  CHECK(scope->relations == std::vector<long long>{16384, 16390});
  CHECK(scope->referenced == std::vector<long long>{16400});
}

TEST_CASE("partial read plan: nothing new, nothing to re-read", "[probes]") {
  const auto scope = plan_partial_read(Changes{}.table(), previous(), 10);
  REQUIRE(scope.has_value());
  CHECK(scope->relations.empty());
}

TEST_CASE("partial read plan: a change outside relations needs a whole read", "[probes]") {
  for (const auto& catalog : fingerprint_catalogs()) {
    if (catalog.relation_rows) continue;
    INFO(catalog.name);
    Changes changes;
    changes.cells = {{std::string(catalog.name), "100:0:6"}, {"scope", "{16384}"}};
    CHECK_FALSE(plan_partial_read(changes.table(), previous(), 10).has_value());
  }
  Changes roles;
  roles.cells = {{"pg_roles", "3:abd"}};
  CHECK_FALSE(plan_partial_read(roles.table(), previous(), 10).has_value());
}

TEST_CASE("partial read plan: a pg_depend or pg_description row gone needs a whole read",
          "[probes]") {
  for (const std::string catalog : {"pg_depend", "pg_description"}) {
    INFO(catalog);
    Changes deleted;  // one row fewer, none new: a deletion
    deleted.cells = {{catalog, "99:0:4"}, {"scope", "{16384}"}};
    CHECK_FALSE(plan_partial_read(deleted.table(), previous(), 10).has_value());
    Changes replaced;  // as many rows, one of them new: an update (or a delete and an insert)
    replaced.cells = {{catalog, "100:0:9"}, {"new_" + catalog, "1"}, {"scope", "{16384}"}};
    CHECK_FALSE(plan_partial_read(replaced.table(), previous(), 10).has_value());
    Changes added;  // one row more, and it is new
    added.cells = {{catalog, "101:0:9"}, {"new_" + catalog, "1"}, {"scope", "{16384}"}};
    CHECK(plan_partial_read(added.table(), previous(), 10).has_value());
  }
}

TEST_CASE("partial read plan: rows of relations' catalogs may be updated or go", "[probes]") {
  // An update of a pg_class row (ALTER TABLE) replaces it: the old version
  // is gone and a new one is there.
  Changes changes;
  changes.cells = {{"pg_class", "100:0:9"}, {"new_pg_class", "1"}, {"scope", "{16384}"}};
  CHECK(plan_partial_read(changes.table(), previous(), 10).has_value());
}

TEST_CASE("partial read plan: what the server could not place needs a whole read", "[probes]") {
  Changes unattributed;
  unattributed.cells = {{"unattributed", "t"}, {"scope", "{16384}"}};
  CHECK_FALSE(plan_partial_read(unattributed.table(), previous(), 10).has_value());
  Changes too_old;
  too_old.cells = {{"horizon_ok", "f"}};
  CHECK_FALSE(plan_partial_read(too_old.table(), previous(), 10).has_value());
}

TEST_CASE("partial read plan: too many relations, or an unreadable past, needs a whole read",
          "[probes]") {
  Changes many;
  many.cells = {{"scope", "{1,2,3}"}};
  CHECK_FALSE(plan_partial_read(many.table(), previous(), 2).has_value());
  CHECK(plan_partial_read(many.table(), previous(), 3).has_value());
  CHECK_FALSE(plan_partial_read(Changes{}.table(), "", 10).has_value());
  CHECK_FALSE(plan_partial_read(Changes{}.table(), "pg_namespace=1:0:0;", 10).has_value());
  CHECK_FALSE(plan_partial_read(Changes{}.table(), "garbage", 10).has_value());
}
