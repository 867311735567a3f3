#include "daemon/snapshot_command.h"

#include <cstdio>
#include <iostream>

#include "daemon/exit_codes.h"
#include "daemon/output_file.h"
#include "probes/catalog_queries.h"
#include "probes/fingerprint_queries.h"
#include "probes/schema/canonical_text.h"
#include "probes/schema/filter.h"
#include "probes/schema/hashes.h"
#include "probes/schema/snapshot_json.h"
#include "probes/session.h"
#include "probes/snapshot_reader.h"

namespace driftwatch::daemon {
namespace {

using Clock = std::chrono::steady_clock;

struct PhaseTimes {
  std::chrono::duration<double> connect{}, read{}, output{};
};

void print_stats(const probes::CatalogRead& read, const PhaseTimes& phases) {
  std::fprintf(stderr, "%-12s %9s %12s %9s\n", "query", "rows", "bytes", "seconds");
  double total = 0;
  for (const auto& query : read.queries) {
    total += query.elapsed.count();
    std::fprintf(stderr, "%-12s %9zu %12zu %9.3f\n", query.name.c_str(), query.rows, query.bytes,
                 query.elapsed.count());
  }
  std::fprintf(stderr, "%-12s %9s %12s %9.3f  (%d attempt%s)\n", "queries", "", "", total,
               read.attempts, read.attempts == 1 ? "" : "s");
  std::fprintf(stderr, "phases: connect %.3f s, read %.3f s, canonicalise+hash+write %.3f s\n",
               phases.connect.count(), phases.read.count(), phases.output.count());
}

}  // namespace

int run_snapshot(const SnapshotOptions& options) {
  if (options.show_queries) {
    write_output(options.output, [&](std::ostream& out) {
      const bool report_members = options.partitions == "full";
      out << "-- snapshot (before the read)\n" << probes::transaction_snapshot_query() << ";\n";
      for (const auto& query : probes::catalog_queries()) {
        out << "\n-- " << query.name << "\n" << probes::query_text(query, report_members) << ";\n";
      }
      out << "\n-- committed (after the read: did a transaction commit meanwhile?)\n"
          << probes::committed_since_snapshot_query()
          << ";\n\n-- fingerprint (only if one did: in the read's snapshot, then the latest)\n"
          << probes::fingerprint_query() << ";\n";
    });
    return kExitOk;
  }
  const auto rules = to_filter_rules(options.filters);
  probes::SessionLimits limits;
  limits.statement_timeout = std::chrono::milliseconds(options.statement_timeout_ms);
  limits.lock_timeout = std::chrono::milliseconds(options.lock_timeout_ms);
  PhaseTimes phases;
  auto start = Clock::now();
  probes::Session session(resolve_dsn(options.source), limits);
  phases.connect = Clock::now() - start;
  start = Clock::now();
  probes::ReadOptions read_options;
  read_options.fold_partitions = options.partitions == "fold";
  // A one-off snapshot needs the fingerprint only to check a read that a
  // commit overlapped, not to keep.
  read_options.keep_fingerprint = false;
  auto read = probes::read_catalog(session, read_options);
  phases.read = Clock::now() - start;
  start = Clock::now();
  const auto snapshot = schema::apply_filter(std::move(read.snapshot), rules);
  write_output(options.output, [&](std::ostream& out) {
    if (options.format == "text") {
      schema::write_canonical_text(out, snapshot);
    } else {
      schema::write_snapshot_json(out, snapshot, schema::compute_hashes(snapshot));
    }
  });
  phases.output = Clock::now() - start;
  if (options.stats) print_stats(read, phases);
  return kExitOk;
}

}  // namespace driftwatch::daemon
