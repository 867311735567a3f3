#!/usr/bin/env bash
# node-pg-migrate itself writes the ledger: driftwatch reads it as
# node-pg-migrate's, in order, and finds a migration file not yet run.
# Needs npm and the npm registry; skipped (77) without.
source "$(dirname "$0")/../cli/lib.sh"
source "$(dirname "$0")/npm_tools.sh"
npm_tools node-pg-migrate@7 pg@8

port=$(sed -n 's/.*port=\([0-9]*\).*/\1/p' <<<"$server")
project="$work/project"
mkdir -p "$project/migrations"
for m in 1700000000000_create-users 1700000000001_add-email; do
  cat >"$project/migrations/$m.js" <<'JS'
exports.up = (pgm) => { pgm.sql("SELECT 1"); };
exports.down = false;
JS
done
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/$db"
(cd "$project" && node-pg-migrate up -m "$project/migrations" >/dev/null 2>&1) ||
  fail "node-pg-migrate up failed"
cat >"$project/migrations/1700000000002_add-phone.js" <<'JS'
exports.up = (pgm) => { pgm.sql("SELECT 1"); };
JS
expect_status 0 "$DRIFTWATCH_BIN" status --dsn "$dsn" --format json --migrations-dir "$project/migrations"
expect_contains "$work/stdout" '"framework": "node-pg-migrate"'
expect_contains "$work/stdout" '"state": "healthy"'
expect_contains "$work/stdout" '"id": "1700000000001_add-email"'
expect_contains "$work/stdout" '"id": "1700000000002_add-phone"'  # pending
echo "ok"
