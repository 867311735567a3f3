# Shared by the benchmark scripts (sourced, from the repository's top folder):
# finding their inputs, timing, and stopping what they started.

# bench_make_schema: the path of make-schema.sh (MAKE_SCHEMA, default
# ../shared/bench/make-schema.sh); exits 2 when it is missing.
bench_make_schema() {
  local path=${MAKE_SCHEMA:-../shared/bench/make-schema.sh}
  [ -f "$path" ] || { echo "make-schema.sh not found at $path (set MAKE_SCHEMA)" >&2; exit 2; }
  echo "$path"
}

# bench_driftwatch: the binary DRIFTWATCH names, or build/'s, built first;
# exits 2 when there is none.
bench_driftwatch() {
  local binary=${DRIFTWATCH:-}
  if [ -z "$binary" ]; then
    cmake --build build -j2 --target driftwatch >/dev/null
    binary=$PWD/build/daemon/driftwatch
  fi
  [ -x "$binary" ] || { echo "no driftwatch binary at $binary" >&2; exit 2; }
  echo "$binary"
}

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
now() { date +%s.%N; }
tck=$(getconf CLK_TCK)

# stop_pid PID: TERM, then KILL after 5 s.
stop_pid() {
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}
