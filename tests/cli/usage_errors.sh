#!/usr/bin/env bash
# Usage: --help and --version succeed; bad usage exits 2 with a message.
source "$(dirname "$0")/lib.sh"

expect_status 0 "$DRIFTWATCH_BIN" --help
expect_contains "$work/stdout" "snapshot"
expect_contains "$work/stdout" "diff"
expect_status 0 "$DRIFTWATCH_BIN" snapshot --help
expect_contains "$work/stdout" "--partitions"
expect_status 0 "$DRIFTWATCH_BIN" --version
expect_contains "$work/stdout" "driftwatch "
expect_status 2 "$DRIFTWATCH_BIN"
expect_status 2 "$DRIFTWATCH_BIN" frobnicate
expect_status 2 "$DRIFTWATCH_BIN" snapshot --format yaml
expect_status 2 "$DRIFTWATCH_BIN" snapshot --exclude-kind tables --dsn "$dsn"
expect_contains "$work/stderr" "unknown kind \"tables\""
expect_status 2 "$DRIFTWATCH_BIN" diff only-one-file
echo "ok"
