#!/usr/bin/env bash
# Measures `driftwatch snapshot` against `pg_dump --schema-only` on the same
# synthetic schemas, in the same run, and prints the ratios
# (docs/performance.md records the results).
#
#   bench/snapshot-vs-pg-dump.sh [-r REPEATS] [N ...]     (default: -r 5, N = 1000 10000)
#
# Builds driftwatch (Release), starts a throwaway PostgreSQL 15 on 127.0.0.1,
# builds each schema with make-schema.sh (MAKE_SCHEMA, default
# ../shared/bench/make-schema.sh), then alternates the two commands REPEATS
# times after one untimed warm-up each. Reports medians, the time ratio, peak
# memory against the canonical text's size, and each catalog query's cost.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
repeats=5
while getopts "r:" opt; do
  case $opt in
    r) repeats=$OPTARG ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
make_schema=$(bench_make_schema)

scripts/install-deps.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DDRIFTWATCH_BUILD_TESTS=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" >/dev/null
driftwatch=$PWD/build-bench/daemon/driftwatch

work=$(mktemp -d /tmp/driftwatch-bench.XXXXXX)
trap 'tests/pg/throwaway-pg.sh stop "$work/pg" >/dev/null 2>&1; rm -rf "$work"' EXIT
# A 10,000-table schema is built in one transaction: it needs many locks.
PG_EXTRA_OPTIONS="-c max_locks_per_transaction=4096 -c shared_buffers=512MB" \
  tests/pg/throwaway-pg.sh start "$work/pg" >&2
server=$(cat "$work/pg/conninfo")

# seconds and peak KiB of one command, as "S KB"
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" ||
    { cat "$work/stderr" >&2; exit 1; }
  cat "$work/time"
}
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

echo "# driftwatch snapshot vs pg_dump --schema-only"
echo
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $(psql -X -At "$server" -c 'SHOW server_version'),"\
     "load average $(cut -d' ' -f1-3 /proc/loadavg), $repeats timed runs each after one warm-up"
for n in "${sizes[@]}"; do
  db="schema_$n"
  bash "$make_schema" "$server" "$n" "$db" 2>"$work/make.log" >/dev/null ||
    { cat "$work/make.log" >&2; exit 1; }
  dsn="${server/dbname=postgres/dbname=$db}"
  "$driftwatch" snapshot --dsn "$dsn" -o /dev/null
  pg_dump --schema-only -f /dev/null "$dsn"
  : >"$work/dump" && : >"$work/snap" && : >"$work/rss"
  for _ in $(seq "$repeats"); do
    read -r s _ < <(measure pg_dump --schema-only -f /dev/null "$dsn") && echo "$s" >>"$work/dump"
    read -r s kb < <(measure "$driftwatch" snapshot --dsn "$dsn" -o /dev/null) &&
      echo "$s" >>"$work/snap" && echo "$kb" >>"$work/rss"
  done
  dump=$(median <"$work/dump")
  snap=$(median <"$work/snap")
  rss=$(sort -n "$work/rss" | tail -n 1)
  text_bytes=$("$driftwatch" snapshot --dsn "$dsn" --format text | wc -c)
  idle_kb=$(/usr/bin/time -f "%M" "$driftwatch" --version 2>&1 >/dev/null)
  json_bytes=$("$driftwatch" snapshot --dsn "$dsn" | wc -c)
  echo
  echo "## N = $n ($(psql -X -At "$dsn" -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r','p') AND n.nspname NOT LIKE 'pg_%' AND n.nspname <> 'information_schema'") tables)"
  echo
  echo "| measure | value |"
  echo "|---|---:|"
  echo "| pg_dump --schema-only, median s | $dump |"
  echo "| driftwatch snapshot (JSON, all hashes), median s | $snap |"
  echo "| **ratio driftwatch / pg_dump** | **$(awk -v a="$snap" -v b="$dump" 'BEGIN {printf "%.3f", a / b}')** |"
  echo "| runs: pg_dump s | $(tr '\n' ' ' <"$work/dump") |"
  echo "| runs: driftwatch s | $(tr '\n' ' ' <"$work/snap") |"
  echo "| canonical text, bytes | $text_bytes |"
  echo "| JSON snapshot, bytes | $json_bytes |"
  echo "| driftwatch peak RSS, KiB | $rss |"
  echo "| **peak memory / canonical text** | **$(awk -v m="$rss" -v t="$text_bytes" 'BEGIN {printf "%.1f", m * 1024 / t}')x** |"
  echo "| the idle process (driftwatch --version) peak RSS, KiB | $idle_kb |"
  echo "| (peak - footprint) / canonical text | $(awk -v m="$rss" -v i="$idle_kb" -v t="$text_bytes" 'BEGIN {printf "%.1f", (m - i) * 1024 / t}')x |"
  echo
  echo "Each catalog query (one run, \`driftwatch snapshot --stats\`; pipelined, so a query's time"
  echo "is from the previous result's arrival to its own):"
  echo
  echo '```'
  "$driftwatch" snapshot --dsn "$dsn" --stats -o /dev/null 2>&1
  echo '```'
  psql -X -q "$server" -c "DROP DATABASE $db"
done
