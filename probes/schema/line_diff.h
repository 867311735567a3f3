// A line-by-line diff of two texts, for showing changed function bodies and
// view definitions to a person.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace driftwatch::schema {

/// The lines of `after` against `before`, each prefixed "  " (kept), "- "
/// (removed) or "+ " (added), in order. Texts longer than a few thousand lines
/// are shown as all removed then all added rather than aligned.
std::vector<std::string> line_diff(std::string_view before, std::string_view after);

}  // namespace driftwatch::schema
