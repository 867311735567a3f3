#!/usr/bin/env bash
# A password in a connection string never appears in driftwatch's output,
# whatever goes wrong; connection strings can come from the environment or a file.
source "$(dirname "$0")/lib.sh"

secret="hunter2-$RANDOM"
for bad in "host=127.0.0.1 port=1 user=app password=$secret connect_timeout=3" \
           "postgresql://app:$secret@127.0.0.1:1/app?connect_timeout=3" \
           "host=127.0.0.1 $secret" \
           "postgresql://app:$secret@127.0.0.1:1/app?bogus_option=1"; do
  expect_status 2 "$DRIFTWATCH_BIN" snapshot --dsn "$bad"
  expect_lacks "$work/stderr" "$secret"
  expect_lacks "$work/stdout" "$secret"
  expect_contains "$work/stderr" "driftwatch: error:"
done

# From the environment and from a file (not on the command line at all).
export DW_TEST_DSN="$dsn password=$secret"
expect_status 0 "$DRIFTWATCH_BIN" snapshot --dsn-env DW_TEST_DSN -o "$work/env.json"
echo "$dsn" >"$work/dsn"
expect_status 0 "$DRIFTWATCH_BIN" snapshot --dsn-file "$work/dsn" -o "$work/file.json"
expect_status 2 "$DRIFTWATCH_BIN" snapshot --dsn-env DW_TEST_UNSET_VARIABLE
expect_contains "$work/stderr" "DW_TEST_UNSET_VARIABLE"
echo "ok"
