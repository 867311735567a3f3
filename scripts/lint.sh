#!/usr/bin/env bash
# clang-tidy with the checks in .clang-tidy over the product's C++ sources
# (config/, daemon/, exporters/, probes/), using the compile commands of BUILD_DIR (default:
# build). With --all, the tests too (tests/.clang-tidy): slower, as every
# test includes Catch2's single header. Fails when there is any finding.
set -uo pipefail
cd "$(dirname "$0")/.."
scope=(config daemon exporters probes)
if [ "${1:-}" = --all ]; then
  scope+=(tests)
  shift
fi
build=${1:-build}
[ -f "$build/compile_commands.json" ] ||
  { echo "no $build/compile_commands.json: configure the build first" >&2; exit 2; }
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- "${scope[@]/%//*.cpp}" \
  2>/dev/null || find "${scope[@]}" -name '*.cpp')
log=$(mktemp)
commands=$(mktemp -d)
trap 'rm -rf "$log" "$commands"' EXIT
# The tests include a header precompiled by g++, which clang cannot read:
# clang-tidy gets the same commands without it (it parses the header itself).
sed -e 's| -Winvalid-pch||g' -e 's| -include [^ ]*/cmake_pch\.hxx||g' \
  "$build/compile_commands.json" >"$commands/compile_commands.json"
printf '%s\n' "${files[@]}" |
  xargs -P "$(nproc 2>/dev/null || echo 2)" -n 1 clang-tidy -p "$commands" --quiet \
    --extra-arg=-Wno-unknown-warning-option >"$log" 2>&1
if grep -qE '(warning|error):' "$log"; then
  grep -E -A3 '(warning|error):' "$log"
  echo "clang-tidy: findings above" >&2
  exit 1
fi
echo "clang-tidy: no findings in ${#files[@]} files"
