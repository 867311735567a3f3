// Tests the advice given for connection failures, on libpqxx's exception
// types built from the messages libpq and poolers produce.
#include <catch2/catch.hpp>

#include <pqxx/except>
#include <string>

#include "probes/session.h"

using driftwatch::probes::failure_hint;
using driftwatch::probes::failure_reason;

namespace {

bool mentions(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("failure hint: a pooler that refuses the startup options is named, in both wordings") {
  // PgBouncer before 1.20 refuses the parameter; later ones name the setting.
  const pqxx::broken_connection whole(
      "connection to server at \"127.0.0.1\", port 6432 failed: FATAL:  unsupported startup "
      "parameter: options\n");
  const pqxx::broken_connection in_options(
      "connection to server at \"db.example\", port 6543 failed: FATAL:  unsupported startup "
      "parameter in options: statement_timeout\n");
  for (const auto* error : {&whole, &in_options}) {
    const auto hint = failure_hint(*error);
    CHECK(mentions(hint, "connection pooler"));
    CHECK(mentions(hint, "connect to PostgreSQL directly"));
    CHECK(failure_reason(*error) == "connect");
  }
}

TEST_CASE("failure hint: libpq's own reason for a refused connection gets no hint") {
  const pqxx::broken_connection refused(
      "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  database \"shop\" does "
      "not exist\n");
  CHECK(failure_hint(refused).empty());
}

TEST_CASE("failure hint: a connection lost after it was made is said to be lost") {
  const pqxx::broken_connection lost("Lost connection to the database server.");
  CHECK(mentions(failure_hint(lost), "connection to the server was lost"));
}
