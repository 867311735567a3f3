// The watch scope: the ignore rules and partition folding that a target's
// stored schemas were recorded under, so that editing them is not taken for
// schema changes (docs/configuration.md, "Changing what is watched").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "probes/schema/filter.h"
#include "probes/schema/snapshot.h"

namespace driftwatch::daemon {

struct WatchScope {
  schema::FilterRules rules;
  bool fold_partitions = true;
};

/// Canonical JSON, stored beside the schemas: equal scopes, equal text.
std::string scope_text(const WatchScope& scope);

/// Reads scope_text's output; nullopt when the text is not one.
std::optional<WatchScope> parse_scope_text(std::string_view text);

struct Rescoped {
  schema::Snapshot baseline;
  schema::Snapshot live;
  std::size_t newly_watched = 0;      ///< objects taken as they are now
  std::size_t no_longer_watched = 0;  ///< objects forgotten
};

/// The stored baseline and live schema as if `now` had always been the
/// scope: objects `now` drops are forgotten, and objects of `live` (read
/// under `now`) that `before` left out are taken as they are, in both, since
/// nothing was known of them. When partition folding changed, which rules
/// cannot tell, the objects that appeared or went between the stored and the
/// new live schema are taken as the scope's doing.
Rescoped rescope(const schema::Snapshot& baseline, const schema::Snapshot& previous_live,
                 const WatchScope& before, const WatchScope& now, const schema::Snapshot& live);

}  // namespace driftwatch::daemon
