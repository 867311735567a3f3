#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, checks the
# formatting, builds the unit tests with AddressSanitizer and
# UndefinedBehaviorSanitizer and runs them, then builds everything and runs
# every test: unit, integration against throwaway PostgreSQL servers the
# tests start themselves on 127.0.0.1, and lint (clang-format, clang-tidy).
# Exits non-zero on any failure; the output ends with ctest's summary.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
jobs=$(nproc 2>/dev/null || echo 2)

scripts/install-deps.sh || exit 1

failed=0
step() { printf '\n== %s\n' "$*"; }

# build DIR CMAKE-ARGS...: configure and build quietly; the log on failure.
# A new build directory gets Ninja, which keeps both cores busy where make
# waits for one library to be archived before compiling the next.
build() {
  local dir=$1
  shift
  if [ ! -f "$dir/CMakeCache.txt" ] && command -v ninja >/dev/null; then
    set -- -G Ninja "$@"
  fi
  if ! { cmake -S . -B "$dir" "$@" && cmake --build "$dir" -j"$jobs"; } >"$dir.log" 2>&1; then
    tail -n 80 "$dir.log"
    echo "build in $dir failed (whole log: $dir.log)"
    return 1
  fi
  echo "built $dir"
}

step "formatting"
scripts/check-format.sh && echo "formatted" || failed=1

step "unit tests under AddressSanitizer and UndefinedBehaviorSanitizer"
# A unity build: each library's files are compiled eight to a batch, which
# parses the heavy headers (Asio, nlohmann/json, spdlog) once per batch.
# The release build below compiles every file on its own, and clang-tidy
# parses each alone, so a file that misses an include is still caught.
if build build-sanitize -DCMAKE_BUILD_TYPE=Debug -DDRIFTWATCH_SANITIZE=ON \
  -DDRIFTWATCH_INTEGRATION_TESTS=OFF -DCMAKE_UNITY_BUILD=ON; then
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-sanitize -L unit -j"$jobs" --output-on-failure || failed=1
else
  failed=1
fi

step "build"
# Line tables (-g1) instead of full debug information: the same machine
# code, a third less compile time, and backtraces still name file and line.
build build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" ||
  exit 1

step "all tests: unit, integration and lint"
[ $failed = 0 ] || echo "(an earlier step failed: this run exits non-zero whatever follows)"
ctest --test-dir build -j"$jobs" --output-on-failure
status=$?
[ $failed = 0 ] || exit 1
exit $status
