#include "probes/schema/canonical_text.h"

#include <algorithm>
#include <cstdio>

#include "probes/schema/identity.h"

namespace driftwatch::schema {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool needs_escape(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f || c == '\\';
}

SnapshotError line_error(std::string_view origin, std::size_t line, const std::string& what) {
  return SnapshotError(std::string(origin) + ":" + std::to_string(line) + ": " + what);
}

}  // namespace

std::string escape_value(std::string_view value) {
  std::string out;
  append_escaped(out, value);
  return out;
}

void append_escaped(std::string& out, std::string_view value) {
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (!needs_escape(c)) continue;
    out.append(value.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        char buf[5];
        std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
        out += buf;
      }
    }
  }
  out.append(value.data() + run, value.size() - run);
}

std::optional<std::string> unescape_value(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out += text[i];
      continue;
    }
    if (++i == text.size()) return std::nullopt;
    switch (text[i]) {
      case '\\': out += '\\'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'x': {
        int hi = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
        int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        break;
      }
      default: return std::nullopt;
    }
  }
  return out;
}

void append_record(const SchemaObject& object, std::string& out) {
  out += kind_name(object.key.kind);
  out += ' ';
  const auto mark = out.size();
  append_identity(out, object.key);
  if (std::any_of(out.begin() + static_cast<std::ptrdiff_t>(mark), out.end(), needs_escape)) {
    // Names may hold any character but NUL; escape the rare identity that
    // needs it, like any value.
    const std::string identity = out.substr(mark);
    out.resize(mark);
    append_escaped(out, identity);
  }
  out += '\n';
  for (const auto& [name, value] : object.attributes) {
    out += "  ";
    out += name;
    out += ": ";
    append_escaped(out, value);
    out += '\n';
  }
}

void write_canonical_text(std::ostream& out, const Snapshot& snapshot) {
  constexpr std::size_t kChunk = 1 << 20;
  std::string buffer;
  for (const auto& object : snapshot.objects()) {
    append_record(object, buffer);
    if (buffer.size() >= kChunk) {
      out << buffer;
      buffer.clear();
    }
  }
  out << buffer;
}

std::string canonical_text(const Snapshot& snapshot) {
  std::string out;
  for (const auto& object : snapshot.objects()) append_record(object, out);
  return out;
}

Snapshot parse_canonical_text(std::string_view text, std::string_view origin) {
  std::vector<SchemaObject> objects;
  std::size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    auto end = text.find('\n');
    if (end == std::string_view::npos) throw line_error(origin, line_no, "missing final newline");
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    if (line.starts_with("  ")) {
      if (objects.empty()) throw line_error(origin, line_no, "attribute before any object");
      line.remove_prefix(2);
      auto colon = line.find(": ");
      if (colon == std::string_view::npos) {
        throw line_error(origin, line_no, "attribute without \": \"");
      }
      auto value = unescape_value(line.substr(colon + 2));
      if (!value) throw line_error(origin, line_no, "malformed escape sequence in value");
      objects.back().attributes.emplace_back(std::string(line.substr(0, colon)), std::move(*value));
      continue;
    }
    auto space = line.find(' ');
    auto kind = parse_kind(line.substr(0, space));
    if (space == std::string_view::npos || !kind) {
      throw line_error(origin, line_no, "expected \"<kind> <identity>\"");
    }
    auto identity = unescape_value(line.substr(space + 1));
    auto id = identity ? parse_identity(*identity) : std::nullopt;
    if (!id) throw line_error(origin, line_no, "malformed identity");
    objects.push_back(SchemaObject{ObjectKey{*kind, std::move(id->path), std::move(id->args)}, {}});
  }
  return Snapshot(std::move(objects));
}

}  // namespace driftwatch::schema
