#!/usr/bin/env bash
# Foreseeing and tracing migrations against a real server, with the SQL files
# of a golang-migrate folder: pending migrations that add an existing column
# or alter a missing table are flagged with their statement and object, in
# `status`, `check`, the event stream and /metrics, and a clean one is not;
# a migration that failed part-way through psql is traced statement by
# statement.
source "$(dirname "$0")/lib.sh"

migrations="$work/migrations"
mkdir -p "$migrations"
echo "CREATE TABLE users (id int PRIMARY KEY, email text);" >"$migrations/1_init.up.sql"
sql "CREATE TABLE users (id int PRIMARY KEY, email text)"
sql "CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL)"
sql "INSERT INTO schema_migrations VALUES (1, false)"
# Someone added the column by hand; migration 2 adds it too.
sql "ALTER TABLE users ADD COLUMN phone text"
cat >"$migrations/2_phone.up.sql" <<'SQL'
-- the column the app needs
ALTER TABLE users ADD COLUMN phone text;
SQL
cat >"$migrations/3_audit.up.sql" <<'SQL'
CREATE TABLE invoices (id int PRIMARY KEY);
ALTER TABLE audit_log ADD COLUMN actor text;
SQL
cat >"$migrations/4_clean.up.sql" <<'SQL'
CREATE INDEX users_email_idx ON users (email);
ALTER TABLE invoices ADD COLUMN total numeric;
SQL

# status: the two failures, with statement, line, object and SQLSTATE.
expect_status 1 "$DRIFTWATCH_BIN" status --dsn "$dsn" --format json \
  --migrations-dir "golang-migrate=$migrations"
python3 - "$work/stdout" <<'PY' || fail "status forecast is wrong: $(cat "$work/stdout")"
import json, sys
ledger = json.load(open(sys.argv[1]))["ledgers"][0]
failures = ledger["forecast"]["failures"]
got = [(f["id"], f["line"], f["object"], f["sqlstate"], f["certain"]) for f in failures]
assert got == [("2", 2, "public.users.phone", "42701", True),
               ("3", 2, "public.audit_log", "42P01", True)], got
assert failures[0]["error"] == 'column "phone" of relation "users" already exists', failures[0]
assert failures[1]["statement"].startswith("ALTER TABLE audit_log"), failures[1]
assert all(f["id"] != "4" for f in failures)  # the clean migration
assert ledger["forecast"]["statements_checked"] == 5, ledger["forecast"]
PY
expect_status 1 "$DRIFTWATCH_BIN" status --dsn "$dsn" --migrations-dir "golang-migrate=$migrations"
expect_contains "$work/stdout" 'will fail: 2 line 2: column "phone" of relation "users" already exists'
expect_contains "$work/stdout" 'will fail: 3 line 2: relation "audit_log" does not exist'

# The daemon: an event once, and the metric.
write_config "" "migrations_dirs = [\"golang-migrate=$migrations\"]"
start_daemon
wait_for 30 "the forecast event" has_events 1 migration_will_fail
curl -fsS "http://127.0.0.1:$http_port/metrics" >"$work/metrics"
expect_contains "$work/metrics" \
  'driftwatch_migrations_pending_will_fail{framework="golang-migrate",table="public.schema_migrations",target="shop"} 2'
wait_for_polls 2
expect_events 1 migration_will_fail
grep '"migration_will_fail"' "$state_dir/events.jsonl" >"$work/event"
expect_contains "$work/event" '"migrations":["2","3"]'
# While the migrations stay pending, polls reuse the forecast; a change to
# the schema must still reach it: dropping the column clears migration 2.
will_fail_metric_is() {
  curl -fsS "http://127.0.0.1:$http_port/metrics" |
    grep -qx "driftwatch_migrations_pending_will_fail{framework=\"golang-migrate\",table=\"public.schema_migrations\",target=\"shop\"} $1"
}
sql "ALTER TABLE users DROP COLUMN phone"
wait_for 30 "the forecast without migration 2" will_fail_metric_is 1
sql "ALTER TABLE users ADD COLUMN phone text"
wait_for 30 "the forecast with migration 2 again" will_fail_metric_is 2
stop_daemon

# Fixing the schema by hand clears the forecast for migration 2.
sql "ALTER TABLE users DROP COLUMN phone"
sql "CREATE TABLE audit_log (id int)"
expect_status 0 "$DRIFTWATCH_BIN" status --dsn "$dsn" --format json \
  --migrations-dir "golang-migrate=$migrations"
expect_contains "$work/stdout" '"failures": []'

# A migration that failed part-way: psql ran it statement by statement and
# stopped at the error; golang-migrate would leave the version dirty.
rm "$migrations"/[234]_*.sql
cat >"$migrations/5_orders.up.sql" <<'SQL'
CREATE TABLE orders (id int PRIMARY KEY, user_id int);
CREATE INDEX orders_user_idx ON orders (user_id);
ALTER TABLE missing_table ADD COLUMN note text;
CREATE TABLE shipments (id int PRIMARY KEY);
SQL
if psql -X -q -v ON_ERROR_STOP=1 "$dsn" -f "$migrations/5_orders.up.sql" >/dev/null 2>&1; then
  fail "the migration was meant to fail"
fi
sql "UPDATE schema_migrations SET version = 5, dirty = true"
expect_status 1 "$DRIFTWATCH_BIN" status --dsn "$dsn" --format json \
  --migrations-dir "golang-migrate=$migrations"
python3 - "$work/stdout" <<'PY' || fail "partial run is wrong: $(cat "$work/stdout")"
import json, sys
ledger = json.load(open(sys.argv[1]))["ledgers"][0]
assert ledger["state"] == "dirty", ledger["state"]
run = ledger["partial_runs"][0]
assert run["id"] == "5" and run["stopped_at_line"] == 3, run
states = [(s["line"], s["object"], s["state"]) for s in run["statements"]]
assert states == [(1, "public.orders", "applied"), (2, "public.orders_user_idx", "applied"),
                  (3, "public.missing_table.note", "not_applied"),
                  (4, "public.shipments", "not_applied")], states
assert "created table public.orders" in run["summary"], run["summary"]
assert "public.shipments" in run["summary"], run["summary"]
# The way out, made concrete: finish from the failed statement, or undo.
assert "from line 3 on" in ledger["next_step"], ledger["next_step"]
assert 'DROP INDEX "public"."orders_user_idx"; DROP TABLE "public"."orders"' in ledger["next_step"], ledger["next_step"]
print(run["summary"])
PY
echo "ok"
