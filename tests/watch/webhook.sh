#!/usr/bin/env bash
# The webhook: events reach a receiver that was down when they happened, in
# order and once each, also across a daemon restart; a receiver answering
# 500 is retried with backoff, not skipped.
source "$(dirname "$0")/lib.sh"

receiver_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
received="$work/received.jsonl"
receiver_pid=""
# A receiver that appends each POSTed body to a file; "fail" makes it answer 500.
start_receiver() {
  python3 - "$receiver_port" "$received" "${1:-ok}" <<'PY' &
import http.server, sys
port, path, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]
class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if mode == "fail":
            self.send_response(500); self.end_headers(); return
        with open(path, "ab") as out:
            out.write(body + b"\n")
        self.send_response(204); self.end_headers()
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", port), Receiver).serve_forever()
PY
  receiver_pid=$!
  wait_for 30 "the receiver" python3 -c "import socket; socket.create_connection(('127.0.0.1', $receiver_port))"
}
stop_receiver() { kill "$receiver_pid"; wait "$receiver_pid" 2>/dev/null || true; receiver_pid=""; }
trap '[ -n "$receiver_pid" ] && kill "$receiver_pid"; _watch_cleanup' EXIT

received_count() { [ -f "$received" ] && wc -l <"$received" || echo 0; }
received_at_least() { [ "$(received_count)" -ge "$1" ]; }

sql "CREATE TABLE users (id int PRIMARY KEY)"
write_config "" "$(printf '\n[webhook]\nurl = "http://127.0.0.1:%s/events"\ntimeout = "2s"\nmax_backoff = "2s"' "$receiver_port")"

# The receiver is down while the baseline and a drift happen.
start_daemon
wait_for 30 "the baseline" has_events 1 baseline_created
sql "ALTER TABLE users ADD COLUMN nickname text"
wait_for 30 "drift" has_events 1 drift_detected public.users.nickname
wait_for 30 "a failed delivery" grep -q "webhook http://127.0.0.1:$receiver_port/events: event 1 not delivered" "$daemon_log"

# A receiver that answers 500 gets retries, and nothing counts as delivered.
start_receiver fail
wait_for 30 "a 500 answer" grep -q "not delivered (HTTP 500)" "$daemon_log"
stop_receiver
[ "$(received_count)" = 0 ] || fail "a failed delivery was recorded"

# Up again: every event arrives, in order.
start_receiver
wait_for 60 "the stored events" received_at_least 3
stop_daemon

# Events while the daemon is down (accept writes one) and after a restart.
expect_status 0 "$DRIFTWATCH_BIN" accept --config "$config" --target shop
start_daemon
sql "ALTER TABLE users ADD COLUMN email text"
wait_for 30 "drift on email" has_events 1 drift_detected public.users.email
total=$(wc -l <"$state_dir/events.jsonl")
wait_for 60 "all $total events delivered" received_at_least "$total"
sleep 2  # give a duplicate, if any, the time to show up
stop_daemon
python3 - "$received" "$state_dir/events.jsonl" <<'PY' || fail "the receiver did not get every event once, in order"
import json, sys
got = [json.loads(l) for l in open(sys.argv[1])]
stored = [json.loads(l) for l in open(sys.argv[2])]
assert got == stored, ([e["id"] for e in got], [e["id"] for e in stored])
PY
echo "ok"
