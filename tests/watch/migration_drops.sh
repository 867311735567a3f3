#!/usr/bin/env bash
# A dropped object leaves no catalog row to date it. When the migrations of
# its window have SQL files (migrations_dirs), driftwatch reads them: what a
# migration drops is the migration's, what none of them drops or alters is
# out-of-band, even in the same window.
source "$(dirname "$0")/lib.sh"

migrations="$work/migrations"
mkdir -p "$migrations"
cat >"$migrations/1_init.up.sql" <<'SQL'
CREATE TABLE users (id int PRIMARY KEY, email text);
CREATE INDEX users_email_idx ON users (email);
CREATE TABLE legacy (id int);
CREATE TABLE old_stuff (id int);
SQL
sql "$(cat "$migrations/1_init.up.sql")"
sql "CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL)"
sql "INSERT INTO schema_migrations VALUES (1, false)"
write_config "" "migrations_dirs = [\"golang-migrate=$migrations\"]"
start_daemon
wait_for 30 "the baseline" has_events 1 baseline_created
stop_daemon

# While the daemon is stopped (one window): migration 2 drops legacy, and
# someone drops an index and a table by hand.
echo "DROP TABLE legacy;" >"$migrations/2_drop_legacy.up.sql"
sql "DROP TABLE legacy"
sql "UPDATE schema_migrations SET version = 2"
sql "DROP INDEX users_email_idx"
sql "DROP TABLE old_stuff"
start_daemon
wait_for 30 "the migration" has_events 1 migration_applied
wait_for 30 "the drift" has_events 1 drift_detected public.users_email_idx

python3 - "$state_dir/events.jsonl" <<'PY' || fail "drops attributed wrongly: $(cat "$state_dir/events.jsonl")"
import json, sys
causes = {}
for line in open(sys.argv[1]):
    event = json.loads(line)
    if event["type"] != "schema_changed":
        continue
    for change in event["changes"]:
        p = change["provenance"]
        causes[change["object"]] = (change["change"], p["cause"], p["confidence"], p.get("migration"))
want = {
    "public.legacy": ("removed", "migration", "sql", "2"),
    "public.legacy.id": ("removed", "migration", "sql", "2"),
    "public.users_email_idx": ("removed", "out_of_band", "sql", None),
    "public.old_stuff": ("removed", "out_of_band", "sql", None),
    "public.old_stuff.id": ("removed", "out_of_band", "sql", None),
}
assert causes == want, causes
PY
[ "$(drift_objects)" = "public.old_stuff public.old_stuff.id public.users_email_idx" ] ||
  fail "drift: $(drift_objects)"
stop_daemon
echo "ok"
