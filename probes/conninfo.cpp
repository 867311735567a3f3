#include "probes/conninfo.h"

#include <libpq-fe.h>

#include <map>
#include <memory>
#include <stdexcept>
#include <vector>

namespace driftwatch::probes {
namespace {

struct OptionsFree {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};

struct ParsedDsn {
  std::map<std::string, std::string> values;
  std::string error;  ///< empty when the DSN parsed
};

// The DSN's keywords and values, as libpq reads them.
ParsedDsn parse_dsn(std::string_view dsn) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, OptionsFree> options(
      PQconninfoParse(std::string(dsn).c_str(), &error));
  if (!options) {
    // libpq's message may quote the fragment it choked on, which can be a
    // password; say what kind of mistake it is without the text.
    std::string reason = error ? error : "out of memory";
    PQfreemem(error);
    auto quote = reason.find('"');
    if (quote != std::string::npos) reason = reason.substr(0, quote) + "(text withheld)";
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
    return ParsedDsn{{}, "the connection string is not valid: " + reason};
  }
  ParsedDsn parsed;
  for (auto* option = options.get(); option->keyword != nullptr; ++option) {
    if (option->val != nullptr) parsed.values[option->keyword] = option->val;
  }
  return parsed;
}

std::string quote_conninfo_value(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
  return out;
}

// A value inside libpq's `options`: spaces and backslashes are escaped.
std::string escape_option_value(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == ' ' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string milliseconds(std::chrono::milliseconds value) {
  return std::to_string(value.count()) + "ms";
}

}  // namespace

std::vector<std::pair<std::string, std::string>> session_settings(const SessionLimits& limits) {
  // Deparsed definitions depend on these settings (a search_path makes names
  // unqualified, TimeZone shifts timestamp defaults); pinning them makes the
  // snapshot independent of the role's and database's defaults.
  return {
      {"default_transaction_read_only", "on"},
      {"statement_timeout", milliseconds(limits.statement_timeout)},
      {"lock_timeout", milliseconds(limits.lock_timeout)},
      {"idle_in_transaction_session_timeout", milliseconds(limits.idle_in_transaction_timeout)},
      {"search_path", "pg_catalog"},
      {"TimeZone", "UTC"},
      {"DateStyle", "ISO, YMD"},
      {"IntervalStyle", "postgres"},
      {"extra_float_digits", "1"},
      {"bytea_output", "hex"},
      {"lc_monetary", "C"},
      {"standard_conforming_strings", "on"},
      {"quote_all_identifiers", "off"},
      // Compiling catalog queries costs more than running them.
      {"jit", "off"},
  };
}

std::string settings_not_taken(const std::vector<std::pair<std::string, std::string>>& asked,
                               const std::map<std::string, std::string>& actual) {
  for (const auto& [name, value] : asked) {
    std::string wanted = value;
    if (wanted.ends_with("ms")) wanted.resize(wanted.size() - 2);
    const auto found = actual.find(name);
    if (found == actual.end()) return name + " is not set";
    if (found->second != wanted) {
      std::string difference = name;
      difference += " is ";
      difference += found->second.empty() ? "empty" : found->second;
      difference += ", not ";
      difference += value;
      return difference;
    }
  }
  return {};
}

std::string session_conninfo(std::string_view dsn, const SessionLimits& limits) {
  auto parsed = parse_dsn(dsn);
  if (!parsed.error.empty()) throw std::invalid_argument(parsed.error);
  auto& values = parsed.values;
  const auto settings = session_settings(limits);
  std::string options = values.contains("options") ? values["options"] : std::string();
  for (const auto& [name, value] : settings) {
    if (!options.empty()) options += ' ';
    options += "-c " + name + "=" + escape_option_value(value);
  }
  values["options"] = options;
  values["application_name"] = "driftwatch";
  values["client_encoding"] = "UTF8";
  if (!values.contains("connect_timeout")) {
    values["connect_timeout"] = std::to_string(limits.connect_timeout.count());
  }
  std::string conninfo;
  for (const auto& [keyword, value] : values) {
    if (!conninfo.empty()) conninfo += ' ';
    conninfo += keyword + "=" + quote_conninfo_value(value);
  }
  return conninfo;
}

std::string describe_dsn(std::string_view dsn) {
  const auto parsed = parse_dsn(dsn);
  if (!parsed.error.empty()) return "(unparsable connection string)";
  const auto& values = parsed.values;
  std::string out;
  for (const char* keyword : {"service", "host", "hostaddr", "port", "dbname", "user"}) {
    auto it = values.find(keyword);
    if (it == values.end() || it->second.empty()) continue;
    if (!out.empty()) out += ' ';
    out += std::string(keyword) + "=" + it->second;
  }
  return out.empty() ? "(libpq defaults)" : out;
}

}  // namespace driftwatch::probes
