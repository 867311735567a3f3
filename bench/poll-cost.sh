#!/usr/bin/env bash
# Measures what one poll of the daemon costs against a full snapshot of the
# same database, in the same run, and prints the ratios
# (docs/performance.md, "Polling cost (the daemon)", records the results).
#
#   bench/poll-cost.sh [-p POLLS] [-c CHANGES] [-r REPEATS] [-i SECONDS] [N_TABLES]
#
#   N_TABLES   size of the schema built with make-schema.sh (default 10000;
#              1000 makes a quick run)
#   -p POLLS   unchanged polls measured, and fingerprint polls (default 15)
#   -c CHANGES polls after an ALTER TABLE ... ADD COLUMN (default 5)
#   -r REPEATS timed `driftwatch snapshot` runs after one warm-up (default 5)
#   -i SECONDS the daemon's interval (default: from the first check's time,
#              long enough that a poll never overlaps the sampling after the
#              previous one)
#
# Uses build/daemon/driftwatch (built first with `cmake --build build
# --target driftwatch`), or the binary DRIFTWATCH names; MAKE_SCHEMA
# overrides ../shared/bench/make-schema.sh. Starts a throwaway PostgreSQL 15
# (tests/pg/throwaway-pg.sh) with pg_stat_statements preloaded and
# autovacuum off, builds the schema, and connects driftwatch as its own
# non-superuser role, dw_bench, so that the server's work for driftwatch can
# be told apart from the script's. Every phase is measured three ways:
#
#   client wall   `driftwatch snapshot` / `check`: the process's wall time;
#                 a daemon poll: the increase of
#                 driftwatch_poll_duration_seconds_sum on /metrics (the
#                 whole poll: queries, verdict, state write)
#   server SQL    pg_stat_statements total_exec_time + total_plan_time of
#                 dw_bench's statements (the leader's wall time in the
#                 executor and planner: parallel workers' CPU is not in it)
#   server CPU    utime+stime of every PostgreSQL process (the backends,
#                 their parallel workers, the postmaster and what it reaped:
#                 cutime+cstime), less that of the script's own sampling
#                 connection; the server is otherwise idle. Clock ticks
#                 (10 ms): per-poll figures are means, not medians
#
# and the driftwatch process's own CPU (utime+stime). Phases:
#
#   (a) full snapshot: `driftwatch snapshot -o /dev/null`, REPEATS runs
#       (median); also `driftwatch check` (the first records the baseline;
#       the second, nothing having changed, compares the stored catalog
#       fingerprint and reads nothing more) and each daemon's first poll on
#       a new connection (the first daemon's compares the fingerprint the
#       checks stored; the second's, the one the first daemon stored)
#   (b) unchanged polls of the daemon, full_check_every large (no
#       fingerprint): the identity query, the ledger read, the catalog
#       activity counters
#   (c) the poll right after `ALTER TABLE <a table> ADD COLUMN ... int`
#       (run by psql, whose backend flushes its statistics at exit), CHANGES
#       times on different tables; a poll that misses the change is counted
#   (d) polls of a daemon with full_check_every = 1: each takes the catalog
#       fingerprint as well
#
# A benchmark, not a test: never part of the test suite. Everything it
# starts (server, daemon, psql) is stopped and its temporary directory
# removed on exit, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
polls=15
changes=5
repeats=5
interval=""
while getopts "p:c:r:i:h" opt; do
  case $opt in
    p) polls=$OPTARG ;;
    c) changes=$OPTARG ;;
    r) repeats=$OPTARG ;;
    i) interval=$OPTARG ;;
    *) sed -n '2,55p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
n_tables=${1:-10000}
[[ "$n_tables" =~ ^[0-9]+$ && "$polls" =~ ^[0-9]+$ && "$changes" =~ ^[0-9]+$ && "$repeats" =~ ^[0-9]+$ ]] &&
  [ "$repeats" -ge 1 ] && [ "$polls" -ge 1 ] ||
  { echo "N_TABLES, -p, -c and -r take whole numbers (-p, -r at least 1)" >&2; exit 2; }
[ -z "$interval" ] || [[ "$interval" =~ ^[0-9]+$ && "$interval" -ge 1 ]] ||
  { echo "-i takes whole seconds" >&2; exit 2; }
make_schema=$(bench_make_schema)

dw=$(bench_driftwatch)

work=$(mktemp -d /tmp/driftwatch-poll-cost.XXXXXX)
daemon_pid=""
sampler_pid=""
cleanup() {
  [ -n "$daemon_pid" ] && stop_pid "$daemon_pid"
  exec 7>&- 8<&- 2>/dev/null || true
  [ -n "$sampler_pid" ] && stop_pid "$sampler_pid"
  tests/pg/throwaway-pg.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# ---------------------------------------------------------------- server
base_opts="-c max_locks_per_transaction=4096 -c shared_buffers=512MB -c autovacuum=off"
have_pgss=1
if ! PG_EXTRA_OPTIONS="$base_opts -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_planning=on" \
  tests/pg/throwaway-pg.sh start "$work/pg" 2>"$work/pg-start.err" >&2; then
  log "pg_stat_statements cannot be preloaded here; server SQL time will not be measured"
  have_pgss=0
  PG_EXTRA_OPTIONS="$base_opts" tests/pg/throwaway-pg.sh start "$work/pg" >&2
fi
server=$(cat "$work/pg/conninfo")
datadir=$(cat "$work/pg/datadir")/data
postmaster=$(head -n 1 "$datadir/postmaster.pid")
psql_su() { psql -X -At -v ON_ERROR_STOP=1 "$server dbname=bench" "$@"; }

log "building the $n_tables-table schema"
bash "$make_schema" "$server" "$n_tables" bench >/dev/null 2>"$work/make.log" ||
  { cat "$work/make.log" >&2; exit 1; }
psql -X -q -v ON_ERROR_STOP=1 "$server" -c "CREATE ROLE dw_bench LOGIN"
[ "$have_pgss" = 1 ] && psql_su -q -c "CREATE EXTENSION pg_stat_statements"
dsn="${server/user=postgres/user=dw_bench}"
dsn="${dsn/dbname=postgres/dbname=bench}"
schema_line=$(sed -n 's/^db=bench //p' "$work/make.log")

# ---------------------------------------------------------------- probes
# The script's one connection for its own queries, kept open so that it does
# not fork a backend per sample: psql reading statements from a FIFO.
mkfifo "$work/sampler.in" "$work/sampler.out"
psql -X -At -q -F ' ' "$server dbname=bench" <"$work/sampler.in" >"$work/sampler.out" 2>&1 &
sampler_pid=$!
exec 7>"$work/sampler.in" 8<"$work/sampler.out"
sql() {  # one statement whose answer is one line
  local line
  echo "$1" >&7
  IFS= read -r -t 60 line <&8 || { echo "the sampling connection stopped answering" >&2; exit 1; }
  case $line in ERROR:* | FATAL:* | psql:*) echo "sampling query failed: $line" >&2; exit 1 ;; esac
  echo "$line"
}
sampler_backend=$(sql "SELECT pg_backend_pid();")

# utime+stime of a process, in clock ticks (the fields after the command
# name, which may hold spaces); 0 when it is gone.
cpu_ticks() { { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null || echo "- - - - - - - - - - - 0 0"; } | awk '{print $12 + $13}'; }
# Every PostgreSQL process's CPU so far, less the sampler's: the postmaster
# (with cutime+cstime, its reaped children) and its live children.
server_ticks() {
  local total pid
  total=$(sed 's/.*) //' "/proc/$postmaster/stat" | awk '{print $12 + $13 + $14 + $15}')
  for pid in $(ps --ppid "$postmaster" -o pid=); do
    [ "$pid" = "$sampler_backend" ] || total=$((total + $(cpu_ticks "$pid")))
  done
  echo "$total"
}
# The server's own processes (checkpointer, background writer, ...), which
# run for good; settle() waits for every other child but the kept ones.
aux_pids=$(ps --ppid "$postmaster" -o pid=,args= | awk '!/\([0-9]+\)/ {print $1}' | tr '\n' ' ')
base_keep="$aux_pids $sampler_backend"
keep_pids=$base_keep  # and the daemon's connection while it runs
settle() {  # until every other backend (and parallel worker) is gone and reaped
  local pid busy
  for _ in $(seq 500); do
    busy=""
    for pid in $(ps --ppid "$postmaster" -o pid=); do
      [[ " $keep_pids " == *" $pid "* ]] || busy="$busy $pid"
    done
    [ -z "$busy" ] && return 0
    sleep 0.01
  done
  log "warning: backends still running after 5 s:$busy"
}
# dw_bench's statement time in ms (exec + plan), how many polls began (calls
# of the identity query) and how many catalog reads (calls of the view
# definitions query), cumulative since the last reset.
pgss_now() {
  if [ "$have_pgss" = 1 ]; then
    sql "SELECT round(coalesce(sum(total_exec_time + total_plan_time), 0)::numeric, 3),
                coalesce(sum(calls) FILTER (WHERE query LIKE '%pg_control_system()%'), 0),
                coalesce(sum(calls) FILTER (WHERE query LIKE '%pg_get_viewdef%'), 0)
           FROM pg_stat_statements WHERE userid = 'dw_bench'::regrole;"
  else
    echo "0 0 nan"
  fi
}
pgss_reset() { [ "$have_pgss" = 1 ] && sql "SELECT pg_stat_statements_reset();" >/dev/null || true; }
median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "nan"; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
mean() { awk '{s += $1} END {if (NR == 0) print "nan"; else print s / NR}'; }
col() { awk -v c="$1" '{print $c}'; }

# One command: appends "wall sql_ms server_cpu_s driftwatch_cpu_s catalog_reads".
measure_command() {
  local out=$1
  shift
  pgss_reset
  settle
  local s0 t0 t1 s1 sql_ms reads rc=0
  s0=$(server_ticks)
  t0=$(now)
  /usr/bin/time -f "%U %S" -o "$work/time" "$@" >/dev/null 2>"$work/cmd.err" || rc=$?
  t1=$(now)
  [ "$rc" -le 1 ] || { cat "$work/cmd.err" >&2; exit 1; }
  settle
  s1=$(server_ticks)
  read -r sql_ms _ reads < <(pgss_now)
  awk -v t0="$t0" -v t1="$t1" -v s="$sql_ms" -v c="$((s1 - s0))" -v k="$tck" -v r="$reads" \
    -v u="$(col 1 <"$work/time")" -v y="$(col 2 <"$work/time")" \
    'BEGIN {printf "%.4f %.2f %.3f %.3f %s\n", t1 - t0, s, c / k, u + y, r}' >>"$out"
}

# ---------------------------------------------------------------- (a) commands
log "(a) driftwatch snapshot: 1 warm-up + $repeats runs"
"$dw" snapshot --dsn "$dsn" -o /dev/null
for _ in $(seq "$repeats"); do measure_command "$work/a_snapshot" "$dw" snapshot --dsn "$dsn" -o /dev/null; done

port=$(free_port)
write_config() {  # FILE FULL_CHECK_EVERY INTERVAL
  cat >"$1" <<EOF
[daemon]
state_dir = "$work/state"
interval = "${3}s"
jitter = 0
full_check_every = $2
poll_timeout = "600s"
statement_timeout = "600s"
[http]
listen = "127.0.0.1:$port"
[log]
level = "debug"
[[target]]
name = "bench"
dsn = "$dsn"
EOF
}
write_config "$work/check.toml" 10 60
log "(a) driftwatch check: the first records the baseline, the second finds nothing changed"
measure_command "$work/a_check_baseline" "$dw" check --config "$work/check.toml"
measure_command "$work/a_check_again" "$dw" check --config "$work/check.toml"
if [ -z "$interval" ]; then
  interval=$(awk -v w="$(col 1 <"$work/a_check_baseline")" 'BEGIN {i = int(w * 1.5) + 2; print (i < 2) ? 2 : i}')
fi

# ---------------------------------------------------------------- the daemon
metrics() {
  curl -s --max-time 10 "http://127.0.0.1:$port/metrics" |
    awk '/^driftwatch_poll_duration_seconds_sum\{.*target="bench"/ {print $2; exit}'
}
polls_done() { grep -c 'target bench: polled in' "$work/daemon.log" || true; }
last_poll_read_catalog() { grep 'target bench: polled in' "$work/daemon.log" | tail -n 1 | grep -c 'catalog read' || true; }
start_daemon() {  # CONFIG
  : >"$work/daemon.log"
  "$dw" run --config "$1" >>"$work/daemon.log" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && return 0
    kill -0 "$daemon_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$work/daemon.log" >&2
  exit 1
}
stop_daemon() {
  kill -TERM "$daemon_pid"
  wait "$daemon_pid" || true
  daemon_pid=""
  keep_pids=$base_keep
  settle
}
wait_poll() {  # N: until N polls have ended
  local deadline=$((SECONDS + 3 * interval + 600))
  while [ "$(polls_done)" -lt "$1" ]; do
    grep -q 'poll failed' "$work/daemon.log" && { cat "$work/daemon.log" >&2; exit 1; }
    kill -0 "$daemon_pid" 2>/dev/null || { echo "the daemon died:" >&2; cat "$work/daemon.log" >&2; exit 1; }
    [ "$SECONDS" -lt "$deadline" ] || { echo "no poll within the time limit" >&2; exit 1; }
    sleep 0.02
  done
}
connections() {  # the daemon's connections to the server, as "COUNT PID..."
  sql "SELECT count(*) || ' ' || coalesce(string_agg(pid::text, ' '), '') FROM pg_stat_activity
        WHERE usename = 'dw_bench' AND application_name = 'driftwatch';"
}
# Cumulative counters right after a poll:
# "poll_s sql_ms polls_begun catalog_reads server_ticks daemon_ticks"
prev=""
sample() {
  local d s
  d=$(cpu_ticks "$daemon_pid")
  s=$(server_ticks)
  echo "$(metrics) $(pgss_now) $s $d"
}
# Record the poll that just ended: appends to FILE
# "wall sql_ms server_cpu_s daemon_cpu_s polls_begun read_catalog".
record_poll() {  # FILE
  local cur
  cur=$(sample)
  awk -v p="$prev" -v c="$cur" -v k="$tck" -v r="$(last_poll_read_catalog)" 'BEGIN {
    split(p, a, " "); split(c, b, " ");
    printf "%.4f %.2f %.3f %.3f %d %d\n", b[1] - a[1], b[2] - a[2], (b[5] - a[5]) / k, (b[6] - a[6]) / k, b[3] - a[3], r
  }' >>"$1"
  prev=$cur
}
first_backend=""
check_connection() {  # after a daemon's first poll and at its end
  local c
  c=$(connections)
  echo "$c" >>"$work/connections"
  [ "${c%% *}" = 1 ] || log "warning: the daemon has ${c%% *} connections (expected 1): $c"
  if [ -z "$first_backend" ]; then
    first_backend=${c#* }
    keep_pids="$base_keep $first_backend"
  elif [ "${c#* }" != "$first_backend" ]; then
    log "warning: the daemon's connection changed: backend $first_backend, now ${c#* }"
  fi
}

log "daemon: interval ${interval}s; (a) its first poll, (b) $polls unchanged polls"
write_config "$work/daemon.toml" 1000000 "$interval"
pgss_reset
settle
prev="0 $(pgss_now) $(server_ticks) 0"  # the daemon's whole life counts
start_daemon "$work/daemon.toml"
wait_poll 1
record_poll "$work/a_first_poll"
check_connection
if [ "$have_pgss" = 1 ]; then
  pgss_reset  # so that the per-statement list below is that of (b)
  prev=$(sample)
fi
done_polls=1
for _ in $(seq "$polls"); do
  done_polls=$((done_polls + 1)); wait_poll "$done_polls"; record_poll "$work/b_unchanged"
done
if [ "$have_pgss" = 1 ]; then
  psql_su -F ' | ' -c "SELECT calls, round((total_exec_time + total_plan_time)::numeric, 1),
      round(((total_exec_time + total_plan_time) / calls)::numeric, 2), left(regexp_replace(query, '\s+', ' ', 'g'), 90)
      FROM pg_stat_statements WHERE userid = 'dw_bench'::regrole ORDER BY 2 DESC LIMIT 8" >"$work/b_statements"
fi

log "(c) $changes polls after ALTER TABLE ... ADD COLUMN"
psql_su -c "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind = 'r' AND NOT c.relispartition
               AND n.nspname IN ('app', 'billing', 'inventory', 'audit')
             ORDER BY c.oid" >"$work/tables"
settle
prev=$(sample)  # those psql sessions' backends are not the daemon's
n_candidates=$(wc -l <"$work/tables")
missed=0
changed_before=$(grep -c 'schema_changed' "$work/daemon.log" || true)
for i in $(seq "$changes"); do
  table=$(sed -n "$(( (i * n_candidates) / (changes + 1) ))p" "$work/tables")
  psql_su -q -c "ALTER TABLE $table ADD COLUMN poll_cost_$i int"
  settle
  prev=$(sample)  # the ALTER's backend is not the daemon's
  for attempt in 1 2 3; do
    done_polls=$((done_polls + 1)); wait_poll "$done_polls"
    if [ "$(last_poll_read_catalog)" = 1 ]; then
      record_poll "$work/c_change"
      break
    fi
    record_poll "$work/c_missed"
    missed=$((missed + 1))
    log "warning: the poll after ALTER TABLE $table did not read the catalog (attempt $attempt)"
  done
done
changed_after=$(grep -c 'schema_changed' "$work/daemon.log" || true)
check_connection
stop_daemon

log "(d) $polls polls with full_check_every = 1 (a fingerprint each)"
write_config "$work/daemon-fp.toml" 1 "$interval"
first_backend=""
prev="0 $(pgss_now) $(server_ticks) 0"
start_daemon "$work/daemon-fp.toml"
wait_poll 1
record_poll "$work/a_first_poll"
check_connection
done_polls=1
for _ in $(seq "$polls"); do
  done_polls=$((done_polls + 1)); wait_poll "$done_polls"; record_poll "$work/d_fingerprint"
done
check_connection
daemon_hwm=$(awk '/VmHWM/ {print $2}' "/proc/$daemon_pid/status")
stop_daemon

# ---------------------------------------------------------------- report
summary() {  # FILE -> "n wall_median sql_median server_cpu_mean driftwatch_cpu_mean"
  [ -s "$1" ] || { echo "0 nan nan nan nan"; return; }
  echo "$(wc -l <"$1") $(col 1 <"$1" | median) $(col 2 <"$1" | median) $(col 3 <"$1" | mean) $(col 4 <"$1" | mean)"
}
read -r _ sa_wall sa_sql sa_cpu _ < <(summary "$work/a_snapshot")
row() {  # LABEL FILE
  local n w s c d
  read -r n w s c d < <(summary "$2")
  awk -v l="$1" -v n="$n" -v w="$w" -v s="$s" -v c="$c" -v d="$d" -v pg="$have_pgss" \
    'BEGIN {printf "| %s | %d | %.3f | %s | %.3f | %.3f |\n", l, n, w, pg ? sprintf("%.1f", s) : "n/a", c, d}'
}
ratio_row() {  # LABEL FILE TARGET (0: none)
  local n w s c d
  read -r n w s c d < <(summary "$2")
  awk -v l="$1" -v w="$w" -v s="$s" -v c="$c" -v aw="$sa_wall" -v as="$sa_sql" -v ac="$sa_cpu" -v t="$3" -v pg="$have_pgss" '
    function r(x, y) { return (y > 0) ? x / y : -1 }
    function f(x) { return (x < 0) ? "n/a" : sprintf("%.3f", x) }
    function ok(x) { return (x < 0 || t == 0) ? "" : (x <= t ? " (met)" : " (NOT met)") }
    BEGIN {
      rw = r(w, aw); rs = pg ? r(s, as) : -1; rc = r(c, ac)
      printf "| %s | **%s**%s | **%s**%s | **%s**%s | %s |\n", l, f(rw), ok(rw), f(rs), ok(rs), f(rc), ok(rc), (t > 0) ? "≤ " t : "(none)"
    }'
}

echo "# driftwatch poll cost: one poll against a full snapshot"
echo
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, PostgreSQL $(psql_su -c 'SHOW server_version' | cut -d' ' -f1),"\
     "load average $(cut -d' ' -f1-3 /proc/loadavg); daemon interval ${interval}s"
echo "schema: $n_tables tables ($schema_line)"
echo
echo "| phase | n | client wall s (median) | server SQL ms (median) | server CPU s (mean) | driftwatch CPU s (mean) |"
echo "|---|---:|---:|---:|---:|---:|"
row "(a) \`driftwatch snapshot\`" "$work/a_snapshot"
row "(a) \`driftwatch check\`, first (records the baseline)" "$work/a_check_baseline"
row "(a) \`driftwatch check\`, again (nothing changed)" "$work/a_check_again"
row "(a) daemon: first poll (new connection; both daemons)" "$work/a_first_poll"
row "(b) daemon: unchanged poll" "$work/b_unchanged"
row "(c) daemon: poll after ADD COLUMN" "$work/c_change"
row "(d) daemon: unchanged poll with fingerprint" "$work/d_fingerprint"
echo
echo "Ratios to (a) \`driftwatch snapshot\`:"
echo
echo "| ratio | client wall | server SQL | server CPU | target |"
echo "|---|---:|---:|---:|---|"
ratio_row "(b) unchanged poll / snapshot" "$work/b_unchanged" 0.05
ratio_row "(c) poll after ADD COLUMN / snapshot" "$work/c_change" 0.15
ratio_row "(d) fingerprint poll / snapshot" "$work/d_fingerprint" 0
echo
echo "Each run or poll (wall s, SQL ms, server CPU s, driftwatch CPU s, then catalog reads for a command;"
echo "polls begun and catalog read for a poll):"
for f in a_snapshot a_check_baseline a_check_again a_first_poll b_unchanged c_change c_missed d_fingerprint; do
  [ -s "$work/$f" ] && echo "  $f: $(awk '{printf "[%s] ", $0}' "$work/$f")"
done
overlaps=$(cat "$work"/b_unchanged "$work"/c_change "$work"/d_fingerprint 2>/dev/null | awk '$5 != 1' | wc -l)
echo
echo "Checks: changes detected $((changed_after - changed_before)) of $changes (schema_changed events);"\
     "polls that missed a change $missed; the daemons' connections (count and backends, after the first poll and at the end):"\
     "$(tr '\n' ';' <"$work/connections") samples overlapping another poll: $overlaps; daemon (d) peak RSS $((daemon_hwm / 1024)) MiB;"\
     "catalog reads by the second \`check\` (nothing changed): $(col 5 <"$work/a_check_again")"
if [ -s "$work/b_statements" ]; then
  echo
  echo "The server's statements during (b), top 8 (calls | total ms | ms per call | statement):"
  echo
  sed 's/^/    /' "$work/b_statements"
fi
