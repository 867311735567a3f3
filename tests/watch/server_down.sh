#!/usr/bin/env bash
# The database server dies while a poll is running (the poll waits on a lock
# when it happens): target_down, then target_up when it is back, and no
# false drift. Uses a server of its own, since it stops it.
set -euo pipefail
here=$(dirname "$0")
own="$(mktemp -d)"
"$here/../pg/throwaway-pg.sh" start "$own" >/dev/null
trap '"$here/../pg/throwaway-pg.sh" stop "$own" >/dev/null 2>&1; rm -rf "$own"' EXIT
DRIFTWATCH_TEST_PG="$own/conninfo"
export DRIFTWATCH_TEST_PG
# A long lock timeout keeps the poll waiting long enough to kill the server under it.
LOCK_TIMEOUT=60s
source "$here/lib.sh"
trap '_watch_cleanup; "$here/../pg/throwaway-pg.sh" stop "$own" >/dev/null 2>&1; rm -rf "$own"' EXIT

datadir=$(cat "$own/datadir")/data
pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
as_server_user() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

sql "CREATE TABLE users (id int PRIMARY KEY)"
sql "CREATE VIEW active_users AS SELECT id FROM users"
write_config
start_daemon
wait_for 30 "the baseline" has_events 1 baseline_created

# Hold the view so that the next catalog read waits on it, then move the
# catalog counters with a temporary table (not part of any snapshot).
coproc HOLDER { psql -X -q "$dsn" 2>&1; }
echo "BEGIN; LOCK TABLE active_users IN ACCESS EXCLUSIVE MODE; SELECT 'locked';" >&"${HOLDER[1]}"
read -r -t 10 line <&"${HOLDER[0]}" || fail "could not take the lock"
sql "CREATE TEMP TABLE scratch (x int)"
waiting() {
  [ "$(psql -X -At "$dsn" -c "SELECT count(*) FROM pg_stat_activity
     WHERE application_name = 'driftwatch' AND wait_event_type = 'Lock'")" = 1 ]
}
wait_for 30 "a poll waiting on the lock" waiting

as_server_user "$pg_bin/pg_ctl" -D "$datadir" -m immediate -w stop >/dev/null
wait_for 30 "target_down" has_events 1 target_down
curl -fsS "http://127.0.0.1:$http_port/metrics" >"$work/metrics"
expect_contains "$work/metrics" 'driftwatch_target_up{target="shop"} 0'
expect_contains "$work/metrics" 'driftwatch_poll_errors_total{reason="connect",target="shop"}'
# The daemon keeps serving and does not repeat target_down while it is down.
wait_for_polls 0
sleep 3
expect_events 1 target_down

port=$(sed -E 's/.*port=([0-9]+).*/\1/' "$own/conninfo")
as_server_user "$pg_bin/pg_ctl" -D "$datadir" -w -l "$datadir/server.log" \
  -o "-h 127.0.0.1 -p $port -k $datadir/.." start >/dev/null
wait_for 60 "target_up" has_events 1 target_up
wait_for_polls 2
expect_events 0 drift_detected
expect_events 0 schema_changed
stop_daemon
expect_lacks "$daemon_log" "password="
echo "ok"
