#include "daemon/diff_command.h"

#include <iostream>
#include <stdexcept>

#include "daemon/exit_codes.h"
#include "daemon/output_file.h"
#include "probes/schema/diff.h"
#include "probes/schema/diff_report.h"
#include "probes/schema/filter.h"
#include "probes/schema/hashes.h"
#include "probes/schema/snapshot_json.h"

namespace driftwatch::daemon {
namespace {

schema::Snapshot load(const std::string& path, const schema::FilterRules& rules) {
  const auto text = read_input(path);
  return schema::apply_filter(schema::read_snapshot(text, path == "-" ? "<stdin>" : path), rules);
}

}  // namespace

int run_diff(const DiffOptions& options) {
  if (options.before == "-" && options.after == "-") {
    throw std::runtime_error("only one of the two snapshots can come from standard input");
  }
  const auto rules = to_filter_rules(options.filters);
  const auto before = load(options.before, rules);
  const auto after = load(options.after, rules);
  const auto changes = schema::diff_snapshots(before, after);
  if (options.format == "json") {
    schema::write_diff_json(std::cout, changes, schema::compute_hashes(before).root,
                            schema::compute_hashes(after).root);
  } else {
    schema::write_diff_text(std::cout, changes);
  }
  return changes.empty() ? kExitOk : kExitDifferent;
}

}  // namespace driftwatch::daemon
