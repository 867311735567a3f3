#include "probes/schema/snapshot_json.h"

#include <nlohmann/json.hpp>

#include "probes/schema/canonical_text.h"
#include "probes/schema/identity.h"
#include "probes/schema/json_text.h"
#include "probes/schema/sha256.h"

namespace driftwatch::schema {
namespace {

constexpr std::string_view kFormatName = "driftwatch.snapshot";
constexpr int kFormatVersion = 1;

// Builds the document like nlohmann's own DOM parser but records a syntax
// error's message instead of throwing it.
class ErrorCapturingParser {
 public:
  using number_integer_t = nlohmann::json::number_integer_t;
  using number_unsigned_t = nlohmann::json::number_unsigned_t;
  using number_float_t = nlohmann::json::number_float_t;
  using string_t = nlohmann::json::string_t;
  using binary_t = nlohmann::json::binary_t;

  ErrorCapturingParser(nlohmann::json& result, std::string& error)
      : dom_(result, false), error_(error) {}

  bool null() { return dom_.null(); }
  bool boolean(bool value) { return dom_.boolean(value); }
  bool number_integer(number_integer_t value) { return dom_.number_integer(value); }
  bool number_unsigned(number_unsigned_t value) { return dom_.number_unsigned(value); }
  bool number_float(number_float_t value, const string_t& text) {
    return dom_.number_float(value, text);
  }
  bool string(string_t& value) { return dom_.string(value); }
  bool binary(binary_t& value) { return dom_.binary(value); }
  bool start_object(std::size_t size) { return dom_.start_object(size); }
  bool key(string_t& value) { return dom_.key(value); }
  bool end_object() { return dom_.end_object(); }
  bool start_array(std::size_t size) { return dom_.start_array(size); }
  bool end_array() { return dom_.end_array(); }
  template <class Exception>
  bool parse_error(std::size_t, const std::string&, const Exception& error) {
    error_ = error.what();
    return false;
  }

 private:
  nlohmann::detail::json_sax_dom_parser<nlohmann::json> dom_;
  std::string& error_;
};

const nlohmann::json& member(const nlohmann::json& parent, const char* name,
                             const std::string& where) {
  auto it = parent.find(name);
  if (it == parent.end()) throw SnapshotError(where + ": missing \"" + name + "\"");
  return *it;
}

std::string string_member(const nlohmann::json& parent, const char* name,
                          const std::string& where) {
  const auto& value = member(parent, name, where);
  if (!value.is_string()) throw SnapshotError(where + ": \"" + name + "\" is not a string");
  return value.get<std::string>();
}

SchemaObject object_from_document(const nlohmann::json& item, const std::string& where) {
  if (!item.is_object()) throw SnapshotError(where + ": not an object");
  const auto kind_text = string_member(item, "kind", where);
  auto kind = parse_kind(kind_text);
  if (!kind) throw SnapshotError(where + ": unknown kind \"" + kind_text + "\"");
  SchemaObject object;
  object.key.kind = *kind;
  const auto& path = member(item, "path", where);
  if (!path.is_array() || path.empty()) throw SnapshotError(where + ": \"path\" is not a list");
  for (const auto& part : path) {
    if (!part.is_string()) throw SnapshotError(where + ": \"path\" holds a non-string");
    object.key.path.push_back(part.get<std::string>());
  }
  if (item.contains("args")) object.key.args = string_member(item, "args", where);
  const auto& attrs = member(item, "attributes", where);
  if (!attrs.is_object()) throw SnapshotError(where + ": \"attributes\" is not an object");
  for (const auto& [name, value] : attrs.items()) {
    if (!value.is_string()) {
      throw SnapshotError(where + ": attribute \"" + std::string(name) + "\" is not a string");
    }
    object.attributes.emplace_back(name, value.get<std::string>());
  }
  return object;
}

}  // namespace

void write_snapshot_json(std::ostream& out, const Snapshot& snapshot,
                         const SnapshotHashes& hashes) {
  constexpr std::size_t kChunk = 1 << 20;
  std::string buf;
  buf += "{\n  \"format\": ";
  append_json_string(buf, kFormatName);
  buf += ",\n  \"version\": " + std::to_string(kFormatVersion) + ",\n  \"root_hash\": ";
  append_json_string(buf, hashes.root);
  buf += ",\n  \"kinds\": [";
  for (std::size_t i = 0; i < hashes.kinds.size(); ++i) {
    const auto& k = hashes.kinds[i];
    buf += i == 0 ? "\n    {\"kind\":" : ",\n    {\"kind\":";
    append_json_string(buf, kind_name(k.kind));
    buf += ",\"count\":" + std::to_string(k.count) + ",\"hash\":";
    append_json_string(buf, k.hash);
    buf += '}';
  }
  buf += hashes.kinds.empty() ? "],\n  \"objects\": [" : "\n  ],\n  \"objects\": [";
  const auto& objects = snapshot.objects();
  std::string identity;  // reused: one allocation, not one per object
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const auto& object = objects[i];
    buf += i == 0 ? "\n    {\"kind\":" : ",\n    {\"kind\":";
    append_json_string(buf, kind_name(object.key.kind));
    buf += ",\"id\":";
    identity.clear();
    append_identity(identity, object.key);
    append_json_string(buf, identity);
    buf += ",\"path\":[";
    for (std::size_t p = 0; p < object.key.path.size(); ++p) {
      if (p > 0) buf += ',';
      append_json_string(buf, object.key.path[p]);
    }
    buf += ']';
    if (object.key.args) {
      buf += ",\"args\":";
      append_json_string(buf, *object.key.args);
    }
    buf += ",\"hash\":\"";
    append_hex(buf, hashes.objects[i]);  // hex digits need no JSON escaping
    buf += '"';
    buf += ",\"attributes\":{";
    for (std::size_t a = 0; a < object.attributes.size(); ++a) {
      if (a > 0) buf += ',';
      append_json_string(buf, object.attributes[a].first);
      buf += ':';
      append_json_string(buf, object.attributes[a].second);
    }
    buf += "}}";
    if (buf.size() >= kChunk) {
      out << buf;
      buf.clear();
    }
  }
  buf += objects.empty() ? "]\n}\n" : "\n  ]\n}\n";
  out << buf;
}

Snapshot read_snapshot_json(std::string_view text, std::string_view origin) {
  const std::string where(origin);
  std::string syntax_error;
  nlohmann::json doc;
  ErrorCapturingParser parser(doc, syntax_error);
  if (!nlohmann::json::sax_parse(text, &parser) || !syntax_error.empty()) {
    throw SnapshotError(where + ": not valid JSON: " + syntax_error);
  }
  if (!doc.is_object()) throw SnapshotError(where + ": the document is not a JSON object");
  const auto format = string_member(doc, "format", where);
  if (format != kFormatName) {
    throw SnapshotError(where + ": not a driftwatch snapshot (format \"" + format + "\")");
  }
  const auto& version = member(doc, "version", where);
  if (!version.is_number_integer() || version.get<long long>() != kFormatVersion) {
    throw SnapshotError(where + ": unsupported snapshot version " + version.dump() +
                        " (this build reads " + std::to_string(kFormatVersion) + ")");
  }
  const auto& items = member(doc, "objects", where);
  if (!items.is_array()) throw SnapshotError(where + ": \"objects\" is not a list");
  std::vector<SchemaObject> objects;
  objects.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    objects.push_back(
        object_from_document(items[i], where + ": objects[" + std::to_string(i) + "]"));
  }
  return Snapshot(std::move(objects));
}

std::string object_to_json(const SchemaObject& object) {
  std::string buf = "{\"kind\":";
  append_json_string(buf, kind_name(object.key.kind));
  buf += ",\"path\":[";
  for (std::size_t p = 0; p < object.key.path.size(); ++p) {
    if (p > 0) buf += ',';
    append_json_string(buf, object.key.path[p]);
  }
  buf += ']';
  if (object.key.args) {
    buf += ",\"args\":";
    append_json_string(buf, *object.key.args);
  }
  buf += ",\"attributes\":{";
  for (std::size_t a = 0; a < object.attributes.size(); ++a) {
    if (a > 0) buf += ',';
    append_json_string(buf, object.attributes[a].first);
    buf += ':';
    append_json_string(buf, object.attributes[a].second);
  }
  buf += "}}";
  return buf;
}

SchemaObject object_from_json(std::string_view text, std::string_view origin) {
  const std::string where(origin);
  std::string syntax_error;
  nlohmann::json doc;
  ErrorCapturingParser parser(doc, syntax_error);
  if (!nlohmann::json::sax_parse(text, &parser) || !syntax_error.empty()) {
    throw SnapshotError(where + ": not valid JSON: " + syntax_error);
  }
  return object_from_document(doc, where);
}

Snapshot read_snapshot(std::string_view text, std::string_view origin) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '{') {
    return read_snapshot_json(text, origin);
  }
  return parse_canonical_text(text, origin);
}

}  // namespace driftwatch::schema
