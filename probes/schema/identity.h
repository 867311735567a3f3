// Readable, collision-free object identities: "app.users.email",
// "app.order_count(bigint, text)", "public.\"Odd.Name\"".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "probes/schema/object.h"

namespace driftwatch::schema {

/// One name, quoted the SQL way ("My ""Table""") unless it is a plain
/// lower-case ASCII identifier. Unlike SQL, keywords are not quoted: an
/// identity must not change when a server release adds a keyword.
std::string quote_identity_part(std::string_view name);

/// One name quoted the SQL way whatever it holds, keywords included: for
/// SQL that is run as it is printed.
std::string quote_sql_identifier(std::string_view name);

/// The identity of an object: its quoted path joined by dots, then the
/// argument types in parentheses for routines.
std::string format_identity(const ObjectKey& key);

/// Appends format_identity(key) to out.
void append_identity(std::string& out, const ObjectKey& key);

/// Same, from the parts.
std::string format_identity(const std::vector<std::string>& path,
                            const std::optional<std::string>& args = std::nullopt);

struct ParsedIdentity {
  std::vector<std::string> path;
  std::optional<std::string> args;
};

/// The inverse of format_identity; nothing when the text is not an identity.
std::optional<ParsedIdentity> parse_identity(std::string_view text);

}  // namespace driftwatch::schema
