# Shared by the daemon's end-to-end tests: a scratch database (tests/cli/lib.sh),
# a configuration for it, and a driftwatch daemon started and stopped around
# each scenario, observed through its event file, its log and its HTTP API.
# shellcheck source=../cli/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../cli/lib.sh"

state_dir="$work/state"
config="$work/driftwatch.toml"
daemon_log="$work/daemon.log"
daemon_pid=""
http_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

# write_config [DAEMON_LINES [MORE_TABLES]]: one target, "shop", polled every second.
write_config() {
  cat >"$config" <<CONF
[daemon]
state_dir = "$state_dir"
interval = "1s"
jitter = 0.0
shutdown_timeout = "5s"
lock_timeout = "${LOCK_TIMEOUT:-1s}"
statement_timeout = "30s"
${1:-}

[http]
listen = "127.0.0.1:$http_port"

[log]
level = "debug"

[[target]]
name = "shop"
dsn = "$dsn"
${2:-}
CONF
}

start_daemon() {
  "$DRIFTWATCH_BIN" run --config "$config" >>"$daemon_log" 2>&1 &
  daemon_pid=$!
  wait_for 30 "the HTTP endpoint" curl -fsS "http://127.0.0.1:$http_port/healthz"
}

stop_daemon() {  # stop_daemon [SIGNAL]
  [ -n "$daemon_pid" ] || return 0
  kill "-${1:-TERM}" "$daemon_pid" 2>/dev/null || true
  local status=0
  wait "$daemon_pid" || status=$?
  daemon_pid=""
  return "$status"
}

_watch_cleanup() {
  set +e
  [ -n "$daemon_pid" ] && kill -9 "$daemon_pid" 2>/dev/null
  if [ -n "${KEEP_LOG:-}" ] || [ "${_failed:-0}" = 1 ]; then cat "$daemon_log" >&2; fi
  cleanup
}
trap '_failed=1' ERR
trap _watch_cleanup EXIT

# wait_for SECONDS WHAT command...: retries the command until it succeeds.
wait_for() {
  local seconds=$1 what=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge "$deadline" ]; then
      echo "--- daemon log"; cat "$daemon_log"
      fail "timed out after ${seconds}s waiting for $what"
    fi
    sleep 0.2
  done
}

# count_events TYPE [OBJECT]: events of that type (about that object) in the file.
count_events() {
  python3 - "$state_dir/events.jsonl" "$1" "${2:-}" <<'PY'
import json, sys
path, kind, obj = sys.argv[1:]
n = 0
try:
    for line in open(path):
        e = json.loads(line)
        if e["type"] == kind and (not obj or any(c["object"] == obj for c in e["changes"])):
            n += 1
except FileNotFoundError:
    pass
print(n)
PY
}

has_events() {  # has_events N TYPE [OBJECT]
  [ "$(count_events "$2" "${3:-}")" -ge "$1" ]
}

expect_events() {  # expect_events N TYPE [OBJECT]: exactly N
  local got
  got=$(count_events "$2" "${3:-}")
  [ "$got" = "$1" ] || { cat "$state_dir/events.jsonl" >&2; fail "expected $1 $2 ${3:-} events, got $got"; }
}

# Every id in the event file once, increasing.
expect_event_file_sound() {
  python3 - "$state_dir/events.jsonl" <<'PY' || fail "event file is not sound"
import json, sys
ids = [json.loads(line)["id"] for line in open(sys.argv[1])]
assert ids == list(range(1, len(ids) + 1)), ids
PY
}

polls_done() {  # the number of polls finished, from the log
  grep -c "target shop: polled in" "$daemon_log" || true
}

polls_at_least() { [ "$(polls_done)" -ge "$1" ]; }

# wait_for_polls N: N more polls than now.
wait_for_polls() {
  wait_for 30 "$1 more polls" polls_at_least $(($(polls_done) + $1))
}

drift_objects() {  # the drifted objects of target shop, from /api/v1/targets
  curl -fsS "http://127.0.0.1:$http_port/api/v1/targets" |
    python3 -c 'import json,sys; print(" ".join(c["object"] for c in json.load(sys.stdin)["targets"][0]["drift"]))'
}
