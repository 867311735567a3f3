#include "probes/snapshot_reader.h"

#include <functional>
#include <stdexcept>

#include "probes/catalog_assembler.h"
#include "probes/catalog_queries.h"
#include "probes/catalog_writes.h"
#include "probes/provenance_queries.h"

namespace driftwatch::probes {
namespace {

using Clock = std::chrono::steady_clock;

// Runs the queries pipelined, handing each result over as it arrives. A
// query's time is from the previous result's arrival to its own: what the
// server spent on it, seen from here.
void run_queries(ReadTransaction& transaction, const std::vector<CatalogQuery>& queries,
                 bool report_partition_members, std::vector<QueryStat>& stats,
                 const std::function<void(std::string_view, const ResultTable&)>& consume) {
  std::vector<std::string> texts;
  texts.reserve(queries.size());
  for (const auto& query : queries) texts.push_back(query_text(query, report_partition_members));
  auto last = Clock::now();
  transaction.query_pipelined(texts, [&](std::size_t i, const ResultTable& rows) {
    stats.push_back(QueryStat{std::string(queries[i].name), Clock::now() - last, rows.rows(),
                              rows.payload_bytes()});
    consume(queries[i].name, rows);
    last = Clock::now();
  });
}

std::string single_row_text(const ResultTable& rows) {
  std::string text;
  for (std::size_t c = 0; c < rows.columns().size(); ++c) {
    text += rows.columns()[c] + "=" + std::string(rows.text(0, c)) + ";";
  }
  return text;
}

// Runs a one-row query on its own and records its cost.
std::string timed_single_row(ReadTransaction& transaction, const char* name, std::string_view sql,
                             std::vector<QueryStat>& stats) {
  const auto start = Clock::now();
  const ResultTable rows = transaction.query(sql);
  stats.push_back(QueryStat{name, Clock::now() - start, rows.rows(), rows.payload_bytes()});
  return single_row_text(rows);
}

// Whether the catalog is as it was when the read's snapshot was taken. The
// deparse functions read the latest catalog, not the snapshot, so a DDL
// commit during the read could mix two states. If no transaction has
// committed since (no xid assigned, none of the running ones ended), nothing
// can have changed; else the fingerprint tells.
bool catalog_unchanged_since(Session& session, const std::string& start_snapshot,
                             const std::string& before, std::vector<QueryStat>& stats) {
  ReadTransaction transaction(session, Isolation::statement);
  bool unchanged =
      timed_single_row(transaction, "snapshot", transaction_snapshot_query(), stats) ==
          start_snapshot ||
      timed_single_row(transaction, "fingerprint", fingerprint_query(), stats) == before;
  transaction.commit();
  return unchanged;
}

}  // namespace

std::string catalog_fingerprint(Session& session) {
  ReadTransaction transaction(session, Isolation::statement);
  auto text = single_row_text(transaction.query(fingerprint_query()));
  transaction.commit();
  return text;
}

CatalogRead read_catalog(Session& session, const ReadOptions& options) {
  const bool report_members = !options.fold_partitions;
  // The transaction's snapshot comes first, and the fingerprint when it is
  // kept, so that both describe the catalog state every other query reads.
  std::vector<CatalogQuery> queries{{"snapshot", transaction_snapshot_query(), false}};
  if (options.keep_fingerprint) queries.push_back({"fingerprint", fingerprint_query(), false});
  for (const auto& query : catalog_queries()) queries.push_back(query);
  std::string writes_sql;
  if (options.writes_since) {
    writes_sql = catalog_writes_query(schema::raw_xid(*options.writes_since));
    queries.push_back({"writes", writes_sql, false});
  }
  // Without a kept fingerprint, one is taken only if a transaction committed
  // during the read: on a quiet database, none is.
  if (!options.keep_fingerprint) {
    queries.push_back({"committed", committed_since_snapshot_query(), false});
  }

  for (int attempt = 1; attempt <= options.max_attempts; ++attempt) {
    CatalogRead read;
    read.attempts = attempt;
    CatalogAssembler assembler;
    std::string start_snapshot;
    std::string before;
    bool committed_during_read = true;
    std::optional<schema::SnapshotBounds> bounds;
    std::vector<schema::ObjectWrite> writes;
    {
      ReadTransaction transaction(session, Isolation::snapshot);
      run_queries(transaction, queries, report_members, read.queries,
                  [&](std::string_view name, const ResultTable& rows) {
                    if (name == "snapshot") {
                      start_snapshot = single_row_text(rows);
                      bounds = schema::parse_snapshot_bounds(rows.text(0, 0));
                    } else if (name == "writes") {
                      if (bounds) writes = to_object_writes(rows, bounds->xmax);
                    } else if (name == "fingerprint") {
                      before = single_row_text(rows);
                    } else if (name == "committed") {
                      committed_during_read = rows.flag(0, 0);
                    } else {
                      assembler.add(name, rows);
                    }
                  });
      if (!options.keep_fingerprint && committed_during_read) {
        // Still in the read's snapshot: the catalog's fingerprint as it was
        // read, to compare with the latest one.
        before = timed_single_row(transaction, "fingerprint", fingerprint_query(), read.queries);
      }
      // Now: view and rule bodies, deparsed last, locked what they read.
      transaction.commit();
    }
    const bool consistent = !committed_during_read ||
                            catalog_unchanged_since(session, start_snapshot, before, read.queries);
    if (consistent) {
      read.snapshot = std::move(assembler).finish();
      read.fingerprint = before;
      if (bounds) {
        read.writes.next_since = bounds->xmin;
        read.writes.read = options.writes_since.has_value();
        read.writes.since = options.writes_since.value_or(0);
        read.writes.writes = std::move(writes);
      }
      return read;
    }
  }
  throw std::runtime_error("the schema changed during each of " +
                           std::to_string(options.max_attempts) +
                           " reads (is a migration running?); try again later");
}

}  // namespace driftwatch::probes
