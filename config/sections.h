// Private to the config library: one reader per kind of table in the file.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "config/config.h"
#include "config/table_reader.h"

namespace driftwatch::config::detail {

void read_daemon(const TableReader& reader, DaemonSettings& daemon);
void read_http(const TableReader& reader, HttpSettings& http);
void read_log(const TableReader& reader, LogSettings& log);
void read_webhook(const TableReader& reader, WebhookSettings& webhook);

/// One [[target]] table; its interval stays zero when not given, for the
/// caller to fill in from [daemon] once the whole file is read.
Target read_target(TableReader& reader);

/// What is wrong with a HOST:PORT listen address, or nothing when it is fine.
std::optional<std::string> listen_address_problem(std::string_view address);

}  // namespace driftwatch::config::detail
