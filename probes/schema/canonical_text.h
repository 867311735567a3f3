// The canonical snapshot text: the exact bytes the root hash is taken over,
// also the human-readable "text" format. Documented in docs/snapshot-format.md.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "probes/schema/snapshot.h"

namespace driftwatch::schema {

/// Escapes a value onto one line: backslash, newline, carriage return, tab and
/// other control bytes become backslash sequences. Other bytes pass unchanged.
std::string escape_value(std::string_view value);

/// Appends escape_value(value) to out.
void append_escaped(std::string& out, std::string_view value);

/// The inverse of escape_value; nothing when an escape sequence is malformed.
std::optional<std::string> unescape_value(std::string_view text);

/// Appends one object's record: "<kind> <identity>\n" then "  <name>: <value>\n"
/// per attribute, in name order.
void append_record(const SchemaObject& object, std::string& out);

/// The whole snapshot's canonical text.
std::string canonical_text(const Snapshot& snapshot);

/// Writes the canonical text to a stream, a record at a time.
void write_canonical_text(std::ostream& out, const Snapshot& snapshot);

/// Reads canonical text back. Throws SnapshotError naming the origin (a file
/// name) and the line at fault.
Snapshot parse_canonical_text(std::string_view text, std::string_view origin);

}  // namespace driftwatch::schema
