// JSON string literals written directly, for the large outputs (a snapshot
// of 10,000 tables is tens of MB) where building a JSON document first would
// cost more than reading the database.
#pragma once

#include <string>
#include <string_view>

namespace driftwatch::schema {

/// Appends `value` as a JSON string literal, escaped the way nlohmann::json
/// dumps valid UTF-8 (UTF-8 kept, control characters escaped). Each byte
/// that is not part of a valid UTF-8 sequence becomes U+FFFD.
void append_json_string(std::string& out, std::string_view value);

}  // namespace driftwatch::schema
