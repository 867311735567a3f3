#!/usr/bin/env bash
# Static checks beyond the compiler's: clang-tidy with the checks in
# .clang-tidy, over every C++ source, using the compile commands of BUILD_DIR
# (default build/, configured if needed). Fails on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
[ -f "$build/compile_commands.json" ] || cmake -S . -B "$build" >/dev/null
mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.cpp')
printf '%s\n' "${files[@]}" |
  xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet 2>/dev/null
echo "clang-tidy: no findings in ${#files[@]} files"
