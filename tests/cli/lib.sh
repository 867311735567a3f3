# Shared by the command-line tests: a scratch database on the throwaway
# server (tests/pg/throwaway-pg.sh), dropped on exit, and small assertions.
set -euo pipefail

: "${DRIFTWATCH_BIN:?run through ctest, which sets DRIFTWATCH_BIN}"
: "${DRIFTWATCH_TEST_PG:?run through ctest, whose pg fixture writes DRIFTWATCH_TEST_PG}"
server=$(cat "$DRIFTWATCH_TEST_PG")
db="dw_cli_$$_${RANDOM}"
dsn="${server/dbname=postgres/dbname=$db}"
work=$(mktemp -d)

cleanup() {
  set +e
  psql -X -q "$server" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
psql -X -q "$server" -c "CREATE DATABASE $db" >/dev/null

sql() { psql -X -q -v ON_ERROR_STOP=1 "$dsn" -c "$1" >/dev/null; }

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_status N command...: runs the command, fails unless it exits with N.
expect_status() {
  local want=$1; shift
  local got=0
  "$@" >"$work/stdout" 2>"$work/stderr" || got=$?
  if [ "$got" != "$want" ]; then
    echo "--- stdout"; cat "$work/stdout"; echo "--- stderr"; cat "$work/stderr"
    fail "'$*' exited $got, expected $want"
  fi
}

expect_contains() {  # expect_contains FILE TEXT
  grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 lacks: $2"; }
}

expect_lacks() {  # expect_lacks FILE TEXT
  if grep -qF -- "$2" "$1"; then cat "$1" >&2; fail "$1 contains: $2"; fi
}
