#include "probes/ledgers/detection.h"

#include "probes/ledgers/detection_specs.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

namespace driftwatch::ledgers {
namespace {

using detail::Siblings;
using detail::Spec;
using detail::specs;

bool named_as(const Spec& spec, const TableInfo& table) {
  return std::find(spec.names.begin(), spec.names.end(), table.name) != spec.names.end();
}

bool schema_fits(const Spec& spec, const TableInfo& table) {
  return spec.schema.empty() || spec.schema == table.schema;
}

// A table that looks like a migration ledger by its name alone.
bool looks_like_ledger(const TableInfo& table) {
  std::string lower;
  for (char c : table.name) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  for (const char* word : {"migration", "schema_version", "changelog", "schema_history"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

std::vector<TableInfo> related_tables(const Spec& spec, const TableInfo& table,
                                      const std::vector<TableInfo>& candidates) {
  std::vector<TableInfo> out;
  for (auto pattern : spec.related) {
    std::string name = pattern == "*_lock" ? table.name + "_lock" : std::string(pattern);
    for (const auto& other : candidates) {
      if (other.schema == table.schema && other.name == name) out.push_back(other);
    }
  }
  return out;
}

DetectedLedger detected(const Spec& spec, const TableInfo& table,
                        const std::vector<TableInfo>& candidates, std::string confidence) {
  DetectedLedger ledger;
  ledger.framework = spec.framework;
  ledger.table = table;
  ledger.related = related_tables(spec, table, candidates);
  ledger.confidence = std::move(confidence);
  if (!spec.note.empty()) ledger.notes.emplace_back(spec.note);
  return ledger;
}

const Spec& spec_of(Framework framework) {
  for (const auto& spec : specs()) {
    if (spec.framework == framework) return spec;
  }
  throw std::invalid_argument("no ledger description for " +
                              std::string(framework_name(framework)));
}

bool matches_override(const LedgerOverride& o, const TableInfo& table) {
  return o.table == table.name && (o.schema.empty() || o.schema == table.schema);
}

}  // namespace

LedgerOverride parse_ledger_override(std::string_view text) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos || eq + 1 == text.size()) {
    throw std::invalid_argument("expected FRAMEWORK=[SCHEMA.]TABLE, got \"" + std::string(text) +
                                "\"");
  }
  const auto framework = parse_framework(text.substr(0, eq));
  if (!framework || *framework == Framework::unknown) {
    throw std::invalid_argument("unknown framework \"" + std::string(text.substr(0, eq)) + "\"");
  }
  LedgerOverride out{*framework, {}, std::string(text.substr(eq + 1))};
  if (const auto dot = out.table.find('.'); dot != std::string::npos) {
    out.schema = out.table.substr(0, dot);
    out.table = out.table.substr(dot + 1);
    // "knex=public." or "knex=.t" would name no table, or match it in any schema.
    if (out.schema.empty() || out.table.empty()) {
      throw std::invalid_argument("expected FRAMEWORK=[SCHEMA.]TABLE, got \"" + std::string(text) +
                                  "\"");
    }
  }
  return out;
}

std::vector<DetectedLedger> detect_ledgers(const std::vector<TableInfo>& candidates,
                                           const std::vector<LedgerOverride>& overrides) {
  Siblings siblings;
  for (const auto& table : candidates) siblings[table.schema].insert(table.name);

  std::vector<DetectedLedger> found;
  std::set<std::pair<std::string, std::string>> companions;
  for (const auto& table : candidates) {
    auto override_it = std::find_if(overrides.begin(), overrides.end(),
                                    [&](const auto& o) { return matches_override(o, table); });
    if (override_it != overrides.end()) {
      const Spec& spec = spec_of(override_it->framework);
      auto ledger = detected(spec, table, candidates, "certain");
      ledger.notes.push_back("named as a " + std::string(framework_name(spec.framework)) +
                             " ledger by the configuration");
      ledger.missing_columns = table.missing_columns(spec.columns);
      found.push_back(std::move(ledger));
      continue;
    }
    const Spec* match = nullptr;
    for (const auto& spec : specs()) {
      if (!schema_fits(spec, table) || !table.has_columns(spec.columns)) continue;
      if (!named_as(spec, table) && !spec.columns_identify) continue;
      if (spec.extra != nullptr && !spec.extra(table, siblings)) continue;
      match = &spec;
      break;
    }
    if (match != nullptr) {
      found.push_back(
          detected(*match, table, candidates, named_as(*match, table) ? "certain" : "likely"));
      if (match->framework == Framework::dbmate) found.back().confidence = "likely";
      if (!named_as(*match, table)) {
        found.back().notes.emplace_back("found by its columns under a custom name");
      }
      continue;
    }
    // The tool's table name without its shape: say what is missing.
    const Spec* closest = nullptr;
    std::vector<std::string> missing;
    for (const auto& spec : specs()) {
      if (!named_as(spec, table) || !schema_fits(spec, table)) continue;
      auto lacks = table.missing_columns(spec.columns);
      if (closest == nullptr || lacks.size() < missing.size()) {
        closest = &spec;
        missing = std::move(lacks);
      }
    }
    if (closest != nullptr && !missing.empty()) {
      auto ledger = detected(*closest, table, candidates, "likely");
      ledger.missing_columns = std::move(missing);
      found.push_back(std::move(ledger));
    } else if (looks_like_ledger(table)) {
      DetectedLedger ledger;
      ledger.framework = Framework::unknown;
      ledger.table = table;
      ledger.confidence = "likely";
      found.push_back(std::move(ledger));
    }
  }
  // Companion tables are part of their ledger, not ledgers of their own.
  for (const auto& ledger : found) {
    for (const auto& related : ledger.related) companions.insert({related.schema, related.name});
  }
  std::erase_if(found, [&](const DetectedLedger& ledger) {
    return ledger.framework == Framework::unknown &&
           companions.count({ledger.table.schema, ledger.table.name}) > 0;
  });
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return std::tie(a.table.schema, a.table.name) < std::tie(b.table.schema, b.table.name);
  });
  return found;
}

const char* candidate_name_pattern() {
  return "migration|schema_version|changelog|schema_history|^alembic_version$|^goose_|"
         "^ar_internal_metadata$|^typeorm_metadata$|^sequelizemeta$|^atlas_schema_revisions$|"
         "_lock$|^changes$|^events$|^tags$|^projects$|^releases$|^dependencies$|^seed_files$";
}

const std::vector<std::string>& candidate_schemas() {
  static const std::vector<std::string> schemas{"sqitch", "drizzle", "supabase_migrations",
                                                "hdb_catalog", "atlas_schema_revisions"};
  return schemas;
}

}  // namespace driftwatch::ledgers
