#!/usr/bin/env bash
# Lints the golden /metrics text (which metrics_test checks the exporter
# writes) with the real `promtool check metrics`. Exit 77 (skip) without promtool.
set -euo pipefail
promtool=${1:?usage: promtool_check.sh PROMTOOL METRICS_FILE}
file=${2:?usage: promtool_check.sh PROMTOOL METRICS_FILE}
command -v "$promtool" >/dev/null || { echo "promtool not installed (scripts/install-deps.sh)" >&2; exit 77; }
# promtool accepts empty input, so an empty file must fail here.
[ -s "$file" ] || { echo "$file is empty" >&2; exit 1; }
"$promtool" check metrics <"$file"
echo "promtool check metrics: $file is clean"
