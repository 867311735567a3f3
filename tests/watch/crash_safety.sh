#!/usr/bin/env bash
# kill -9 of the daemon: in the middle of a poll (held on a lock), and then at
# random moments while the schema keeps changing. After each restart the
# state loads, and in the end every change was reported exactly once and the
# event file holds every event once, in order.
source "$(dirname "$0")/lib.sh"

sql "CREATE TABLE users (id int PRIMARY KEY)"
sql "CREATE TABLE accounts (id int PRIMARY KEY)"
# The view names accounts, so a poll that re-reads accounts deparses it too,
# which locks users, the other table it reads.
sql "CREATE VIEW active_users AS SELECT a.id FROM accounts a JOIN users u USING (id)"
LOCK_TIMEOUT=60s write_config
start_daemon
wait_for 30 "the baseline" has_events 1 baseline_created

# 1. Killed while a poll that has seen a change waits on a lock.
coproc HOLDER { psql -X -q "$dsn" 2>&1; }
# Bash unsets HOLDER_PID as soon as the coprocess exits, so keep a copy.
holder_pid=$HOLDER_PID
echo "BEGIN; LOCK TABLE users IN ACCESS EXCLUSIVE MODE; SELECT 'locked';" >&"${HOLDER[1]}"
read -r -t 10 line <&"${HOLDER[0]}" || fail "could not take the lock"
sql "ALTER TABLE accounts ADD COLUMN c0 text"
waiting() {
  [ "$(psql -X -At "$dsn" -c "SELECT count(*) FROM pg_stat_activity
     WHERE application_name = 'driftwatch' AND wait_event_type = 'Lock'")" = 1 ]
}
wait_for 30 "a poll waiting on the lock" waiting
stop_daemon KILL || true
echo "ROLLBACK;" >&"${HOLDER[1]}"
holder_in=${HOLDER[1]}
exec {holder_in}>&-
wait "$holder_pid" || true
start_daemon
wait_for 30 "the change seen before the kill" has_events 1 drift_detected public.accounts.c0

# 2. Killed at random moments while changes keep coming.
for i in 1 2 3 4 5 6; do
  sql "ALTER TABLE accounts ADD COLUMN c$i text"
  sleep "0.$((RANDOM % 10))"
  stop_daemon KILL || true
  python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); r=c.execute("PRAGMA integrity_check").fetchone()[0]; sys.exit(r != "ok")' \
    "$state_dir/state.db" || fail "state.db fails its integrity check after kill -9 #$i"
  start_daemon
done
for i in 0 1 2 3 4 5 6; do
  wait_for 30 "column c$i reported" has_events 1 drift_detected "public.accounts.c$i"
done
stop_daemon
for i in 0 1 2 3 4 5 6; do expect_events 1 drift_detected "public.accounts.c$i"; done
expect_event_file_sound
echo "ok"
