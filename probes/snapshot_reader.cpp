#include "probes/snapshot_reader.h"

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>

#include "probes/catalog_assembler.h"
#include "probes/catalog_queries.h"
#include "probes/catalog_writes.h"
#include "probes/fingerprint_queries.h"
#include "probes/partial_read_plan.h"
#include "probes/provenance_queries.h"

namespace driftwatch::probes {
namespace {

using Clock = std::chrono::steady_clock;

// Runs the queries pipelined, handing each result over as it arrives. A
// query's time is from the previous result's arrival to its own: what the
// server spent on it, seen from here.
void run_queries(ReadTransaction& transaction, const std::vector<CatalogQuery>& queries,
                 bool report_partition_members, const RelationScope* scope,
                 std::vector<QueryStat>& stats,
                 const std::function<void(std::string_view, const ResultTable&)>& consume) {
  std::vector<std::string> texts;
  texts.reserve(queries.size());
  for (const auto& query : queries) {
    texts.push_back(query_text(query, report_partition_members, scope));
  }
  auto last = Clock::now();
  transaction.query_pipelined(texts, [&](std::size_t i, const ResultTable& rows) {
    stats.push_back(QueryStat{std::string(queries[i].name), Clock::now() - last, rows.rows(),
                              rows.payload_bytes()});
    consume(queries[i].name, rows);
    last = Clock::now();
  });
}

// Runs a one-row query on its own and records its cost.
std::string timed_single_row(ReadTransaction& transaction, const char* name, std::string_view sql,
                             std::vector<QueryStat>& stats) {
  const auto start = Clock::now();
  const ResultTable rows = transaction.query(sql);
  stats.push_back(QueryStat{name, Clock::now() - start, rows.rows(), rows.payload_bytes()});
  return first_row_text(rows);
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

// The transaction's snapshot, from the "snapshot" query: compared with a
// later one to tell whether anything committed during the read, and kept
// for the next partial read.
struct ReadStart {
  std::string row_text;
  std::string snapshot;
  std::optional<schema::SnapshotBounds> bounds;

  void take(const ResultTable& rows) {
    row_text = first_row_text(rows);
    snapshot = rows.text(0, 0);
    bounds = schema::parse_snapshot_bounds(snapshot);
  }
};

// What a read found of the writes since options.writes_since.
schema::CatalogWrites catalog_writes(const std::optional<schema::SnapshotBounds>& bounds,
                                     const ReadOptions& options,
                                     std::vector<schema::ObjectWrite> writes) {
  schema::CatalogWrites out;
  if (!bounds) return out;
  out.next_since = bounds->xmin;
  out.read = options.writes_since.has_value();
  out.since = options.writes_since.value_or(0);
  out.writes = std::move(writes);
  return out;
}

// The reported relations of a "relations" result, by oid.
void record_relations(const ResultTable& rows, std::map<long long, std::vector<std::string>>& out) {
  const auto relid = rows.column("relid");
  const auto nspname = rows.column("nspname");
  const auto relname = rows.column("relname");
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    out[std::stoll(std::string(rows.text(r, relid)))] = {std::string(rows.text(r, nspname)),
                                                         std::string(rows.text(r, relname))};
  }
}

// A pg_current_snapshot() text is digits, colons and commas; anything else
// (a state from elsewhere) is not written into SQL.
bool is_snapshot_text(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789:,") == std::string_view::npos;
}

}  // namespace

std::string catalog_fingerprint(Session& session) {
  ReadTransaction transaction(session, Isolation::statement);
  auto text = first_row_text(transaction.query(fingerprint_query()));
  transaction.commit();
  return text;
}

ReadBase read_base(Session& session) {
  ReadBase base;
  ReadTransaction transaction(session, Isolation::snapshot);
  transaction.query_pipelined(
      {std::string(transaction_snapshot_query()), std::string(fingerprint_query()),
       std::string(relation_names_query())},
      [&](std::size_t i, const ResultTable& rows) {
        if (i == 0) base.snapshot = rows.text(0, 0);
        if (i == 1) base.fingerprint = first_row_text(rows);
        if (i == 2) record_relations(rows, base.relations);
      });
  transaction.commit();
  return base;
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
    ReadStart start;
    std::string before;
    bool committed_during_read = true;
    std::vector<schema::ObjectWrite> writes;
    {
      ReadTransaction transaction(session, Isolation::snapshot);
      run_queries(transaction, queries, report_members, nullptr, read.queries,
                  [&](std::string_view name, const ResultTable& rows) {
                    if (name == "snapshot") {
                      start.take(rows);
                    } else if (name == "writes") {
                      if (start.bounds) writes = to_object_writes(rows, start.bounds->xmax);
                    } else if (name == "fingerprint") {
                      before = first_row_text(rows);
                    } else if (name == "committed") {
                      committed_during_read = rows.flag(0, 0);
                    } else {
                      if (name == "relations" && options.keep_fingerprint) {
                        record_relations(rows, read.base.relations);
                      }
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
                            catalog_unchanged_since(session, start.row_text, before, read.queries);
    if (consistent) {
      read.snapshot = std::move(assembler).finish();
      read.fingerprint = before;
      read.writes = catalog_writes(start.bounds, options, std::move(writes));
      if (options.keep_fingerprint) {
        read.base.snapshot = start.snapshot;
        read.base.fingerprint = before;
      } else {
        read.base = ReadBase{};
      }
      return read;
    }
  }
  throw std::runtime_error("the schema changed during each of " +
                           std::to_string(options.max_attempts) +
                           " reads (is a migration running?); try again later");
}

std::optional<PartialRead> read_changed_relations(Session& session, const ReadOptions& options,
                                                  const ReadBase& since,
                                                  std::size_t max_relations) {
  if (!is_snapshot_text(since.snapshot) || since.fingerprint.empty()) return std::nullopt;
  PartialRead read;
  ReadStart start;
  std::optional<RelationScope> scope;
  CatalogAssembler assembler;
  std::map<long long, std::vector<std::string>> fresh_relations;
  std::vector<schema::ObjectWrite> writes;
  {
    ReadTransaction transaction(session, Isolation::snapshot);
    const std::string changes_sql = changed_relations_query(since.snapshot);
    const std::vector<CatalogQuery> first{{"snapshot", transaction_snapshot_query(), false},
                                          {"changes", changes_sql, false}};
    run_queries(transaction, first, false, nullptr, read.queries,
                [&](std::string_view name, const ResultTable& rows) {
                  if (name == "snapshot") {
                    start.take(rows);
                  } else {
                    read.base.fingerprint = fingerprint_text(rows);
                    scope = plan_partial_read(rows, since.fingerprint, max_relations);
                  }
                });
    if (!scope) return std::nullopt;

    std::vector<CatalogQuery> queries;
    for (const auto& query : catalog_queries()) {
      if (query.relation_bound) queries.push_back(query);
    }
    std::string writes_sql;
    if (options.writes_since) {
      writes_sql = catalog_writes_query(schema::raw_xid(*options.writes_since), &scope->relations);
      queries.push_back({"writes", writes_sql, false});
    }
    run_queries(transaction, queries, !options.fold_partitions, &*scope, read.queries,
                [&](std::string_view name, const ResultTable& rows) {
                  if (name == "writes") {
                    if (start.bounds) writes = to_object_writes(rows, start.bounds->xmax);
                    return;
                  }
                  if (name == "relations") record_relations(rows, fresh_relations);
                  assembler.add(name, rows);
                });
    transaction.commit();
  }
  // The deparse functions read the latest catalog: DDL that committed during
  // the read may have mixed two states, and a whole read sorts that out.
  if (!catalog_unchanged_since(session, start.row_text, read.base.fingerprint, read.queries)) {
    return std::nullopt;
  }

  read.fresh = std::move(assembler).finish();
  read.relations = scope->relations.size();
  read.writes = catalog_writes(start.bounds, options, std::move(writes));
  read.base.snapshot = start.snapshot;
  // The relations re-read leave the list under their old names and come
  // back under their new ones; both name what `fresh` replaces.
  read.base.relations = since.relations;
  for (const long long oid : scope->relations) {
    if (const auto it = read.base.relations.find(oid); it != read.base.relations.end()) {
      read.replaced.insert(it->second);
      read.base.relations.erase(it);
    }
  }
  for (auto& [oid, path] : fresh_relations) {
    read.replaced.insert(path);
    read.base.relations[oid] = std::move(path);
  }
  return read;
}

}  // namespace driftwatch::probes
