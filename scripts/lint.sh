#!/usr/bin/env bash
# clang-tidy with the checks in .clang-tidy over the product's C++ sources
# (config/, daemon/, exporters/, probes/). Fails when there is any finding.
#
#   scripts/lint.sh [--each | --all] [BUILD_DIR]      (BUILD_DIR: build)
#
# By default the product is linted in the batches of a CMake unity build,
# each library's files eight to a batch, configured (not compiled) in
# BUILD_DIR/lint-unity. Nearly all of clang-tidy's time goes into walking
# the syntax trees of the headers (the standard library, Asio, nlohmann/json)
# once per translation unit; in batches that takes a third of the time of
# linting each file alone. A batch can hide two things: a file that lacks an
# include (the build catches it, as it compiles each file alone) and a
# using-declaration that only a later file of the batch uses.
#   --each  lints each file alone, with BUILD_DIR's compile commands.
#   --all   as --each, and the tests too (tests/.clang-tidy): slower, as
#           every test includes Catch2's single header.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
src=$(pwd)
product=(config daemon exporters probes)
mode=batches
case "${1:-}" in
  --each) mode=each; shift ;;
  --all) mode=all; shift ;;
esac
build=${1:-build}
[ -f "$build/compile_commands.json" ] ||
  { echo "no $build/compile_commands.json: configure the build first" >&2; exit 2; }
jobs=$(nproc 2>/dev/null || echo 2)
log=$(mktemp)
commands=$(mktemp -d)
trap 'rm -rf "$log" "$commands"' EXIT

# The sources a compile_commands.json names, one per line.
sources_of() { sed -n 's/^ *"file": "\(.*\)",\{0,1\}$/\1/p' "$1"; }

tidy_args=(--quiet --extra-arg=-Wno-unknown-warning-option)
if [ "$mode" = batches ]; then
  unity="$build/lint-unity"
  cxx=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null)
  if ! cmake -S "$src" -B "$unity" -DCMAKE_UNITY_BUILD=ON -DDRIFTWATCH_BUILD_TESTS=OFF \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON ${cxx:+"-DCMAKE_CXX_COMPILER=$cxx"} >"$log" 2>&1; then
    cat "$log"
    echo "lint: configuring $unity failed" >&2
    exit 2
  fi
  cp "$unity/compile_commands.json" "$commands/"
  mapfile -t files < <(sources_of "$commands/compile_commands.json")
  # Every product source must be in a batch or linted alone: a file that no
  # target compiles would otherwise pass unseen.
  missing=$(comm -23 \
    <(git ls-files --cached --others --exclude-standard -- "${product[@]/%//*.cpp}" |
      sed "s|^|$src/|" | sort) \
    <(for file in "${files[@]}"; do
      case "$file" in
        */Unity/*) sed -n 's/^#include "\(.*\)"$/\1/p' "$file" ;;
        *) echo "$file" ;;
      esac
    done | sort -u))
  if [ -n "$missing" ]; then
    echo "lint: no target compiles these sources, so they were not linted:" >&2
    echo "$missing" >&2
    exit 1
  fi
  # The batches live in the build directory, out of reach of .clang-tidy's
  # lookup, and include .cpp files by design.
  tidy_args+=(--config-file="$src/.clang-tidy" --checks=-bugprone-suspicious-include)
else
  scope=("${product[@]}")
  [ "$mode" = all ] && scope+=(tests)
  mapfile -t files < <(git ls-files --cached --others --exclude-standard -- "${scope[@]/%//*.cpp}" \
    2>/dev/null || find "${scope[@]}" -name '*.cpp')
  # The tests include a header precompiled by g++, which clang cannot read:
  # clang-tidy gets the same commands without it (it parses the header itself).
  sed -e 's| -Winvalid-pch||g' -e 's| -include [^ ]*/cmake_pch\.hxx||g' \
    "$build/compile_commands.json" >"$commands/compile_commands.json"
fi

printf '%s\n' "${files[@]}" |
  xargs -P "$jobs" -n 1 clang-tidy -p "$commands" "${tidy_args[@]}" >"$log" 2>&1
if grep -qE '(warning|error):' "$log"; then
  grep -E -A3 '(warning|error):' "$log"
  echo "clang-tidy: findings above" >&2
  exit 1
fi
if [ "$mode" = batches ]; then
  echo "clang-tidy: no findings in ${#files[@]} batches and files of the product"
else
  echo "clang-tidy: no findings in ${#files[@]} files"
fi
