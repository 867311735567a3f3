// The verdicts: what a poll's observation means against what driftwatch
// remembers (changes, their cause, drift, ledger health), as pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/event.h"
#include "daemon/watch_state.h"

namespace driftwatch::daemon {

struct PollVerdict {
  TargetState next;
  std::vector<Event> events;                  ///< in the order they happened; ids unset
  std::vector<schema::ObjectChange> changes;  ///< this poll's, against the last live schema
  std::vector<Provenance> provenance;         ///< of each of `changes`, in order
};

/// Judges a successful poll. The first poll of a target, or the first after
/// its DSN reached another database, records the baseline. Each schema
/// change is attributed (attribute_changes): those of migrations, and those
/// that cannot be told from a migration of the same window, are folded into
/// the baseline; out-of-band ones are not. Drift is the difference between
/// the baseline and the live schema. When the observation's scope differs
/// from the stored one, the stored schemas are first re-seen through it
/// (rescope), with a scope_changed event.
PollVerdict judge_poll(const TargetState& stored, Observation observation, std::string_view target);

/// Judges a poll that could not reach the database: `target_down` once,
/// until a poll succeeds. `reason` must be free of secrets.
PollVerdict judge_failure(const TargetState& previous, TimePoint time, std::string_view target,
                          std::string_view reason);

/// The objects whose live shape differs from the baseline, in key order.
std::vector<schema::ObjectChange> drift_of(const TargetState& state);

struct AcceptVerdict {
  TargetState next;
  Event event;
};

/// Makes the live shape of drifted objects their baseline. `objects` holds
/// identities ("public.users.nickname", or "column:public.users.nickname"
/// when a name is shared by several kinds); empty accepts all drift. Throws
/// std::invalid_argument naming an object that is not drifted, or when
/// there is no drift to accept.
AcceptVerdict accept_drift(const TargetState& state, const std::vector<std::string>& objects,
                           std::string_view reason, TimePoint time, std::string_view target);

}  // namespace driftwatch::daemon
