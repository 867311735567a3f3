#!/usr/bin/env bash
# Measures the daemon watching many small databases at a 10 s interval: its
# CPU and memory, the time a scrape of /metrics takes while polls run, and
# the PostgreSQL server's CPU for being watched, against the budgets
# (docs/performance.md, "Polling cost (the daemon)", records the results).
#
#   bench/many-targets.sh [-w SECONDS] [-s SCRAPES] [-t TABLES] [N_DATABASES]
#
#   N_DATABASES  databases watched, one target each (default 200)
#   -w SECONDS   measurement window (default 60)
#   -s SCRAPES   scrapes of /metrics, spread evenly over the window (default 30)
#   -t TABLES    tables per database, from make-schema.sh (default 10)
#
# Uses build/daemon/driftwatch (built first with `cmake --build build
# --target driftwatch`), or the binary DRIFTWATCH names; MAKE_SCHEMA
# overrides ../shared/bench/make-schema.sh. Starts one throwaway PostgreSQL
# 15 (tests/pg/throwaway-pg.sh; max_connections raised, autovacuum off so
# that the server's CPU is the watching's), builds one small database with
# make-schema.sh and copies it N times (CREATE DATABASE ... TEMPLATE), writes
# a configuration with N targets at interval "10s" (every other setting at
# its default: concurrency 4, jitter 0.1, full_check_every 10), and runs the
# daemon. After a warm-up (every target polled once, then one more
# interval) it measures over the window:
#
#   daemon CPU      utime+stime of the driftwatch process (all threads,
#                   /proc/PID/stat), as a share of one core
#   daemon memory   VmRSS at the end and VmHWM (peak since start, so the
#                   warm-up's first full reads included), /proc/PID/status
#   scrapes         `curl -w '%{time_total}'` of /metrics: median, p95, max;
#                   then the same number of scrapes with no poll running (the
#                   daemon restarted with a 1 h interval, after its first
#                   polls), to tell serialising the metrics from competing
#                   with the polls for the CPU
#   server CPU      utime+stime of the postmaster and all its children, plus
#                   the postmaster's cutime+cstime (children that exited)
#   polls           driftwatch_polls_total and the poll duration histogram's
#                   sum, from /metrics; the CPU per poll, and the CPU share
#                   it makes at the steady rate (N / 10 polls a second: the
#                   polls come in bursts, so a window holds a whole number
#                   of bursts, give or take one)
#
# and prints each against its budget (under 5% of one core, under 150 MB,
# a scrape under 10 ms). A benchmark, not a test: never part of the test
# suite. The server, the daemon and the temporary directory are removed on
# exit, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
window=60
scrapes=30
tables=10
while getopts "w:s:t:h" opt; do
  case $opt in
    w) window=$OPTARG ;;
    s) scrapes=$OPTARG ;;
    t) tables=$OPTARG ;;
    *) sed -n '2,45p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
n_db=${1:-200}
[[ "$n_db" =~ ^[0-9]+$ && "$window" =~ ^[0-9]+$ && "$scrapes" =~ ^[0-9]+$ && "$tables" =~ ^[0-9]+$ ]] &&
  [ "$n_db" -ge 1 ] && [ "$scrapes" -ge 1 ] ||
  { echo "N_DATABASES, -w, -s and -t take whole numbers" >&2; exit 2; }
make_schema=$(bench_make_schema)
interval_s=10

dw=$(bench_driftwatch)

work=$(mktemp -d /tmp/driftwatch-many-targets.XXXXXX)
daemon_pid=""
cleanup() {
  [ -z "$daemon_pid" ] || stop_pid "$daemon_pid"
  tests/pg/throwaway-pg.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# ---------------------------------------------------------------- server
PG_EXTRA_OPTIONS="-c max_connections=$((n_db + 50)) -c autovacuum=off" \
  tests/pg/throwaway-pg.sh start "$work/pg" >&2
server=$(cat "$work/pg/conninfo")
datadir=$(cat "$work/pg/datadir")/data
postmaster=$(head -n 1 "$datadir/postmaster.pid")

log "building the template ($tables tables) and $n_db databases"
bash "$make_schema" "$server" "$tables" tmpl >/dev/null 2>"$work/make.log" ||
  { cat "$work/make.log" >&2; exit 1; }
for i in $(seq "$n_db"); do
  echo "CREATE DATABASE db$i TEMPLATE tmpl STRATEGY file_copy;"
done | psql -X -q -v ON_ERROR_STOP=1 "$server" >/dev/null
schema_line=$(sed -n 's/^db=tmpl //p' "$work/make.log")

# ---------------------------------------------------------------- daemon
port=$(free_port)
url="http://127.0.0.1:$port"
write_config() {  # FILE INTERVAL [DAEMON_LINE]
  {
    echo "[daemon]"
    echo "state_dir = \"$work/state\""
    echo "interval = \"$2\""
    [ -z "${3:-}" ] || echo "$3"
    echo "[http]"
    echo "listen = \"127.0.0.1:$port\""
    for i in $(seq "$n_db"); do
      echo "[[target]]"
      echo "name = \"db$i\""
      echo "dsn = \"${server/dbname=postgres/dbname=db$i}\""
    done
  } >"$1"
  "$dw" check-config "$1" >/dev/null
}
start_daemon() {  # CONFIG: returns once every target has been polled
  "$dw" run --config "$1" >>"$work/daemon.log" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 1200); do
    kill -0 "$daemon_pid" 2>/dev/null || { echo "the daemon died:" >&2; cat "$work/daemon.log" >&2; exit 1; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/readyz" || true)" = 200 ] && return 0
    sleep 0.1
  done
  echo "not every target was polled within 120 s" >&2
  tail -n 20 "$work/daemon.log" >&2
  exit 1
}
stop_daemon() {  # and wait for its connections to end
  kill -TERM "$daemon_pid"
  wait "$daemon_pid" || true
  daemon_pid=""
  for _ in $(seq 100); do
    [ "$(psql -X -At "$server" -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'driftwatch'")" = 0 ] && return 0
    sleep 0.1
  done
}
write_config "$work/driftwatch.toml" "${interval_s}s"

log "starting the daemon; warm-up: every target polled once, then ${interval_s}s"
t_start=$(now)
start_daemon "$work/driftwatch.toml"
t_ready=$(now)
sleep "$interval_s"

# ---------------------------------------------------------------- window
proc_ticks() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $12 + $13}'; }
# The server's CPU so far: the postmaster, its live children, and the
# children it has reaped (cutime+cstime).
# One awk over every /proc/PID/stat, so that a reading takes milliseconds
# with hundreds of backends (their command name, "postgres", has no space).
server_ticks() {
  local files=() pid
  for pid in $(ps --ppid "$postmaster" -o pid=); do files+=("/proc/$pid/stat"); done
  { sed 's/.*) //' "/proc/$postmaster/stat" | awk '{print $12 + $13 + $14 + $15}'
    awk '$2 == "(postgres)" {print $14 + $15}' "${files[@]}" 2>/dev/null || true
  } | awk '{s += $1} END {print s}'
}
metric_sum() {  # NAME: the sum of the metric over every series, from a scrape in FILE
  awk -v n="$1" '$1 ~ "^" n "([{]|$)" {s += $2} END {printf "%.6f\n", s}' "$work/scrape"
}
curl -s "$url/metrics" -o "$work/scrape"
polls0=$(metric_sum driftwatch_polls_total)
poll_s0=$(metric_sum driftwatch_poll_duration_seconds_sum)
errors0=$(metric_sum driftwatch_poll_errors_total)
d0=$(proc_ticks "$daemon_pid")
s0=$(server_ticks)
t0=$(now)
log "measuring for ${window}s, $scrapes scrapes"
: >"$work/scrape_times"
for i in $(seq "$scrapes"); do
  # Evenly spread: scrape i at (i - 0.5) * window / scrapes.
  target=$(awk -v t0="$t0" -v i="$i" -v w="$window" -v n="$scrapes" 'BEGIN {printf "%.3f", t0 + (i - 0.5) * w / n}')
  wait_s=$(awk -v t="$target" -v n="$(now)" 'BEGIN {d = t - n; printf "%.3f", (d > 0) ? d : 0}')
  sleep "$wait_s"
  curl -s -o /dev/null -w '%{time_total} %{size_download} %{http_code}\n' "$url/metrics" >>"$work/scrape_times"
done
rest=$(awk -v t0="$t0" -v w="$window" -v n="$(now)" 'BEGIN {d = t0 + w - n; printf "%.3f", (d > 0) ? d : 0}')
sleep "$rest"
d1=$(proc_ticks "$daemon_pid")
s1=$(server_ticks)
t1=$(now)
rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$daemon_pid/status")
hwm_kb=$(awk '/^VmHWM/ {print $2}' "/proc/$daemon_pid/status")
threads=$(awk '/^Threads/ {print $2}' "/proc/$daemon_pid/status")
curl -s "$url/metrics" -o "$work/scrape"
polls1=$(metric_sum driftwatch_polls_total)
poll_s1=$(metric_sum driftwatch_poll_duration_seconds_sum)
errors1=$(metric_sum driftwatch_poll_errors_total)
metrics_bytes=$(wc -c <"$work/scrape")
# After the window: the server's view of the daemon's connections and their
# private memory.
psql -X -At "$server" -c "SELECT pid FROM pg_stat_activity WHERE application_name = 'driftwatch'" >"$work/backends"
connections=$(wc -l <"$work/backends")
backend_private_kb=0
while read -r pid; do
  kb=$(awk '/^Private_(Clean|Dirty):/ {s += $2} END {print s + 0}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
  backend_private_kb=$((backend_private_kb + kb))
done <"$work/backends"
stop_daemon

# The same scrapes with no poll running: the daemon restarted with a 1 h
# interval, after every target's first poll (the same series, a few counts
# apart), to tell the serialisation's cost from the competition with polls.
log "idle scrapes: the daemon again, interval 1h, after its first polls"
write_config "$work/idle.toml" 1h "jitter = 0"
start_daemon "$work/idle.toml"
sleep 2
: >"$work/idle_times"
i0=$(proc_ticks "$daemon_pid")
ti0=$(now)
for _ in $(seq "$scrapes"); do
  curl -s -o /dev/null -w '%{time_total} %{size_download} %{http_code}\n' "$url/metrics" >>"$work/idle_times"
  sleep 0.2
done
i1=$(proc_ticks "$daemon_pid")
ti1=$(now)
warnings=$(grep -c ' warn \| error ' "$work/daemon.log" || true)
stop_daemon

# ---------------------------------------------------------------- report
pct() {  # P: the P-th percentile (nearest rank) of the numbers on stdin
  sort -g | awk -v p="$1" '{v[NR] = $1} END {r = int((p / 100) * NR + 0.999999); if (r < 1) r = 1; print v[r]}'
}
awk '{print $1}' "$work/scrape_times" >"$work/scrape_s"
scrape_med=$(pct 50 <"$work/scrape_s")
scrape_p95=$(pct 95 <"$work/scrape_s")
scrape_max=$(pct 100 <"$work/scrape_s")
bad_scrapes=$(awk '$3 != 200' "$work/scrape_times" "$work/idle_times" | wc -l)
awk '{print $1}' "$work/idle_times" >"$work/idle_s"
idle_med=$(pct 50 <"$work/idle_s")
idle_p95=$(pct 95 <"$work/idle_s")
idle_max=$(pct 100 <"$work/idle_s")

echo "# driftwatch watching $n_db databases at a ${interval_s} s interval"
echo
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $(psql -X -At "$server" -c 'SHOW server_version'),"\
     "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "each database: $tables tables ($schema_line); warm-up $(awk -v a="$t_start" -v b="$t_ready" 'BEGIN {printf "%.1f", b - a}') s"\
     "until every target was polled, then ${interval_s} s; window $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}') s"
echo
awk -v d="$((d1 - d0))" -v s="$((s1 - s0))" -v k="$tck" -v t0="$t0" -v t1="$t1" \
    -v rss="$rss_kb" -v hwm="$hwm_kb" -v med="$scrape_med" -v p95="$scrape_p95" -v max="$scrape_max" \
    -v p0="$polls0" -v p1="$polls1" -v q0="$poll_s0" -v q1="$poll_s1" -v e0="$errors0" -v e1="$errors1" \
    -v n="$n_db" -v iv="$interval_s" -v ns="$scrapes" -v ic="$((i1 - i0))" -v iw="$(awk -v a="$ti0" -v b="$ti1" 'BEGIN {print b - a}')" -v imed="$idle_med" -v ip95="$idle_p95" -v imax="$idle_max" '
  function verdict(r) { return (r < 1) ? "met" : "NOT met" }
  BEGIN {
    w = t1 - t0; polls = p1 - p0
    dcpu = d / k / w; scpu = s / k / w
    printf "| measure | value | budget | share of budget | |\n|---|---:|---:|---:|---|\n"
    printf "| daemon CPU, share of one core | %.2f%% | 5%% | **%.2f** | %s |\n", 100 * dcpu, dcpu / 0.05, verdict(dcpu / 0.05)
    printf "| daemon RSS at the end of the window | %.1f MB | 150 MB | **%.2f** | %s |\n", rss / 1024, rss / 1024 / 150, verdict(rss / 1024 / 150)
    printf "| daemon peak RSS (VmHWM, since start) | %.1f MB | 150 MB | **%.2f** | %s |\n", hwm / 1024, hwm / 1024 / 150, verdict(hwm / 1024 / 150)
    printf "| /metrics scrape, median of %d | %.2f ms | 10 ms | **%.2f** | %s |\n", ns, 1000 * med, med / 0.010, verdict(med / 0.010)
    printf "| /metrics scrape, p95 | %.2f ms | 10 ms | **%.2f** | %s |\n", 1000 * p95, p95 / 0.010, verdict(p95 / 0.010)
    printf "| /metrics scrape, max | %.2f ms | 10 ms | **%.2f** | %s |\n", 1000 * max, max / 0.010, verdict(max / 0.010)
    printf "| PostgreSQL server CPU (all processes), share of one core | %.2f%% | (none) | | |\n", 100 * scpu
    printf "| /metrics scrape with no poll running, median / p95 / max of %d | %.2f / %.2f / %.2f ms | 10 ms | **%.2f** (median) | %s |\n", ns, 1000 * imed, 1000 * ip95, 1000 * imax, imed / 0.010, verdict(imed / 0.010)
    printf "\n"
    printf "polls in the window: %d (%.0f at the steady rate: %d targets x %.1f s / %d s), failed: %d\n", polls, n * w / iv, n, w, iv, e1 - e0
    if (polls > 0) {
      printf "per poll: daemon CPU %.2f ms, server CPU %.2f ms, mean poll duration %.1f ms\n", 1000 * d / k / polls, 1000 * s / k / polls, 1000 * (q1 - q0) / polls
      sd = d / k / polls * n / iv; ss = s / k / polls * n / iv
      printf "at the steady rate (%d polls/s): daemon CPU %.2f%% of one core (%.2f of budget), server CPU %.2f%%\n", n / iv, 100 * sd, sd / 0.05, 100 * ss
    }
    # The idle daemon spent its CPU on the scrapes (and its timers).
    per_scrape = ic / k / ns
    polls_only = (d / k - per_scrape * ns) / w
    printf "daemon CPU per scrape (idle daemon, %d scrapes in %.1f s): %.1f ms; the window'"'"'s %d scrapes took about %.2f%% of one core,\n", ns, iw, 1000 * per_scrape, ns, 100 * per_scrape * ns / w
    printf "  so the polls alone: %.2f%% of one core (%.2f of budget); with one scrape every 15 s: %.2f%% (%.2f of budget)\n", 100 * polls_only, polls_only / 0.05, 100 * (polls_only + per_scrape / 15), (polls_only + per_scrape / 15) / 0.05
  }'
echo "daemon: $threads threads; driftwatch connections after the window: $connections (private memory of those backends: $((backend_private_kb / 1024)) MB);"\
     "/metrics size $metrics_bytes bytes; failed scrapes $bad_scrapes; warnings or errors in the daemon's log: $warnings"
