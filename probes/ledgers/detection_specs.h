// How each migration tool's ledger is recognised: its table names, its
// columns, and the tests that tell apart tools sharing a table name.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "probes/ledgers/catalog_tables.h"
#include "probes/ledgers/framework.h"

namespace driftwatch::ledgers::detail {

using Names = std::vector<std::string_view>;
using Siblings = std::map<std::string, std::set<std::string>>;  // schema -> table names
using Predicate = bool (*)(const TableInfo&, const Siblings&);

// How to recognise one tool's ledger.
struct Spec {
  Framework framework;
  Names names;              // the tool's default table names
  std::string_view schema;  // required schema, or "" for any
  Names columns;            // columns it always writes
  bool columns_identify;    // those columns alone tell the tool (finds renamed tables)
  Predicate extra;          // further test for tools that share a table name, or nullptr
  Names related;            // companion tables in the same schema ("*_lock": the table's + _lock)
  std::string_view note;    // said whenever this tool is detected, or ""
};

/// Every tool's description, most specific first: the first that fits a
/// table decides.
const std::vector<Spec>& specs();

}  // namespace driftwatch::ledgers::detail
