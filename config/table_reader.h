// Private to the config library: typed reads from one TOML table, where every
// failure becomes a ConfigError that names the file, the line and the key.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace driftwatch::config::detail {

/// "FILE:LINE: " as every message starts.
std::string place(const std::filesystem::path& origin, std::int64_t line);

/// The line a node starts on, or 0 when toml++ does not know it.
std::int64_t line_of(const toml::node& node);
std::int64_t line_of(const toml::key& key);

/// "a string", "an integer", ...: for "expected X, got Y" messages.
std::string_view type_phrase(const toml::node& node);

class TableReader {
 public:
  /// `section` prefixes the key in messages: "[daemon]", "target \"app\"".
  TableReader(const toml::table& table, std::string section, const std::filesystem::path& origin);

  void set_section(std::string section) { section_ = std::move(section); }
  [[nodiscard]] const toml::table& table() const { return table_; }

  /// Throws for the first key not in `known`, suggesting a close one.
  void reject_unknown_keys(std::initializer_list<std::string_view> known) const;

  [[noreturn]] void fail(std::int64_t line, std::string_view key, const std::string& message) const;
  [[noreturn]] void fail(const toml::node& node, std::string_view key,
                         const std::string& message) const;

  /// Each returns nothing when the key is absent and throws when it has
  /// another type. Messages never contain the value: callers that may echo
  /// it do so themselves, so that a DSN's password cannot leak from here.
  [[nodiscard]] std::optional<std::string> string(std::string_view key) const;
  [[nodiscard]] std::optional<std::string> non_empty_string(std::string_view key) const;
  [[nodiscard]] std::optional<std::int64_t> integer(std::string_view key, std::int64_t min,
                                                    std::int64_t max) const;
  [[nodiscard]] std::optional<double> fraction(std::string_view key) const;
  [[nodiscard]] std::optional<Duration> duration(std::string_view key, Duration min) const;

  /// An array of non-empty strings, with the line of each, for messages
  /// about one element.
  struct Item {
    std::string text;
    std::int64_t line = 0;
  };
  [[nodiscard]] std::vector<Item> strings(std::string_view key) const;

  /// The node of a key, or nullptr.
  [[nodiscard]] const toml::node* find(std::string_view key) const;

 private:
  const toml::table& table_;
  std::string section_;
  const std::filesystem::path& origin_;
};

}  // namespace driftwatch::config::detail
