// A small live schema the migration_sql tests check against.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "probes/schema/snapshot.h"

namespace driftwatch::migration_sql::test {

inline schema::SchemaObject object(schema::Kind kind, std::vector<std::string> path,
                                   schema::Attributes attributes = {}) {
  return {{kind, std::move(path), std::nullopt}, std::move(attributes)};
}

/// public.users(id, email, phone) with index users_email_idx, an enum
/// public.mood, a schema app with "app"."Accounts"("Id"), a view
/// public.active_users.
inline schema::Snapshot live_schema() {
  using K = schema::Kind;
  return schema::Snapshot(std::vector<schema::SchemaObject>{
      object(K::schema, {"public"}),
      object(K::schema, {"app"}),
      object(K::table, {"public", "users"}),
      object(K::column, {"public", "users", "id"}),
      object(K::column, {"public", "users", "email"}),
      object(K::column, {"public", "users", "phone"}),
      object(K::index, {"public", "users_email_idx"}, {{"table", "public.users"}}),
      object(K::enum_type, {"public", "mood"}),
      object(K::view, {"public", "active_users"}),
      object(K::table, {"app", "Accounts"}),
      object(K::column, {"app", "Accounts", "Id"}),
  });
}

}  // namespace driftwatch::migration_sql::test
