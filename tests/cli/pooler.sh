#!/usr/bin/env bash
# driftwatch behind a real PgBouncer (Debian's, unpacked into .tools/ by
# scripts/install-deps.sh), in front of the throwaway server. PgBouncer
# either refuses the startup options that carry the session's timeouts and
# read-only default, or, with ignore_startup_parameters = options, drops
# them. Proves that driftwatch never reads through such a session:
# - refused: exit 2, libpq's message, and a hint that names the pooler;
# - dropped: exit 2, and an error naming the setting that did not take;
# - the same database, reached directly, gives a snapshot (exit 0).
# Exit 77 (skip) without the pgbouncer binary.
set -euo pipefail

: "${DRIFTWATCH_PGBOUNCER:?run through ctest, which sets DRIFTWATCH_PGBOUNCER}"
if ! [ -x "$DRIFTWATCH_PGBOUNCER" ] && ! command -v "$DRIFTWATCH_PGBOUNCER" >/dev/null; then
  echo "pgbouncer not installed (scripts/install-deps.sh)" >&2
  exit 77
fi
source "$(dirname "$0")/lib.sh"

# PgBouncer will not run as root; it runs as the server's user, as the
# server does, in a directory of its own that user can write.
as_server_user() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
bouncer="$work/pgbouncer"
mkdir -p "$bouncer"
[ "$(id -u)" != 0 ] || chown postgres "$bouncer"
chmod 755 "$work"
stop_bouncer() {
  [ -f "$bouncer/pid" ] || return 0
  as_server_user kill "$(cat "$bouncer/pid")" 2>/dev/null || true
  for _ in $(seq 50); do [ -f "$bouncer/pid" ] || return 0; sleep 0.1; done
}
trap 'stop_bouncer; cleanup' EXIT

server_host=$(sed -E 's/.*host=([^ ]+).*/\1/' <<<"$server")
server_port=$(sed -E 's/.*port=([0-9]+).*/\1/' <<<"$server")
server_user=$(sed -E 's/.*user=([^ ]+).*/\1/' <<<"$server")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

start_bouncer() {  # start_bouncer [EXTRA_SETTING]
  cat >"$bouncer/pgbouncer.ini" <<INI
[databases]
$db = host=$server_host port=$server_port dbname=$db
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $bouncer/users.txt
pool_mode = session
logfile = $bouncer/pgbouncer.log
pidfile = $bouncer/pid
${1:-}
INI
  echo "\"$server_user\" \"\"" >"$bouncer/users.txt"
  [ "$(id -u)" != 0 ] || chown postgres "$bouncer"/*
  as_server_user "$DRIFTWATCH_PGBOUNCER" -d "$bouncer/pgbouncer.ini" ||
    { cat "$bouncer/pgbouncer.log" >&2; fail "pgbouncer did not start"; }
  for _ in $(seq 50); do
    psql -X -At "host=127.0.0.1 port=$port dbname=$db user=$server_user" -c "SELECT 1" \
      >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  cat "$bouncer/pgbouncer.log" >&2
  fail "pgbouncer does not answer on port $port"
}

pooled="host=127.0.0.1 port=$port dbname=$db user=$server_user"
sql "CREATE TABLE users (id int PRIMARY KEY)"

start_bouncer
expect_status 2 "$DRIFTWATCH_BIN" snapshot --dsn "$pooled"
expect_contains "$work/stderr" "unsupported startup parameter"
expect_contains "$work/stderr" "hint: a connection pooler refused the startup options"
stop_bouncer

start_bouncer "ignore_startup_parameters = options"
expect_status 2 "$DRIFTWATCH_BIN" snapshot --dsn "$pooled"
expect_contains "$work/stderr" "the session did not take driftwatch's settings"
expect_contains "$work/stderr" "default_transaction_read_only is off, not on"
stop_bouncer

expect_status 0 "$DRIFTWATCH_BIN" snapshot --dsn "$dsn"
expect_contains "$work/stdout" "public.users"
echo "ok"
