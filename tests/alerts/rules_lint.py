#!/usr/bin/env python3
"""Project rules for exporters/alerts/driftwatch.rules.yml, beyond what
`promtool check rules` knows (the YAML and PromQL are its job):

- every alert has a severity label and summary, description and runbook_url
  annotations; the summary names the target when the expression keeps the
  target label;
- every runbook_url points at a heading of docs/alerts.md (GitHub's anchor
  of "## DriftwatchSchemaDrift" is #driftwatchschemadrift);
- no annotation suggests a destructive step (reset, drop, flush, truncate,
  `downgrade base`): the first step must be safe to take half-awake;
- the expressions use only metric families the exporter writes
  (the golden exposition text, which metrics_test compares with its output);
- driftwatch.rules.test.yml has, for every alert, a case where it fires and
  one where it stays silent.

Plain text parsing (no YAML library is installed by scripts/install-deps.sh):
the rule file keeps one `- alert:` item per rule, keys as written here.

Usage: rules_lint.py RULES_YML RULES_TEST_YML ALERTS_MD METRICS_PROM
"""
import re
import sys

FORBIDDEN = re.compile(r"\b(reset|drop|dropping|flush|truncate|downgrade\s+base)\b", re.I)

problems = []


def problem(text):
    problems.append(text)


def alerts_of(rules_text):
    """(name, block text) per `- alert:` item."""
    parts = re.split(r"^\s*- alert:\s*", rules_text, flags=re.M)
    out = []
    for part in parts[1:]:
        name = part.split("\n", 1)[0].strip()
        # The block ends at the next rule item or comment-led rule.
        out.append((name, part))
    return out


def annotation(block, key):
    """The text of an annotation, folded (>-) or quoted on one line."""
    m = re.search(rf"^(\s+){key}:\s*(.*)$", block, flags=re.M)
    if not m:
        return None
    indent, first = len(m.group(1)), m.group(2).strip()
    if first not in (">-", ">", "|", "|-"):
        return first.strip('"')
    lines = []
    for line in block[m.end() + 1:].split("\n"):
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        lines.append(line.strip())
    return " ".join(l for l in lines if l)


def github_anchor(heading):
    anchor = heading.strip().lower()
    anchor = re.sub(r"[^\w\- ]", "", anchor)
    return anchor.replace(" ", "-")


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    rules_path, tests_path, doc_path, metrics_prom = sys.argv[1:]
    rules = open(rules_path).read()
    tests = open(tests_path).read()
    doc = open(doc_path).read()
    families = set(re.findall(r'^# TYPE (driftwatch_[a-z_]+) ', open(metrics_prom).read(), flags=re.M))
    if len(families) < 10:
        sys.exit(f"{metrics_prom}: found only {len(families)} metric families; is it the golden exposition text?")
    anchors = {github_anchor(h) for h in re.findall(r"^#{1,6}\s+(.+)$", doc, flags=re.M)}

    alerts = alerts_of(rules)
    if not alerts:
        sys.exit(f"{rules_path}: no alerts found")
    names = []
    for name, block in alerts:
        names.append(name)
        where = f"{rules_path}: {name}"
        if not re.search(r"^\s+severity:\s*(critical|warning|info)\s*$", block, flags=re.M):
            problem(f"{where}: no severity label of critical, warning or info")
        expr = re.search(r"^\s+expr:\s*(\|[-+]?\n(?:\s{10,}.*\n?)+|.*)$", block, flags=re.M)
        expr_text = expr.group(1) if expr else ""
        for metric in re.findall(r"\b(driftwatch_[a-z_]+)\b", re.sub(r'"[^"]*"', '""', expr_text)):
            base = re.sub(r"_(bucket|sum|count)$", "", metric)
            if metric not in families and base not in families:
                problem(f"{where}: {metric} is not a metric driftwatch exports")
        for key in ("summary", "description", "runbook_url"):
            text = annotation(block, key)
            if not text:
                problem(f"{where}: no {key} annotation")
                continue
            if key != "runbook_url" and FORBIDDEN.search(text):
                problem(f"{where}: {key} mentions a destructive step ({FORBIDDEN.search(text).group(0)!r}): {text}")
        summary = annotation(block, "summary") or ""
        if "driftwatch_" in expr_text and "up{" not in expr_text and "$labels.target" not in summary:
            problem(f"{where}: the summary does not name the target ({{{{ $labels.target }}}})")
        url = annotation(block, "runbook_url") or ""
        m = re.fullmatch(r"https://\S+/docs/alerts\.md#(\S+)", url)
        if not m:
            problem(f"{where}: runbook_url {url!r} does not point into docs/alerts.md")
        elif m.group(1) != name.lower():
            problem(f"{where}: runbook_url anchor #{m.group(1)} is not #{name.lower()}")
        elif m.group(1) not in anchors:
            problem(f"{where}: {doc_path} has no heading for #{m.group(1)}")

    # Test coverage: for each alert, a case with expected alerts and one without.
    cases = re.findall(r"alertname:\s*(\w+)\s*\n\s*exp_alerts:\s*(\[\])?", tests)
    for name in sorted(set(names)):
        fired = [c for c in cases if c[0] == name and not c[1]]
        silent = [c for c in cases if c[0] == name and c[1]]
        if not fired:
            problem(f"{tests_path}: no case where {name} fires")
        if not silent:
            problem(f"{tests_path}: no case where {name} stays silent")
    unknown = {c[0] for c in cases} - set(names)
    if unknown:
        problem(f"{tests_path}: cases for alerts that do not exist: {sorted(unknown)}")

    for text in problems:
        print(text, file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"{rules_path}: {len(alerts)} rules, {len(set(names))} alerts, runbooks and test cases: ok")


if __name__ == "__main__":
    main()
