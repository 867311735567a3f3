#!/usr/bin/env bash
# A tour of driftwatch: installs what is missing, builds, starts a throwaway
# PostgreSQL on 127.0.0.1 with a sample shop database and the driftwatch
# daemon watching it, makes the kind of change someone makes by hand during
# an incident, and shows what driftwatch reports: the event, the metrics and
# a one-shot check. Everything it starts is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

say "Installing what is missing and building (first run: a few minutes)"
scripts/install-deps.sh
cmake -S . -B build-demo -DCMAKE_BUILD_TYPE=Release -DDRIFTWATCH_BUILD_TESTS=OFF >/dev/null
cmake --build build-demo -j"$jobs" >/dev/null
driftwatch() { build-demo/daemon/driftwatch "$@"; }

work=$(mktemp -d /tmp/driftwatch-demo.XXXXXX)
daemon_pid=""
cleanup() {
  set +e
  [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
  tests/pg/throwaway-pg.sh stop "$work/pg" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

say "Starting a throwaway PostgreSQL with a sample shop database"
tests/pg/throwaway-pg.sh start "$work/pg"
server=$(cat "$work/pg/conninfo")
psql -X -q "$server" -c "CREATE DATABASE shop"
dsn="${server/dbname=postgres/dbname=shop}"
psql -X -q -v ON_ERROR_STOP=1 "$dsn" -f scripts/demo/shop.sql

say "1. What the migration tool thinks happened (its ledger)"
run driftwatch status --dsn "$dsn" || true

say "2. Start the daemon: it records a baseline of the schema"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/driftwatch.toml" <<CONF
[daemon]
state_dir = "$work/state"
interval = "2s"
jitter = 0.0

[http]
listen = "127.0.0.1:$port"

[[target]]
name = "shop"
dsn = "$dsn"
CONF
cat "$work/driftwatch.toml"
# The binary itself, not the shell function: $! must be the daemon to stop it.
build-demo/daemon/driftwatch run --config "$work/driftwatch.toml" >"$work/daemon.log" 2>&1 &
daemon_pid=$!
wait_for_event() {
  for _ in $(seq 1 100); do
    grep -q "\"type\":\"$1\"" "$work/state/events.jsonl" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "no $1 event came; the daemon's log:" >&2
  cat "$work/daemon.log" >&2
  return 1
}
wait_for_event baseline_created
cat "$work/daemon.log"

say "3. Someone changes production by hand, outside any migration"
cat <<'SQL' | tee /dev/stderr | psql -X -q -v ON_ERROR_STOP=1 "$dsn"
ALTER TABLE shop_order ADD COLUMN discount numeric(5, 2);
ALTER TABLE shop_customer ALTER COLUMN name TYPE varchar(200);
CREATE INDEX CONCURRENTLY shop_order_status_idx ON shop_order (status);
DROP VIEW shop_open_orders;
SQL
wait_for_event drift_detected

say "4. What driftwatch reports"
echo "The daemon's log (also in the journal under systemd):"
grep "event " "$work/daemon.log" | tail -n 2
echo
echo "The event, as JSON Lines in the state directory and on GET /api/v1/events:"
grep '"drift_detected"' "$work/state/events.jsonl" | python3 -m json.tool | awk 'NR <= 24'
echo "    ..."
echo
echo "Prometheus metrics on http://127.0.0.1:$port/metrics:"
curl -fsS "http://127.0.0.1:$port/metrics" | grep -E '^driftwatch_(drift\{|target_up|drifted_objects\{kind="(column|index|view)")'
echo
kill -TERM "$daemon_pid"
wait "$daemon_pid" || true
echo "And for cron or CI, one poll with the same state (exit 1: drift):"
status=0
run driftwatch check --config "$work/driftwatch.toml" || status=$?
echo "(exit status $status)"

say "Done; the throwaway server and files are being removed"
