#!/usr/bin/env bash
# driftwatch snapshot: the text format is the canonical text whose SHA-256 is
# the JSON's root hash; -o writes atomically; --stats and --show-queries.
source "$(dirname "$0")/lib.sh"

sql "CREATE TABLE t (id int PRIMARY KEY, note text); CREATE INDEX t_note_idx ON t (note)"
expect_status 0 "$DRIFTWATCH_BIN" snapshot --dsn "$dsn" --format json -o "$work/s.json"
expect_status 0 "$DRIFTWATCH_BIN" snapshot --dsn "$dsn" --format text
cp "$work/stdout" "$work/s.txt"
root=$(sed -n 's/^  "root_hash": "\([0-9a-f]*\)",$/\1/p' "$work/s.json")
[ ${#root} = 64 ] || fail "no root hash in the JSON snapshot"
[ "$(sha256sum <"$work/s.txt" | cut -d' ' -f1)" = "$root" ] ||
  fail "sha256 of the text format differs from the JSON root hash"
expect_contains "$work/s.txt" "index public.t_note_idx"
ls "$work" | grep -q '\.tmp\.' && fail "a temporary file was left behind"

# Writing to a device writes through it rather than replacing it.
expect_status 0 "$DRIFTWATCH_BIN" snapshot --dsn "$dsn" -o /dev/null
[ -c /dev/null ] || fail "/dev/null is no longer a device"

# --stats reports each catalog query on stderr, not in the snapshot.
expect_status 0 "$DRIFTWATCH_BIN" snapshot --dsn "$dsn" --stats -o "$work/s2.json"
expect_contains "$work/stderr" "columns"
expect_contains "$work/stderr" "committed"
cmp -s "$work/s.json" "$work/s2.json" || fail "two snapshots of one schema differ"

# --show-queries prints the SQL without connecting.
expect_status 0 "$DRIFTWATCH_BIN" snapshot --show-queries --dsn "host=127.0.0.1 port=1"
expect_contains "$work/stdout" "-- indexes"
expect_contains "$work/stdout" "FROM pg_index"
echo "ok"
