#!/usr/bin/env bash
# SIGHUP: a broken configuration is refused with a message naming the problem
# and the daemon keeps watching with the old one; a valid one is applied.
source "$(dirname "$0")/lib.sh"

sql "CREATE TABLE users (id int PRIMARY KEY)"
write_config
start_daemon
wait_for 30 "the baseline" has_events 1 baseline_created

# A second daemon on the same state directory is refused.
expect_status 2 "$DRIFTWATCH_BIN" run --config "$config"
expect_contains "$work/stderr" "another driftwatch daemon (pid $daemon_pid) is using the state directory"

cp "$config" "$work/good.toml"
printf '\n[daemon2]\nbogus = 1\n' >>"$config"
kill -HUP "$daemon_pid"
wait_for 30 "the reload refusal" grep -q "reload failed, keeping the running configuration" "$daemon_log"
expect_contains "$daemon_log" 'daemon2'
wait_for_polls 2
sql "ALTER TABLE users ADD COLUMN after_bad_reload text"
wait_for 30 "drift seen with the old config" has_events 1 drift_detected public.users.after_bad_reload

# A valid configuration with a second target.
cp "$work/good.toml" "$config"
cat >>"$config" <<CONF

[[target]]
name = "shop-again"
dsn = "$dsn"
CONF
kill -HUP "$daemon_pid"
wait_for 30 "the reload" grep -q "reloaded: 2 targets" "$daemon_log"
# What the daemon knew survives the reload: still ready, drift still shown.
curl -fsS "http://127.0.0.1:$http_port/readyz" >/dev/null || fail "not ready right after a reload"
[ "$(drift_objects)" = "public.users.after_bad_reload" ] || fail "drift after reload: $(drift_objects)"
wait_for 30 "the new target's baseline" grep -q "baseline_created target=shop-again" "$daemon_log"
curl -fsS "http://127.0.0.1:$http_port/metrics" >"$work/metrics"
expect_contains "$work/metrics" 'driftwatch_target_up{target="shop-again"} 1'
stop_daemon
echo "ok"
