#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL cluster on 127.0.0.1 for the tests.
#
#   throwaway-pg.sh start DIR   initdb into a fresh temporary directory, start the
#                               server on a free port, write DIR/conninfo (a libpq
#                               conninfo for the superuser) and DIR/datadir
#   throwaway-pg.sh stop DIR    stop that server and remove its data directory
#
# As root, the server runs as the postgres OS user (initdb refuses root).
# PG_BIN overrides the server binaries' directory (default: PostgreSQL 15's);
# PG_EXTRA_OPTIONS adds server options (e.g. "-c shared_buffers=1GB").
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
dir=$2
pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}

as_server_user() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_is_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

stop() {
  [ -f "$dir/datadir" ] || return 0
  local datadir
  datadir=$(cat "$dir/datadir")
  if [ -d "$datadir" ]; then
    local pid=""
    [ -f "$datadir/data/postmaster.pid" ] && pid=$(head -n 1 "$datadir/data/postmaster.pid")
    (cd / && as_server_user "$pg_bin/pg_ctl" -D "$datadir/data" -m immediate -w -t 30 stop \
      >/dev/null 2>&1) || true
    # Never leave a server running on a deleted data directory.
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
    rm -rf "$datadir"
  fi
  rm -f "$dir/datadir" "$dir/conninfo"
}

start() {
  mkdir -p "$dir"
  stop  # a cluster left behind by a killed run
  [ -x "$pg_bin/initdb" ] || { echo "no PostgreSQL server binaries in $pg_bin" >&2; exit 1; }
  # Under /tmp, so that the postgres user can reach it whatever the build tree's permissions.
  local datadir
  datadir=$(mktemp -d /tmp/driftwatch-test-pg.XXXXXX)
  echo "$datadir" >"$dir/datadir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$datadir"
  cd /  # runuser'd tools complain when they cannot enter the current directory
  as_server_user "$pg_bin/initdb" -D "$datadir/data" -U postgres -A trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$datadir/initdb.log" 2>&1 ||
    { cat "$datadir/initdb.log" >&2; stop; exit 1; }

  local port attempt
  for attempt in $(seq 1 20); do
    port=$((20000 + RANDOM % 40000))
    port_is_free "$port" || continue
    if as_server_user "$pg_bin/pg_ctl" -D "$datadir/data" -w -t 60 -l "$datadir/server.log" \
      -o "-h 127.0.0.1 -p $port -k $datadir -c fsync=off -c synchronous_commit=off \
          -c full_page_writes=off -c max_connections=100 -c track_commit_timestamp=on \
          ${PG_EXTRA_OPTIONS:-}" \
      start >/dev/null 2>&1; then
      echo "host=127.0.0.1 port=$port user=postgres dbname=postgres" >"$dir/conninfo"
      echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($datadir)"
      return 0
    fi
    echo "attempt $attempt: server did not start on port $port" >&2
  done
  cat "$datadir/server.log" >&2 || true
  stop
  exit 1
}

case $action in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
