#!/usr/bin/env bash
# Provenance against a real server: in one poll window, a migration that
# writes its ledger row with its DDL and a manual change are told apart by
# transaction; Prisma-style ledger writes around the DDL attribute it by
# window; a dropped column is dated by the row it leaves; the lower bound
# survives a restart of driftwatch.
source "$(dirname "$0")/lib.sh"

check_json() {  # check_json: one `check` poll, its JSON in $work/check.json
  local status=0
  "$DRIFTWATCH_BIN" check --config "$config" --format json >"$work/check.json" 2>"$work/check.err" ||
    status=$?
  [ "$status" -le 1 ] || { cat "$work/check.err" >&2; fail "check failed with $status"; }
}

# cause_of OBJECT: "CAUSE CONFIDENCE MIGRATION" of the object's change in the last check.
cause_of() {
  python3 - "$work/check.json" "$1" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
for target in doc["targets"]:
    for change in target["changes"]:
        if change["object"] == sys.argv[2]:
            p = change["provenance"]
            print(p["cause"], p["confidence"], p.get("migration", "-"))
            sys.exit(0)
print("absent")
PY
}

drifted() {
  python3 -c 'import json,sys; print(" ".join(sorted(c["object"] for t in json.load(open(sys.argv[1]))["targets"] for c in t["drift"])))' "$work/check.json"
}

sql "CREATE TABLE users (id int PRIMARY KEY, email text, legacy text)"
sql "CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL)"
sql "INSERT INTO schema_migrations VALUES (1, false)"
write_config
check_json  # the baseline

# 1. One window: the migration's column and its ledger row in one
# transaction, then a column added by hand, then one more by hand *before*
# the next migration.
psql -X -q -v ON_ERROR_STOP=1 "$dsn" >/dev/null <<'SQL'
BEGIN;
ALTER TABLE users ADD COLUMN phone text;
UPDATE schema_migrations SET version = 2;
COMMIT;
ALTER TABLE users ADD COLUMN nickname text;
SQL
check_json
[ "$(cause_of public.users.phone)" = "migration exact 2" ] ||
  fail "phone: $(cause_of public.users.phone)"
[ "$(cause_of public.users.nickname)" = "out_of_band exact -" ] ||
  fail "nickname: $(cause_of public.users.nickname)"
[ "$(drifted)" = "public.users.nickname" ] || fail "drift: $(drifted)"
python3 - "$work/check.json" <<'PY' || fail "transaction ids or commit times missing"
import json, sys
doc = json.load(open(sys.argv[1]))
changes = {c["object"]: c["provenance"] for c in doc["targets"][0]["changes"]}
phone, nick = changes["public.users.phone"], changes["public.users.nickname"]
assert phone["transaction"] < nick["transaction"], (phone, nick)
# The throwaway server runs with track_commit_timestamp = on.
assert phone["committed_at"] and nick["committed_at"] >= phone["committed_at"], (phone, nick)
events = [e for e in doc["targets"][0]["events"] if e["type"] == "schema_changed"]
assert sorted(e["cause"] for e in events) == ["migration", "out_of_band"], events
PY

# 2. Prisma-style: the row is inserted before the script and completed after
# it, each in its own transaction; a manual index follows in the same window.
psql -X -q -v ON_ERROR_STOP=1 "$dsn" >/dev/null <<'SQL'
CREATE TABLE _prisma_migrations (
  id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, finished_at timestamptz,
  migration_name varchar(255) NOT NULL, logs text, rolled_back_at timestamptz,
  started_at timestamptz NOT NULL DEFAULT now(), applied_steps_count integer NOT NULL DEFAULT 0);
SQL
check_json  # the ledger table itself arrives out-of-band; start the next window clean
psql -X -q -v ON_ERROR_STOP=1 "$dsn" >/dev/null <<'SQL'
INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ('a1', 'c1', '20261124_orders');
CREATE TABLE orders (id int PRIMARY KEY, user_id int);
CREATE INDEX orders_user_idx ON orders (user_id);
UPDATE _prisma_migrations SET finished_at = now(), applied_steps_count = 1 WHERE id = 'a1';
CREATE INDEX users_email_idx ON users (email);
SQL
check_json
[ "$(cause_of public.orders)" = "migration window 20261124_orders" ] ||
  fail "orders: $(cause_of public.orders)"
[ "$(cause_of public.orders_user_idx)" = "migration window 20261124_orders" ] ||
  fail "orders_user_idx: $(cause_of public.orders_user_idx)"
[ "$(cause_of public.users_email_idx)" = "out_of_band exact -" ] ||
  fail "users_email_idx: $(cause_of public.users_email_idx)"
expect_contains "$work/check.json" '"public.users_email_idx"'

# 3. A dropped column, by migration: dated by the row it leaves behind.
psql -X -q -v ON_ERROR_STOP=1 "$dsn" >/dev/null <<'SQL'
BEGIN;
ALTER TABLE users DROP COLUMN legacy;
UPDATE schema_migrations SET version = 3;
COMMIT;
SQL
check_json
[ "$(cause_of public.users.legacy)" = "migration exact 3" ] ||
  fail "legacy: $(cause_of public.users.legacy)"

# 4. A table created by a migration keeps its cause when a foreign key added
# by hand afterwards rewrites its pg_class row.
psql -X -q -v ON_ERROR_STOP=1 "$dsn" >/dev/null <<'SQL'
BEGIN;
CREATE TABLE invoices (id int PRIMARY KEY);
UPDATE schema_migrations SET version = 4;
COMMIT;
ALTER TABLE orders ADD CONSTRAINT orders_invoice_fk FOREIGN KEY (id) REFERENCES invoices (id);
SQL
check_json
[ "$(cause_of public.invoices)" = "migration exact 4" ] ||
  fail "invoices: $(cause_of public.invoices)"
[ "$(cause_of public.orders.orders_invoice_fk)" = "out_of_band exact -" ] ||
  fail "orders_invoice_fk: $(cause_of public.orders.orders_invoice_fk)"

# 5. A Prisma migration that failed part-way: its row was written first and
# never finished; what ran after it, with no ledger write since, is its own.
psql -X -q -v ON_ERROR_STOP=1 "$dsn" >/dev/null <<'SQL'
INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ('b1', 'c2', '20261125_partial');
CREATE TABLE partial_t (id int);
SQL
check_json
[ "$(cause_of public.partial_t)" = "migration window 20261125_partial" ] ||
  fail "partial_t: $(cause_of public.partial_t)"
expect_lacks <(drifted | tr ' ' '\n') public.partial_t
sql "UPDATE _prisma_migrations SET rolled_back_at = now() WHERE id = 'b1'"
check_json

# 6. The lower bound is kept in the state: a fresh process still dates a
# change made while nothing ran.
sql "ALTER TABLE orders ADD COLUMN note text"
check_json
[ "$(cause_of public.orders.note)" = "out_of_band exact -" ] ||
  fail "note after restart: $(cause_of public.orders.note)"
echo "ok"
