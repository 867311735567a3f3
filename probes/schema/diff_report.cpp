#include "probes/schema/diff_report.h"

#include <nlohmann/json.hpp>

#include "probes/schema/canonical_text.h"
#include "probes/schema/identity.h"
#include "probes/schema/line_diff.h"

namespace driftwatch::schema {
namespace {

using ordered_json = nlohmann::ordered_json;

char change_mark(ChangeType type) {
  switch (type) {
    case ChangeType::added: return '+';
    case ChangeType::removed: return '-';
    case ChangeType::changed: return '~';
  }
  return '~';
}

bool is_multiline(const std::optional<std::string>& value) {
  return value && value->find('\n') != std::string::npos;
}

std::string shown(const std::optional<std::string>& value) {
  return value ? escape_value(*value) : std::string("(none)");
}

void write_attribute(std::ostream& out, const AttributeChange& attr, ChangeType type) {
  if (type != ChangeType::changed) {
    out << "    " << attr.name << ": "
        << shown(type == ChangeType::added ? attr.after : attr.before) << '\n';
    return;
  }
  if (is_multiline(attr.before) || is_multiline(attr.after)) {
    out << "    " << attr.name << ":\n";
    for (const auto& line : line_diff(attr.before.value_or(""), attr.after.value_or(""))) {
      out << "      " << line << '\n';
    }
    return;
  }
  out << "    " << attr.name << ": " << shown(attr.before) << " -> " << shown(attr.after) << '\n';
}

ordered_json optional_json(const std::optional<std::string>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

std::string dump(const ordered_json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

DiffSummary summarize(const std::vector<ObjectChange>& changes) {
  DiffSummary summary;
  for (const auto& change : changes) {
    switch (change.type) {
      case ChangeType::added: ++summary.added; break;
      case ChangeType::removed: ++summary.removed; break;
      case ChangeType::changed: ++summary.changed; break;
    }
  }
  return summary;
}

void write_diff_text(std::ostream& out, const std::vector<ObjectChange>& changes) {
  for (const auto& change : changes) {
    out << change_mark(change.type) << ' ' << kind_name(change.key.kind) << ' '
        << escape_value(format_identity(change.key)) << '\n';
    for (const auto& attr : change.attributes) write_attribute(out, attr, change.type);
  }
  if (changes.empty()) {
    out << "no differences\n";
    return;
  }
  const auto s = summarize(changes);
  out << changes.size() << (changes.size() == 1 ? " object differs: " : " objects differ: ")
      << s.added << " added, " << s.removed << " removed, " << s.changed << " changed\n";
}

std::string change_json(const ObjectChange& change) {
  ordered_json out;
  out["kind"] = kind_name(change.key.kind);
  out["object"] = format_identity(change.key);
  out["change"] = change_type_name(change.type);
  ordered_json attrs = ordered_json::array();
  for (const auto& attr : change.attributes) {
    attrs.push_back(ordered_json{{"name", attr.name},
                                 {"before", optional_json(attr.before)},
                                 {"after", optional_json(attr.after)}});
  }
  out["attributes"] = std::move(attrs);
  return dump(out);
}

void write_diff_json(std::ostream& out, const std::vector<ObjectChange>& changes,
                     const std::string& before_root_hash, const std::string& after_root_hash) {
  const auto s = summarize(changes);
  ordered_json summary{{"added", s.added}, {"removed", s.removed}, {"changed", s.changed}};
  out << "{\n  \"equal\": " << (changes.empty() ? "true" : "false")
      << ",\n  \"before_root_hash\": " << dump(before_root_hash)
      << ",\n  \"after_root_hash\": " << dump(after_root_hash)
      << ",\n  \"summary\": " << dump(summary) << ",\n  \"changes\": [";
  for (std::size_t i = 0; i < changes.size(); ++i) {
    out << (i == 0 ? "\n    " : ",\n    ") << change_json(changes[i]);
  }
  out << (changes.empty() ? "]\n}\n" : "\n  ]\n}\n");
}

}  // namespace driftwatch::schema
