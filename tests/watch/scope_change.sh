#!/usr/bin/env bash
# Editing a target's ignore rules (and reloading) changes what is watched,
# not the schema: objects a new rule excludes are not reported as removed,
# objects a dropped rule lets in are not reported as added, and a real change
# made meanwhile is still reported.
source "$(dirname "$0")/lib.sh"

sql "CREATE TABLE users (id int PRIMARY KEY)"
sql "CREATE TABLE tmp_import (a int)"
write_config
start_daemon
wait_for 30 "the baseline" has_events 1 baseline_created

# Exclude tmp_*, and meanwhile change both tables by hand.
write_config "" 'exclude_objects = ["public.tmp_*"]'
sql "ALTER TABLE tmp_import ADD COLUMN b int"
sql "ALTER TABLE users ADD COLUMN nick text"
kill -HUP "$daemon_pid"
wait_for 30 "the scope change" has_events 1 scope_changed
wait_for 30 "the hand-made column" has_events 1 drift_detected public.users.nick
expect_events 0 schema_changed public.tmp_import
expect_events 0 schema_changed public.tmp_import.a
expect_events 0 schema_changed public.tmp_import.b
[ "$(drift_objects)" = "public.users.nick" ] || fail "drift after excluding tmp_*: $(drift_objects)"
grep -q "scope_changed target=shop: .*0 objects newly watched, taken as they are; 2 objects no longer watched" \
  "$daemon_log" || fail "the scope_changed event does not count what left the scope"

# Back to watching everything: tmp_import comes back as it is now, no change.
write_config
kill -HUP "$daemon_pid"
wait_for 30 "the second scope change" has_events 2 scope_changed
wait_for_polls "$(($(polls_done) + 2))"
expect_events 0 schema_changed public.tmp_import.b
[ "$(drift_objects)" = "public.users.nick" ] || fail "drift after including tmp_* again: $(drift_objects)"

# driftwatch check shares the state: its own scope is the same, so no event.
stop_daemon
expect_status 1 "$DRIFTWATCH_BIN" check --config "$config"
expect_events 2 scope_changed
echo "ok"
