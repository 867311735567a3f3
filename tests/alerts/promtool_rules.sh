#!/usr/bin/env bash
# The alert rules with the real promtool:
#   promtool_rules.sh PROMTOOL check RULES_YML   `promtool check rules`, lint
#       problems (duplicate rules) fatal, and at least one rule found;
#   promtool_rules.sh PROMTOOL test TEST_YML     `promtool test rules`, which
#       runs every case of exporters/alerts/driftwatch.rules.test.yml.
# Exit 77 (skip) without promtool (scripts/install-deps.sh unpacks it).
set -euo pipefail
usage="usage: promtool_rules.sh PROMTOOL check|test FILE"
promtool=${1:?$usage}
mode=${2:?$usage}
file=${3:?$usage}
command -v "$promtool" >/dev/null || { echo "promtool not installed (scripts/install-deps.sh)" >&2; exit 77; }
[ -s "$file" ] || { echo "$file is missing or empty" >&2; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT

case $mode in
  check)
    "$promtool" check rules --lint=all --lint-fatal "$file" 2>&1 | tee "$out"
    # A file with no groups passes promtool too.
    grep -Eq 'SUCCESS: [1-9][0-9]* rules found' "$out" || { echo "no rules found in $file" >&2; exit 1; }
    ;;
  test)
    # rule_files in the test file are relative to it.
    "$promtool" test rules "$file" 2>&1 | tee "$out"
    grep -q 'SUCCESS' "$out" || { echo "promtool test rules did not report SUCCESS" >&2; exit 1; }
    ;;
  *)
    echo "$usage" >&2
    exit 2
    ;;
esac
