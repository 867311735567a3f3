#!/usr/bin/env bash
# A tour of driftwatch: installs what is missing, builds, starts a throwaway
# PostgreSQL on 127.0.0.1 with a sample shop database, takes a snapshot,
# makes the kind of change someone makes by hand during an incident, and
# shows what driftwatch reports. Everything it starts is removed at the end.
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
cleanup() {
  set +e
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

say "2. Snapshot the schema (read-only; one catalog query per kind)"
run driftwatch snapshot --dsn "$dsn" --stats -o "$work/before.json"
echo
echo "The snapshot holds every object with its attributes and hashes:"
grep -E '"(root_hash|kind)"' "$work/before.json" | awk 'NR <= 12'
echo "The same, as canonical text (its SHA-256 is the root hash):"
driftwatch snapshot --dsn "$dsn" --format text | sed -n '/^table public.shop_order$/,/^table /p' | awk 'NR <= 8'

say "3. Someone changes production by hand, outside any migration"
cat <<'SQL' | tee /dev/stderr | psql -X -q -v ON_ERROR_STOP=1 "$dsn"
ALTER TABLE shop_order ADD COLUMN discount numeric(5, 2);
ALTER TABLE shop_customer ALTER COLUMN name TYPE varchar(200);
CREATE INDEX CONCURRENTLY shop_order_status_idx ON shop_order (status);
DROP VIEW shop_open_orders;
SQL

say "4. What driftwatch reports"
run driftwatch snapshot --dsn "$dsn" -o "$work/after.json"
status=0
run driftwatch diff "$work/before.json" "$work/after.json" || status=$?
echo "(exit status $status: 0 means equal, 1 means the schema drifted)"
echo
echo "The same changes as JSON, for programs:"
driftwatch diff --format json "$work/before.json" "$work/after.json" | grep '"kind"' | awk 'NR <= 4' || true

say "Done; the throwaway server and files are being removed"
