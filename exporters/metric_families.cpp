// Names and help texts of the metric families (docs/metrics.md lists them).
#include "exporters/metric_families.h"

#include <array>

namespace driftwatch::exporters {
namespace {

using enum FamilyType;

// Indexed by FamilyId.
constexpr std::array<FamilySpec, kFamilyCount> kSpecs{{
    {"driftwatch_target_up", "1 when the last poll of the target reached its database", gauge},
    {"driftwatch_poll_duration_seconds", "How long a poll of the target took", histogram},
    {"driftwatch_polls_total", "Polls of the target, successful or not", counter},
    {"driftwatch_poll_errors_total", "Failed polls of the target, by reason", counter},
    {"driftwatch_catalog_reads_total",
     "Successful polls that read the target's catalog: in part (the relations that changed) or "
     "whole",
     counter},
    {"driftwatch_last_successful_poll_timestamp_seconds",
     "Unix time of the target's last successful poll", gauge},
    {"driftwatch_schema_objects", "Objects in the target's live schema, by kind (kinds it has)",
     gauge},
    {"driftwatch_drifted_objects",
     "Objects that differ from the target's baseline, by kind (kinds with drift)", gauge},
    {"driftwatch_drift", "1 while the target's live schema differs from its baseline", gauge},
    {"driftwatch_last_drift_timestamp_seconds", "Unix time drift was last detected on the target",
     gauge},
    {"driftwatch_schema_changes_total", "Object changes seen on the target, by cause", counter},
    {"driftwatch_events_total", "Events raised for the target, by type", counter},
    {"driftwatch_migrations_applied", "Migrations the ledger records as applied", gauge},
    {"driftwatch_migrations_failed", "Migrations the ledger records as failed", gauge},
    {"driftwatch_migrations_pending", "Migration files not in the ledger (needs migrations_dirs)",
     gauge},
    {"driftwatch_migrations_pending_will_fail",
     "Pending migrations with a statement certain to fail against the live schema", gauge},
    {"driftwatch_ledger_healthy",
     "1 when the ledger's state is healthy; 0 for any other state, unknown included", gauge},
    {"driftwatch_ledger_dirty", "1 while the ledger is marked dirty or partly applied", gauge},
    {"driftwatch_ledger_locked", "1 while the migration tool's lock is held", gauge},
    {"driftwatch_ledger_lock_age_seconds",
     "How long the tool's lock has been held, when it records since when", gauge},
    {"driftwatch_schema_hash_info", "The root hash of the target's live schema; always 1", gauge},
}};

}  // namespace

const FamilySpec& family_spec(FamilyId id) { return kSpecs.at(static_cast<std::size_t>(id)); }

std::optional<FamilyId> family_by_name(std::string_view name) {
  for (std::size_t i = 0; i < kSpecs.size(); ++i) {
    if (kSpecs[i].name == name) return static_cast<FamilyId>(i);
  }
  return std::nullopt;
}

}  // namespace driftwatch::exporters
