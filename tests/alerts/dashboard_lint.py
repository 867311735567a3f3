#!/usr/bin/env python3
"""Static checks of the Grafana dashboard exporters/dashboards/driftwatch.json.

Proves that the file is importable and provisionable as documented in
docs/alerts.md: valid JSON with "id": null, the stable uid "driftwatch", the
${datasource} (type datasource, Prometheus) and multi-value target variables;
unique integer panel ids; integer gridPos that fit the 24-column grid without
overlapping; every panel and every query on ${datasource}; every query with a
unique refId and an expression that uses only metric families the daemon
exports (the golden exposition text tests/data/golden/metrics.prom, which
metrics_test compares with its output) and only variables the dashboard defines.
Whether the expressions are valid PromQL that return data is
tests/alerts/prometheus_e2e.sh's job.

Usage: dashboard_lint.py DASHBOARD_JSON METRICS_PROM
"""
import json
import re
import sys

DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
GRAFANA_BUILTINS = {"__rate_interval", "__interval", "__range", "__interval_ms", "__range_s"}

problems = []


def problem(text):
    problems.append(text)


def metric_families(metrics_prom):
    """The family names of the exposition text (its "# TYPE" lines)."""
    names = set(re.findall(r'^# TYPE (driftwatch_[a-z_]+) ', open(metrics_prom).read(), flags=re.M))
    if len(names) < 10:
        sys.exit(f"{metrics_prom}: found only {len(names)} metric families; is it the golden exposition text?")
    return names


def known_metric(name, families):
    if name in families:
        return True
    # A histogram's series.
    for suffix in ("_bucket", "_sum", "_count"):
        if name.endswith(suffix) and name[: -len(suffix)] in families:
            return True
    return False


def all_panels(panels):
    for panel in panels:
        yield panel
        yield from all_panels(panel.get("panels", []))


def check_variables(dash):
    variables = {v.get("name"): v for v in dash.get("templating", {}).get("list", [])}
    ds = variables.get("datasource")
    if not ds or ds.get("type") != "datasource" or ds.get("query") != "prometheus":
        problem("templating: no variable 'datasource' of type datasource with query 'prometheus'")
    target = variables.get("target")
    if not target:
        problem("templating: no variable 'target'")
    else:
        query = target.get("query")
        if isinstance(query, dict):
            query = query.get("query")
        if target.get("type") != "query" or query != "label_values(driftwatch_target_up, target)":
            problem(f"templating: 'target' must be a query variable on "
                    f"label_values(driftwatch_target_up, target), got {target.get('type')} {query!r}")
        if target.get("multi") is not True:
            problem("templating: 'target' must be multi-value")
        if target.get("datasource") != DATASOURCE:
            problem(f"templating: 'target' must use {DATASOURCE}, got {target.get('datasource')}")
    return set(variables)


def check_panels(dash, families, variables):
    panels = list(all_panels(dash.get("panels", [])))
    if not panels:
        problem("no panels")
    ids = {}
    boxes = []
    exprs = 0
    for panel in panels:
        name = f"panel {panel.get('id')!r} ({panel.get('title')!r})"
        pid = panel.get("id")
        if not isinstance(pid, int) or isinstance(pid, bool):
            problem(f"{name}: id is not an integer")
        elif pid in ids:
            problem(f"{name}: id also used by {ids[pid]!r}")
        else:
            ids[pid] = panel.get("title")
        if not panel.get("title"):
            problem(f"{name}: no title")
        grid = panel.get("gridPos", {})
        values = [grid.get(k) for k in ("x", "y", "w", "h")]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            problem(f"{name}: gridPos {grid} is not four integers x, y, w, h")
        else:
            x, y, w, h = values
            if x < 0 or y < 0 or w < 1 or h < 1 or x + w > 24:
                problem(f"{name}: gridPos {grid} does not fit the 24-column grid")
            for other, (ox, oy, ow, oh) in boxes:
                if x < ox + ow and ox < x + w and y < oy + oh and oy < y + h:
                    problem(f"{name}: gridPos {grid} overlaps {other}")
            boxes.append((name, (x, y, w, h)))
        if panel.get("type") == "row":
            continue
        if panel.get("datasource") != DATASOURCE:
            problem(f"{name}: datasource must be {DATASOURCE}, got {panel.get('datasource')}")
        targets = panel.get("targets") or []
        if not targets:
            problem(f"{name}: no queries")
        refs = set()
        for target in targets:
            ref = target.get("refId")
            where = f"{name} query {ref!r}"
            if not ref or ref in refs:
                problem(f"{where}: refId missing or repeated")
            refs.add(ref)
            if target.get("datasource") != DATASOURCE:
                problem(f"{where}: datasource must be {DATASOURCE}, got {target.get('datasource')}")
            expr = target.get("expr", "")
            if not expr.strip():
                problem(f"{where}: empty expr")
                continue
            exprs += 1
            # Metric names: identifiers that start with driftwatch_ (label
            # values in quotes are removed first).
            bare = re.sub(r'"[^"]*"', '""', expr)
            for metric in re.findall(r"\b(driftwatch_[a-z_]+)\b", bare):
                if not known_metric(metric, families):
                    problem(f"{where}: {metric} is not a metric driftwatch exports")
            for var in re.findall(r"\$\{?(\w+)", expr):
                if var not in variables and var not in GRAFANA_BUILTINS:
                    problem(f"{where}: ${var} is not a variable of the dashboard")
    return exprs


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    path, metrics_prom = sys.argv[1:]
    try:
        dash = json.load(open(path))
    except (OSError, ValueError) as error:
        sys.exit(f"{path}: not valid JSON: {error}")
    families = metric_families(metrics_prom)
    if dash.get("id", "missing") is not None:
        problem('"id" must be null, so that importing creates the dashboard rather than overwriting another')
    if dash.get("uid") != "driftwatch":
        problem(f'"uid" must be "driftwatch" (stable links, provisioning), got {dash.get("uid")!r}')
    if not isinstance(dash.get("schemaVersion"), int):
        problem('"schemaVersion" must be an integer')
    if not dash.get("title"):
        problem('no "title"')
    variables = check_variables(dash)
    exprs = check_panels(dash, families, variables)
    for text in problems:
        print(f"{path}: {text}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"{path}: {len(list(all_panels(dash['panels'])))} panels, {exprs} queries: ok")


if __name__ == "__main__":
    main()
