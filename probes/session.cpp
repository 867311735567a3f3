#include "probes/session.h"

#include <pqxx/pqxx>

#include <map>
#include <stdexcept>

namespace driftwatch::probes {
namespace {

ResultTable to_table(const pqxx::result& result) {
  std::vector<std::string> columns;
  columns.reserve(static_cast<std::size_t>(result.columns()));
  for (pqxx::row::size_type i = 0; i < result.columns(); ++i) {
    columns.emplace_back(result.column_name(i));
  }
  ResultTable table(std::move(columns));
  table.reserve_cells(result.size() * static_cast<std::size_t>(result.columns()));
  for (const auto& row : result) {
    for (const auto& field : row) table.append_cell(field.c_str(), field.size(), field.is_null());
  }
  return table;
}

}  // namespace

struct Session::Impl {
  std::string description;
  pqxx::connection connection;

  Impl(std::string_view dsn, const SessionLimits& limits)
      : description(describe_dsn(dsn)), connection(session_conninfo(dsn, limits)) {}
};

namespace {

// The settings the session runs with, as pg_settings has them: durations in
// their base unit (milliseconds for the ones driftwatch sets).
std::map<std::string, std::string> current_settings(
    pqxx::connection& connection, const std::vector<std::pair<std::string, std::string>>& names) {
  std::string list;
  for (const auto& [name, value] : names) {
    if (!list.empty()) list += ", ";
    list += connection.quote(name);
  }
  pqxx::read_transaction transaction(connection);
  std::map<std::string, std::string> settings;
  for (const auto& row :
       transaction.exec("SELECT name, setting FROM pg_settings WHERE name IN (" + list + ")")) {
    settings[row[0].c_str()] = row[1].c_str();
  }
  transaction.commit();
  return settings;
}

}  // namespace

Session::Session(std::string_view dsn, const SessionLimits& limits)
    : impl_(std::make_unique<Impl>(dsn, limits)) {
  const int version = impl_->connection.server_version();
  if (version < kMinimumServerVersion) {
    throw std::runtime_error(
        impl_->description + " runs PostgreSQL " + std::to_string(version / 10000) + "." +
        std::to_string(version % 10000) + "; driftwatch reads PostgreSQL 15 and later");
  }
  // The timeouts and read-only default travel as startup options, which a
  // connection pooler may drop: without them a read could wait on a
  // migration's lock indefinitely. Checked once per connection.
  const auto asked = session_settings(limits);
  if (auto missing = settings_not_taken(asked, current_settings(impl_->connection, asked));
      !missing.empty()) {
    throw std::runtime_error(impl_->description +
                             ": the session did not take driftwatch's settings (" + missing +
                             "); is a connection pooler dropping startup options? Connect to "
                             "PostgreSQL directly");
  }
}

Session::~Session() = default;

int Session::server_version() const { return impl_->connection.server_version(); }

std::string Session::user() const { return impl_->connection.username(); }

const std::string& Session::description() const { return impl_->description; }

void Session::cancel() { impl_->connection.cancel_query(); }

struct ReadTransaction::Impl {
  std::unique_ptr<pqxx::transaction_base> transaction;
};

ReadTransaction::ReadTransaction(Session& session, Isolation isolation)
    : impl_(std::make_unique<Impl>()) {
  auto& connection = session.impl_->connection;
  if (isolation == Isolation::snapshot) {
    impl_->transaction =
        std::make_unique<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(connection);
  } else {
    impl_->transaction = std::make_unique<pqxx::read_transaction>(connection);
  }
}

ReadTransaction::~ReadTransaction() = default;

ResultTable ReadTransaction::query(std::string_view sql) {
  return to_table(impl_->transaction->exec(std::string(sql)));
}

void ReadTransaction::query_pipelined(
    const std::vector<std::string>& queries,
    const std::function<void(std::size_t, const ResultTable&)>& consume) {
  pqxx::pipeline pipeline(*impl_->transaction);
  pipeline.retain(static_cast<int>(queries.size()));
  std::vector<pqxx::pipeline::query_id> ids;
  ids.reserve(queries.size());
  for (const auto& sql : queries) ids.push_back(pipeline.insert(sql));
  for (std::size_t i = 0; i < ids.size(); ++i) {
    // libpq's copy of a result is freed before it is consumed: at 16 bytes
    // of index per cell it is the largest thing this process holds.
    const ResultTable table = to_table(pipeline.retrieve(ids[i]));
    consume(i, table);
  }
  pipeline.complete();
}

void ReadTransaction::commit() { impl_->transaction->commit(); }

}  // namespace driftwatch::probes

namespace driftwatch::probes {

std::string failure_hint(const std::exception& error) {
  if (dynamic_cast<const pqxx::broken_connection*>(&error) != nullptr) {
    const std::string_view message = error.what();
    // PgBouncer, and the pooled endpoints built on it, refuse the startup
    // "options" that carry the session's settings, in one of two wordings:
    // "unsupported startup parameter: options" or "... in options: NAME".
    if (message.find("unsupported startup parameter") != std::string_view::npos) {
      return "a connection pooler refused the startup options that carry driftwatch's "
             "timeouts and read-only setting; connect to PostgreSQL directly (driftwatch holds "
             "one connection per target)";
    }
    // libpq says why it could not connect; a connection lost later gets
    // libpqxx's terse "not connected", which names no cause.
    if (message.starts_with("connection to server")) return {};
    return "the connection to the server was lost: the server restarted or ended the session; "
           "the next poll connects anew";
  }
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error);
  if (sql == nullptr) return {};
  const std::string& state = sql->sqlstate();
  if (state == "57014") {
    return "a catalog query ran past the statement timeout; a very large schema may need "
           "--statement-timeout raised";
  }
  if (state == "55P03") {
    return "a lock on a relation was held by another session (a migration?) past the lock "
           "timeout; driftwatch gave way, try again";
  }
  if (state == "42501") return "the role lacks a privilege the catalog read needs";
  if (state == "XX000") {
    return "an object was dropped while it was being read (is a migration running?); try again";
  }
  return {};
}

std::string_view failure_reason(const std::exception& error) {
  if (dynamic_cast<const pqxx::broken_connection*>(&error) != nullptr) return "connect";
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error);
  if (sql == nullptr) return "other";
  const std::string& state = sql->sqlstate();
  if (state == "57014") return "timeout";
  if (state == "55P03") return "lock_timeout";
  if (state == "42501") return "privilege";
  return "query";
}

}  // namespace driftwatch::probes
