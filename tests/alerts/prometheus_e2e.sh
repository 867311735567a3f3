#!/usr/bin/env bash
# The alert rules and the Grafana dashboard against a real Prometheus scraping
# a real daemon. Proves that:
# - Prometheus loads exporters/alerts/driftwatch.rules.yml (a copy in which
#   DriftwatchSchemaDrift waits 2s instead of 5m) and scrapes /metrics;
# - before any drift no driftwatch alert is pending or firing; after an
#   out-of-band ALTER TABLE, driftwatch_drift{target="shop"} is 1 in
#   Prometheus and DriftwatchSchemaDrift fires for shop, with its annotations
#   rendered, and no other driftwatch alert fires;
# - every query of exporters/dashboards/driftwatch.json, with $target set to
#   .* and to shop, is valid PromQL and returns data, except the few panels
#   listed in expected_empty below; the target variable's
#   label_values(driftwatch_target_up, target) finds shop.
# Exit 77 (skip) without the prometheus binary (scripts/install-deps.sh).
set -euo pipefail

: "${DRIFTWATCH_PROMETHEUS:?run through ctest, which sets DRIFTWATCH_PROMETHEUS}"
if ! command -v "$DRIFTWATCH_PROMETHEUS" >/dev/null; then
  echo "prometheus not installed (scripts/install-deps.sh)" >&2
  exit 77
fi
here=$(cd "$(dirname "$0")" && pwd)
rules="$here/../../exporters/alerts/driftwatch.rules.yml"
dashboard="$here/../../exporters/dashboards/driftwatch.json"

source "$here/../watch/lib.sh"

prom_pid=""
prom_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
prom="http://127.0.0.1:$prom_port"
prom_log="$work/prometheus.log"

# Prometheus first, then lib.sh's cleanup (the daemon, the database, $work,
# which holds the TSDB). set +e: a failing kill or wait must not cut it short.
_e2e_cleanup() {
  local status=$?
  set +e
  if [ -n "$prom_pid" ]; then
    kill "$prom_pid" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$prom_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$prom_pid" 2>/dev/null
    wait "$prom_pid" 2>/dev/null
  fi
  if [ "$status" != 0 ] && [ -f "$prom_log" ]; then
    echo "--- prometheus log" >&2
    cat "$prom_log" >&2
  fi
  _watch_cleanup
}
trap _e2e_cleanup EXIT

# prom_has EXPR: the instant query succeeds and returns at least one series.
prom_has() {
  curl -fsS --get --data-urlencode "query=$1" "$prom/api/v1/query" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if d["status"]=="success" and d["data"]["result"] else 1)'
}

# driftwatch_alerts [STATE]: "NAME TARGET STATE" per driftwatch alert Prometheus holds.
driftwatch_alerts() {
  curl -fsS "$prom/api/v1/alerts" | python3 -c '
import json, sys
for a in json.load(sys.stdin)["data"]["alerts"]:
    name = a["labels"]["alertname"]
    if name.startswith("Driftwatch"):
        print(name, a["labels"].get("target", "-"), a["state"])'
}

schema_drift_firing() {
  driftwatch_alerts | grep -qx "DriftwatchSchemaDrift shop firing"
}

# A schema with a golang-migrate ledger, so that the ledger series exist.
sql "CREATE TABLE users (id int PRIMARY KEY, email text)"
sql "CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL)"
sql "INSERT INTO schema_migrations VALUES (1, false)"
write_config
start_daemon
wait_for 60 "the baseline" has_events 1 baseline_created
wait_for 60 "readiness" curl -fsS "http://127.0.0.1:$http_port/readyz"

# The rules, with DriftwatchSchemaDrift's 5m shortened to 2s, and nothing else changed.
sed '/- alert: DriftwatchSchemaDrift$/,/for:/ s/for: 5m$/for: 2s/' "$rules" >"$work/rules.yml"
[ "$(diff "$rules" "$work/rules.yml" | grep -c '^>')" = 1 ] && grep -q 'for: 2s' "$work/rules.yml" ||
  fail "could not shorten DriftwatchSchemaDrift's for: in a copy of $rules"
cat >"$work/prometheus.yml" <<CONF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $work/rules.yml
scrape_configs:
  - job_name: driftwatch
    static_configs:
      - targets: ['127.0.0.1:$http_port']
CONF
"$DRIFTWATCH_PROMETHEUS" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" --log.level=warn >"$prom_log" 2>&1 &
prom_pid=$!
wait_for 60 "Prometheus to be ready" curl -fsS "$prom/-/ready"
# The first scrape comes some 5 s after ready.
wait_for 60 "driftwatch_target_up in Prometheus" prom_has 'driftwatch_target_up{job="driftwatch",target="shop"} == 1'
curl -fsS "$prom/api/v1/rules" | python3 -c '
import json, sys
names = {r["name"] for g in json.load(sys.stdin)["data"]["groups"] for r in g["rules"]}
assert "DriftwatchSchemaDrift" in names and len(names) >= 8, names' || fail "Prometheus did not load the rules"
prom_has 'driftwatch_drift{target="shop"} == 0' || fail "drift before any change"
# DriftwatchAbsent is pending until the first scrape has been evaluated.
no_driftwatch_alerts() { [ -z "$(driftwatch_alerts)" ]; }
wait_for 60 "no driftwatch alert, pending or firing, before any drift" no_driftwatch_alerts

# Out-of-band: a column added by hand.
sql "ALTER TABLE users ADD COLUMN nickname text"
wait_for 60 "drift in Prometheus" prom_has 'driftwatch_drift{target="shop"} == 1'
wait_for 60 "DriftwatchSchemaDrift to fire for shop" schema_drift_firing
curl -fsS "$prom/api/v1/alerts" | python3 -c '
import json, sys
alerts = [a for a in json.load(sys.stdin)["data"]["alerts"] if a["labels"]["alertname"] == "DriftwatchSchemaDrift"]
assert len(alerts) == 1, alerts
a = alerts[0]
assert a["labels"]["severity"] == "warning" and a["labels"]["job"] == "driftwatch", a
assert a["annotations"]["summary"] == "Schema drift on shop", a
assert "driftwatch check --target shop" in a["annotations"]["description"], a
assert a["annotations"]["runbook_url"].endswith("docs/alerts.md#driftwatchschemadrift"), a
' || fail "DriftwatchSchemaDrift fired with the wrong labels or annotations"
firing=$(driftwatch_alerts | awk '$3 == "firing" && $1 != "DriftwatchSchemaDrift"')
[ -z "$firing" ] || fail "other driftwatch alerts fire on a healthy, drifted target: $firing"

# The dashboard's queries. Panels whose queries may rightly return nothing
# for a fleet that is healthy and then drifts; keep this list short.
curl -fsS --get --data-urlencode 'match[]=driftwatch_target_up' "$prom/api/v1/label/target/values" |
  python3 -c 'import json,sys; sys.exit(0 if "shop" in json.load(sys.stdin)["data"] else 1)' ||
  fail "label_values(driftwatch_target_up, target) does not find shop"
python3 - "$dashboard" "$prom" <<'PY' || fail "dashboard queries failed against Prometheus"
import json, sys, urllib.parse, urllib.request

expected_empty = {
    # driftwatch_poll_errors_total has a series only once a poll has failed.
    "Poll errors by reason": "no poll has failed",
}
path, prom = sys.argv[1:]
dash = json.load(open(path))

def panels(items):
    for p in items:
        yield p
        yield from panels(p.get("panels", []))

def substitute(expr, target):
    for var in ("${target}", "$target"):
        expr = expr.replace(var, target)
    for var in ("${__rate_interval}", "$__rate_interval", "${__interval}", "$__interval"):
        expr = expr.replace(var, "1m")
    assert "$" not in expr, f"a variable is left in {expr}"
    return expr

failures, checked = [], 0
for panel in panels(dash["panels"]):
    for target in panel.get("targets", []):
        for value in (".*", "shop"):
            expr = substitute(target["expr"], value)
            url = prom + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
            try:
                with urllib.request.urlopen(url) as reply:
                    doc = json.load(reply)
            except urllib.error.HTTPError as error:
                doc = json.load(error)
            checked += 1
            where = f'panel "{panel["title"]}" query {target["refId"]} (target={value}): {expr}'
            if doc.get("status") != "success":
                failures.append(f"{where}: {doc.get('errorType')}: {doc.get('error')}")
            elif not doc["data"]["result"] and panel["title"] not in expected_empty:
                failures.append(f"{where}: no data")
            elif doc["data"]["result"] and panel["title"] in expected_empty:
                print(f"note: {where} has data although listed as expected empty "
                      f"({expected_empty[panel['title']]})")
for failure in failures:
    print("FAIL:", failure, file=sys.stderr)
print(f"{checked} dashboard queries checked, {len(failures)} failed")
sys.exit(1 if failures or checked == 0 else 0)
PY

stop_daemon
echo "ok"
