// The shared JSON pieces of events and API documents.
#include "daemon/change_json.h"

#include "probes/ledgers/ledger_state.h"
#include "probes/schema/diff_report.h"

namespace driftwatch::daemon {

using nlohmann::ordered_json;

ordered_json ledger_summary_json(const LedgerSummary& ledger) {
  ordered_json out{{"framework", ledger.framework},
                   {"table", ledger.table},
                   {"state", ledgers::health_name(ledger.health)},
                   {"applied", ledger.applied.size()},
                   {"failed", ledger.failed},
                   {"pending", ledger.pending}};
  out["lock_since"] = ledger.lock_since ? ordered_json(*ledger.lock_since) : ordered_json();
  out["explanation"] = ledger.explanation;
  out["next_step"] = ledger.next_step;
  out["will_fail"] = ledger.will_fail;
  out["left_behind"] = ledger.left_behind;
  return out;
}

ordered_json changes_json(const std::vector<schema::ObjectChange>& changes, Cause cause,
                          const std::vector<Provenance>& provenance) {
  auto out = ordered_json::array();
  for (std::size_t i = 0; i < changes.size(); ++i) {
    auto item = ordered_json::parse(schema::change_json(changes[i]));
    if (i < provenance.size()) {
      item["cause"] = cause_name(provenance[i].cause);
      item["provenance"] = ordered_json::parse(provenance_json(provenance[i]));
    } else if (cause != Cause::none) {
      item["cause"] = cause_name(cause);
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace driftwatch::daemon
