#!/usr/bin/env bash
# The daemon end to end: baseline; an out-of-band ALTER TABLE is drift on the
# right object; a migration that writes its ledger row with its DDL is not;
# drift survives a later migration and a restart; a change made while the
# daemon is stopped is found; accept clears drift; /metrics passes promtool.
source "$(dirname "$0")/lib.sh"

sql "CREATE TABLE users (id int PRIMARY KEY, email text)"
sql "CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL)"
sql "INSERT INTO schema_migrations VALUES (1, false)"
write_config
start_daemon
wait_for 30 "the baseline" has_events 1 baseline_created
wait_for 30 "readiness" curl -fsS "http://127.0.0.1:$http_port/readyz"

# Out-of-band: a column added by hand.
sql "ALTER TABLE users ADD COLUMN nickname text"
wait_for 30 "drift on the new column" has_events 1 drift_detected public.users.nickname
expect_events 1 schema_changed public.users.nickname
grep -q '"cause":"out_of_band"' "$state_dir/events.jsonl" || fail "no out_of_band cause"
[ "$(drift_objects)" = "public.users.nickname" ] || fail "drift set: $(drift_objects)"
curl -fsS "http://127.0.0.1:$http_port/metrics" >"$work/metrics"
expect_contains "$work/metrics" 'driftwatch_drift{target="shop"} 1'
expect_contains "$work/metrics" 'driftwatch_drifted_objects{kind="column",target="shop"} 1'
expect_contains "$work/metrics" 'driftwatch_target_up{target="shop"} 1'
"$DRIFTWATCH_PROMTOOL" check metrics <"$work/metrics" || fail "promtool check metrics failed on /metrics"

# A migration: DDL and ledger row in one transaction (golang-migrate style).
psql -X -q -v ON_ERROR_STOP=1 "$dsn" >/dev/null <<'SQL'
BEGIN;
CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users);
UPDATE schema_migrations SET version = 2;
COMMIT;
SQL
wait_for 30 "the migration" has_events 1 migration_applied
wait_for 30 "the migration's changes" has_events 1 schema_changed public.orders
python3 - "$state_dir/events.jsonl" <<'PY' || fail "the migration's changes were not attributed to it"
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
changed = [e for e in events if e["type"] == "schema_changed" and any(c["object"] == "public.orders" for c in e["changes"])]
assert changed[0]["cause"] == "migration" and changed[0]["migrations"] == ["2"], changed
PY
expect_events 0 drift_detected public.orders
# Both changes were read in part: only the relations they touched (the
# first poll had read everything).
[ "$(grep -c 'target shop: polled in .*catalog read in part' "$daemon_log")" -ge 2 ] ||
  fail "the changes were not read in part: $(grep 'target shop: polled in' "$daemon_log" | grep -v unchanged)"
curl -fsS "http://127.0.0.1:$http_port/metrics" >"$work/metrics"
grep -Eq '^driftwatch_catalog_reads_total\{read="partial",target="shop"\} [2-9]' "$work/metrics" ||
  fail "partial reads not counted: $(grep catalog_reads "$work/metrics")"
# Drift survives the migration.
[ "$(drift_objects)" = "public.users.nickname" ] || fail "drift set after migration: $(drift_objects)"

# Drift survives a restart, and is not reported twice. The catalog did not
# change, so the new daemon's first poll compares the stored fingerprint
# instead of reading the whole catalog.
stop_daemon
first_new=$(($(polls_done) + 1))
start_daemon
wait_for_polls 2
first_poll_line() { grep 'target shop: polled in' "$daemon_log" | sed -n "${first_new}p"; }
first_poll_line | grep -q 'catalog unchanged' || fail "first poll after a restart: $(first_poll_line)"
[ "$(drift_objects)" = "public.users.nickname" ] || fail "drift set after restart: $(drift_objects)"
expect_events 1 drift_detected public.users.nickname

# A change made while the daemon is stopped is found when it comes back.
stop_daemon
sql "CREATE INDEX users_email_idx ON users (email)"
first_new=$(($(polls_done) + 1))
start_daemon
wait_for 30 "the change made while stopped" has_events 1 drift_detected public.users_email_idx
first_poll_line | grep -q 'catalog read whole' || fail "first poll after a change: $(first_poll_line)"

# Accept one object; the other stays drift. Works while the daemon runs.
expect_status 0 "$DRIFTWATCH_BIN" accept --config "$config" --target shop \
  --object public.users.nickname --reason "hotfix INC-7, kept"
expect_contains "$work/stdout" "accepted"
wait_for_polls 2
[ "$(drift_objects)" = "public.users_email_idx" ] || fail "drift set after accept: $(drift_objects)"
expect_events 1 accepted public.users.nickname
grep -q 'INC-7' "$state_dir/events.jsonl" || fail "the reason is not in the event"
expect_status 2 "$DRIFTWATCH_BIN" accept --config "$config" --target shop --object public.nope
expect_contains "$work/stderr" "is not a drifted object"

# Dropping the index by hand returns the schema to its baseline.
sql "DROP INDEX users_email_idx"
wait_for 30 "drift resolved" has_events 1 drift_resolved public.users_email_idx
[ -z "$(drift_objects)" ] || fail "drift left: $(drift_objects)"
curl -fsS "http://127.0.0.1:$http_port/metrics" >"$work/metrics"
expect_contains "$work/metrics" 'driftwatch_drift{target="shop"} 0'

# The event stream over HTTP matches the file.
curl -fsS "http://127.0.0.1:$http_port/api/v1/events?since=0&limit=1000" >"$work/api_events"
python3 - "$work/api_events" "$state_dir/events.jsonl" <<'PY' || fail "API events differ from the file"
import json, sys
api = json.load(open(sys.argv[1]))
file = [json.loads(l) for l in open(sys.argv[2])]
assert api["events"] == file and api["last_id"] == file[-1]["id"], (len(api["events"]), len(file))
PY
stop_daemon
expect_event_file_sound
expect_contains "$daemon_log" "SIGTERM received: stopping"

# A change that writes neither pg_class nor pg_attribute, made while the
# daemon is stopped, is found too: the stored fingerprint covers it.
sql "COMMENT ON TABLE users IS 'customers'"
first_new=$(($(polls_done) + 1))
start_daemon
wait_for 30 "the comment made while stopped" has_events 1 drift_detected public.users
first_poll_line | grep -q 'catalog read whole' || fail "first poll after a comment: $(first_poll_line)"
stop_daemon

# Renaming a role writes only pg_authid, shared by every database, yet a
# privilege of it on users is printed with its name: found at restart too.
role="dw_lifecycle_$$"
changed_before=$(count_events schema_changed public.users)
sql "CREATE ROLE $role; GRANT SELECT ON users TO $role"
start_daemon
wait_for 30 "the grant" has_events $((changed_before + 1)) schema_changed public.users
stop_daemon
sql "ALTER ROLE $role RENAME TO ${role}_renamed"
first_new=$(($(polls_done) + 1))
start_daemon
wait_for 30 "the role renamed while stopped" has_events $((changed_before + 2)) schema_changed public.users
first_poll_line | grep -q 'catalog read whole' || fail "first poll after a role rename: $(first_poll_line)"
stop_daemon
sql "REVOKE ALL ON users FROM ${role}_renamed; DROP ROLE ${role}_renamed"

# catalog_read = "whole": a change is read with the whole catalog.
write_config 'catalog_read = "whole"'
start_daemon
wait_for_polls 2
in_part_before=$(grep -c 'catalog read in part' "$daemon_log" || true)
sql "ALTER TABLE users ADD COLUMN read_whole int"
wait_for 30 "the column read whole" has_events 1 drift_detected public.users.read_whole
stop_daemon
[ "$(grep -c 'catalog read in part' "$daemon_log" || true)" = "$in_part_before" ] ||
  fail "catalog_read = \"whole\" still read in part"
expect_lacks "$daemon_log" "password"
echo "ok"
