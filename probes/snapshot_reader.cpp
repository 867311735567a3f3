#include "probes/snapshot_reader.h"

#include <stdexcept>

#include "probes/catalog_assembler.h"
#include "probes/catalog_queries.h"

namespace driftwatch::probes {
namespace {

using Clock = std::chrono::steady_clock;

// Runs the queries of one phase pipelined, feeding each result to the
// assembler as it arrives. A query's time is from the previous result's
// arrival to its own: what the server spent on it, seen from here.
void run_phase(ReadTransaction& transaction, const std::vector<CatalogQuery>& queries,
               bool report_partition_members, CatalogAssembler& assembler,
               std::vector<QueryStat>& stats) {
  std::vector<std::string> texts;
  for (const auto& query : queries) texts.push_back(query_text(query, report_partition_members));
  auto last = Clock::now();
  transaction.query_pipelined(texts, [&](std::size_t i, ResultTable rows) {
    const auto arrived = Clock::now();
    stats.push_back(
        QueryStat{std::string(queries[i].name), arrived - last, rows.rows(), rows.payload_bytes()});
    assembler.add(queries[i].name, rows);
    last = Clock::now();
  });
}

std::string fingerprint_text(ReadTransaction& transaction, std::vector<QueryStat>& stats) {
  const auto start = Clock::now();
  const ResultTable rows = transaction.query(fingerprint_query());
  stats.push_back(
      QueryStat{"fingerprint", Clock::now() - start, rows.rows(), rows.payload_bytes()});
  std::string text;
  for (std::size_t c = 0; c < rows.columns().size(); ++c) {
    text += rows.columns()[c] + "=" + std::string(rows.text(0, c)) + ";";
  }
  return text;
}

}  // namespace

CatalogRead read_catalog(Session& session, const ReadOptions& options) {
  const bool report_members = !options.fold_partitions;
  std::vector<CatalogQuery> snapshot_queries;
  std::vector<CatalogQuery> locking_queries;
  for (const auto& query : catalog_queries()) {
    (query.locks_relations ? locking_queries : snapshot_queries).push_back(query);
  }
  for (int attempt = 1; attempt <= options.max_attempts; ++attempt) {
    CatalogRead read;
    read.attempts = attempt;
    CatalogAssembler assembler;
    std::string before;
    {
      ReadTransaction transaction(session, Isolation::snapshot);
      before = fingerprint_text(transaction, read.queries);
      run_phase(transaction, snapshot_queries, report_members, assembler, read.queries);
      transaction.commit();
    }
    {
      ReadTransaction transaction(session, Isolation::statement);
      run_phase(transaction, locking_queries, report_members, assembler, read.queries);
      transaction.commit();
    }
    std::string after;
    {
      ReadTransaction transaction(session, Isolation::statement);
      after = fingerprint_text(transaction, read.queries);
      transaction.commit();
    }
    if (before == after) {
      read.snapshot = std::move(assembler).finish();
      return read;
    }
  }
  throw std::runtime_error("the schema changed during each of " +
                           std::to_string(options.max_attempts) +
                           " reads (is a migration running?); try again later");
}

}  // namespace driftwatch::probes
