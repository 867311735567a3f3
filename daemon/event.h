// The events driftwatch reports: their types, their content, and how they
// are written as JSON (docs/events.md) and as a log line.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/watch_state.h"
#include "probes/schema/diff.h"

namespace driftwatch::daemon {

enum class EventType {
  baseline_created,
  schema_changed,
  drift_detected,
  drift_resolved,
  accepted,
  ledger_failed,
  ledger_recovered,
  migration_applied,
  migration_will_fail,
  target_down,
  target_up,
  target_identity_changed,
  scope_changed,
};

std::string_view event_type_name(EventType type);
std::optional<EventType> parse_event_type(std::string_view name);

/// Why a schema change happened, as far as the ledgers tell.
enum class Cause { none, migration, out_of_band, unknown };

std::string_view cause_name(Cause cause);

/// How sure an attribution is: the change's transaction wrote the ledger
/// row (exact), it fell between a migration's ledger writes (window), or
/// only the poll window relates them (poll_window).
enum class Confidence { exact, window, poll_window, sql };

std::string_view confidence_name(Confidence confidence);

/// Where one change came from (docs/provenance.md).
struct Provenance {
  Cause cause = Cause::none;
  std::string migration;                     ///< the ledger identity, when cause is migration
  std::string ledger;                        ///< "framework schema.table" of that migration
  std::optional<std::uint64_t> transaction;  ///< the full xid that last wrote the object
  std::optional<std::string> committed_at;   ///< with track_commit_timestamp on
  Confidence confidence = Confidence::poll_window;
  std::string reason;  ///< in words: what the attribution rests on
  /// The role owning the object (a member's relation) as the snapshot shows
  /// it: a hint at who made it, not proof (PostgreSQL does not record who
  /// ran the DDL).
  std::optional<std::string> owner;

  friend bool operator==(const Provenance&, const Provenance&) = default;
};

struct Event {
  std::int64_t id = 0;  ///< assigned by the state store, increasing
  TimePoint time;
  std::string target;
  std::map<std::string, std::string> labels;  ///< the target's, from the configuration
  EventType type{};
  Cause cause = Cause::none;                  ///< schema_changed, and each drift change
  std::vector<schema::ObjectChange> changes;  ///< per object, attribute before/after
  std::vector<Provenance> provenance;         ///< per change, when known (same order)
  std::vector<std::string> migrations;        ///< the ledger identities involved
  std::optional<LedgerSummary> ledger;        ///< ledger_* and migration_applied
  std::string message;                        ///< one sentence for people
};

/// A change's provenance as a JSON object, fields in a fixed order.
std::string provenance_json(const Provenance& provenance);

/// One line of JSON, without a trailing newline. Field order is fixed.
std::string event_json(const Event& event);

/// "2026-11-24T07:02:19Z": UTC, second precision.
std::string format_time(TimePoint time);

}  // namespace driftwatch::daemon
