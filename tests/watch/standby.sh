#!/usr/bin/env bash
# A target that is a hot standby: DDL run on the primary reaches it by WAL
# replay, which PostgreSQL's catalog activity counters do not count, so the
# daemon must fingerprint the catalog at every poll there. With
# full_check_every far out of reach, the change must still show up at once,
# as out-of-band drift on the right object. Uses a primary of its own and a
# standby made from it with pg_basebackup.
set -euo pipefail
here=$(dirname "$0")
pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
own="$(mktemp -d)"
standby=""
as_server_user() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
stop_servers() {
  if [ -n "$standby" ] && [ -d "$standby/data" ]; then
    as_server_user "$pg_bin/pg_ctl" -D "$standby/data" -m immediate -w stop >/dev/null 2>&1
  fi
  [ -z "$standby" ] || rm -rf "$standby"
  "$here/../pg/throwaway-pg.sh" stop "$own" >/dev/null 2>&1
  rm -rf "$own"
}
"$here/../pg/throwaway-pg.sh" start "$own" >/dev/null
trap stop_servers EXIT
DRIFTWATCH_TEST_PG="$own/conninfo"
export DRIFTWATCH_TEST_PG
source "$here/lib.sh"
trap '_watch_cleanup; stop_servers' EXIT

primary_dsn=$dsn
primary_port=$(sed -E 's/.*port=([0-9]+).*/\1/' "$own/conninfo")
sql "CREATE TABLE users (id int PRIMARY KEY, email text)"

# The standby: a base backup of the primary, streaming from it (-R).
standby=$(mktemp -d /tmp/driftwatch-test-standby.XXXXXX)
[ "$(id -u)" != 0 ] || chown postgres:postgres "$standby"
as_server_user "$pg_bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres \
  -D "$standby/data" -R -X stream -c fast >"$work/basebackup.log" 2>&1 ||
  { cat "$work/basebackup.log"; fail "pg_basebackup failed"; }
standby_port=""
for _ in $(seq 1 20); do
  port=$((20000 + RANDOM % 40000))
  if as_server_user "$pg_bin/pg_ctl" -D "$standby/data" -w -t 60 -l "$standby/server.log" \
    -o "-h 127.0.0.1 -p $port -k $standby" start >/dev/null 2>&1; then
    standby_port=$port
    break
  fi
done
[ -n "$standby_port" ] || { cat "$standby/server.log"; fail "the standby did not start"; }
standby_dsn="${primary_dsn/port=$primary_port/port=$standby_port}"
in_recovery() { [ "$(psql -X -At "$standby_dsn" -c 'SELECT pg_is_in_recovery()')" = t ]; }
wait_for 30 "the standby" in_recovery
replayed() {  # replayed SQL-CONDITION: true once the standby shows it
  [ "$(psql -X -At "$standby_dsn" -c "SELECT $1")" = t ]
}
wait_for 30 "users on the standby" replayed "to_regclass('public.users') IS NOT NULL"

# The daemon watches the standby; a fingerprint every 1000 polls would never
# come within this test.
dsn=$standby_dsn
write_config "full_check_every = 1000"
dsn=$primary_dsn
start_daemon
wait_for 30 "the baseline" has_events 1 baseline_created
wait_for_polls 2

sql "ALTER TABLE users ADD COLUMN nickname text"
wait_for 30 "nickname on the standby" replayed \
  "EXISTS (SELECT FROM pg_attribute WHERE attrelid = 'public.users'::regclass AND attname = 'nickname')"
wait_for 15 "drift on public.users.nickname" has_events 1 drift_detected public.users.nickname
expect_events 1 schema_changed
grep -q "catalog read" "$daemon_log" || fail "the daemon logged no catalog read"
stop_daemon
echo "ok"
