#include "probes/ledger_reader.h"

#include "probes/catalog_queries.h"
#include "probes/ledger_queries.h"
#include "probes/ledgers/readers.h"
#include "probes/provenance_queries.h"
#include "probes/schema/provenance.h"
#include "probes/sql_text.h"

namespace driftwatch::probes {
namespace {

// The first column is the row's xmin (table_rows_query): kept apart, as
// the xid made full against `reference`, the reading snapshot's xmax.
// `reference` is 0 when the snapshot could not be read: xids unknown.
ledgers::Rows to_rows(const ResultTable& table, schema::FullXid reference) {
  ledgers::Rows rows;
  const bool has_xmin = !table.columns().empty() && table.columns().front() == kRowXminColumn;
  const std::size_t first = has_xmin ? 1 : 0;
  rows.columns.assign(table.columns().begin() + static_cast<std::ptrdiff_t>(first),
                      table.columns().end());
  for (std::size_t r = 0; r < table.rows(); ++r) {
    if (has_xmin) {
      schema::FullXid xid = 0;
      if (reference != 0) {
        if (const auto raw = schema::parse_raw_xid(table.text(r, 0))) {
          xid = schema::full_xid(*raw, reference).value_or(0);
        }
      }
      rows.xids.push_back(xid);
    }
    std::vector<std::optional<std::string>> values;
    for (std::size_t c = first; c < table.columns().size(); ++c) {
      auto value = table.optional_text(r, c);
      values.push_back(value ? std::optional<std::string>(*value) : std::nullopt);
    }
    rows.values.push_back(std::move(values));
  }
  return rows;
}

std::vector<ledgers::TableInfo> to_tables(const ResultTable& rows) {
  const auto c_schema = rows.column("nspname");
  const auto c_name = rows.column("relname");
  const auto c_readable = rows.column("readable");
  const auto c_names = rows.column("column_names");
  const auto c_types = rows.column("column_types");
  std::vector<ledgers::TableInfo> tables;
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    ledgers::TableInfo table;
    table.schema = rows.text(r, c_schema);
    table.name = rows.text(r, c_name);
    table.readable = rows.flag(r, c_readable);
    const auto names = parse_text_array_values(rows.text(r, c_names));
    const auto types = parse_text_array_values(rows.text(r, c_types));
    for (std::size_t i = 0; i < names.size() && i < types.size(); ++i) {
      table.columns.push_back({names[i], types[i]});
    }
    tables.push_back(std::move(table));
  }
  return tables;
}

std::vector<ledgers::AdvisoryLock> to_locks(const ResultTable& rows) {
  std::vector<ledgers::AdvisoryLock> locks;
  const auto c_key = rows.column("key");
  const auto c_granted = rows.column("granted");
  const auto c_since = rows.column("since");
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    auto since = rows.optional_text(r, c_since);
    locks.push_back({std::stoll(std::string(rows.text(r, c_key))), rows.flag(r, c_granted),
                     since ? std::optional<std::string>(*since) : std::nullopt});
  }
  return locks;
}

}  // namespace

LedgerReport read_ledgers(Session& session, const LedgerReadOptions& options) {
  std::vector<std::string> extra_names;
  extra_names.reserve(options.overrides.size());
  for (const auto& named : options.overrides) extra_names.push_back(named.table);

  ReadTransaction transaction(session, Isolation::snapshot);
  LedgerReport report;
  if (options.discovery != nullptr) {
    report.discovery = *options.discovery;
  } else {
    report.discovery.candidates = to_tables(transaction.query(ledger_candidates_query(
        ledgers::candidate_name_pattern(), ledgers::candidate_schemas(), extra_names)));
    report.discovery.user_tables =
        std::stoul(std::string(transaction.query(user_table_count_query()).text(0, 0)));
  }
  const auto& candidates = report.discovery.candidates;
  const auto user_tables = report.discovery.user_tables;
  const auto locks = to_locks(transaction.query(advisory_locks_query()));
  const auto bounds =
      schema::parse_snapshot_bounds(transaction.query(transaction_snapshot_query()).text(0, 0));
  // GCC 12 warns (maybe-uninitialized) on an optional here at -O2.
  const schema::FullXid reference = bounds ? bounds->xmax : 0;

  std::size_t ledger_tables = 0;
  for (const auto& detected : ledgers::detect_ledgers(candidates, options.overrides)) {
    ledgers::LedgerInput input;
    input.table = detected.table;
    input.advisory_locks = locks;
    input.role = session.user();
    const bool readable = detected.table.readable && detected.missing_columns.empty();
    if (readable) {
      input.rows = to_rows(transaction.query(table_rows_query(
                               detected.table.schema, detected.table.name, options.row_limit)),
                           reference);
    }
    for (const auto& related : detected.related) {
      if (related.readable) {
        input.related[related.name] = to_rows(
            transaction.query(table_rows_query(related.schema, related.name, options.row_limit)),
            reference);
      }
    }
    ledger_tables += 1 + detected.related.size();
    report.ledgers.push_back(ledgers::read_ledger(detected, input));
  }
  transaction.commit();
  report.user_tables = user_tables > ledger_tables ? user_tables - ledger_tables : 0;
  return report;
}

}  // namespace driftwatch::probes
