#!/usr/bin/env bash
# driftwatch diff exits 0 for equal snapshots, 1 for different ones, 2 for
# errors, like diff(1); it reads both formats and names the changed attribute.
source "$(dirname "$0")/lib.sh"

sql "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100))"
expect_status 0 "$DRIFTWATCH_BIN" snapshot --dsn "$dsn" -o "$work/a.json"
expect_status 0 "$DRIFTWATCH_BIN" snapshot --dsn "$dsn" -o "$work/b.json"
expect_status 0 "$DRIFTWATCH_BIN" diff "$work/a.json" "$work/b.json"
expect_contains "$work/stdout" "no differences"

sql "ALTER TABLE users ALTER COLUMN email TYPE text; ALTER TABLE users ADD COLUMN phone text"
expect_status 0 "$DRIFTWATCH_BIN" snapshot --dsn "$dsn" --format text -o "$work/c.txt"
expect_status 1 "$DRIFTWATCH_BIN" diff "$work/a.json" "$work/c.txt"
expect_contains "$work/stdout" "~ column public.users.email"
expect_contains "$work/stdout" "    type: character varying(100) -> text"
expect_contains "$work/stdout" "+ column public.users.phone"
expect_contains "$work/stdout" "2 objects differ: 1 added, 0 removed, 1 changed"

expect_status 1 "$DRIFTWATCH_BIN" diff --format json "$work/a.json" "$work/c.txt"
expect_contains "$work/stdout" '"equal": false'
expect_contains "$work/stdout" '{"kind":"column","object":"public.users.email","change":"changed","attributes":[{"name":"type","before":"character varying(100)","after":"text"}]}'

# Ignore rules apply to both sides.
expect_status 0 "$DRIFTWATCH_BIN" diff --exclude 'column:public.users.*' "$work/a.json" "$work/c.txt"

# Standard input for one side.
expect_status 1 "$DRIFTWATCH_BIN" diff - "$work/c.txt" <"$work/a.json"

# Errors: a missing file, a file that is no snapshot, both sides on stdin.
expect_status 2 "$DRIFTWATCH_BIN" diff "$work/a.json" "$work/missing.json"
expect_contains "$work/stderr" "missing.json"
echo '{"format": "something else", "version": 1, "objects": []}' >"$work/other.json"
expect_status 2 "$DRIFTWATCH_BIN" diff "$work/a.json" "$work/other.json"
expect_contains "$work/stderr" "not a driftwatch snapshot"
expect_status 2 "$DRIFTWATCH_BIN" diff - - </dev/null
echo "ok"
