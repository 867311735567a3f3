#!/usr/bin/env bash
# Tests the generated systemd unit driftwatch.service with
# `systemd-analyze verify`: every directive known to this systemd, every value
# parsable, the executables present. And, if given, the sysusers.d file: that
# systemd-sysusers accepts it and creates the user and group the unit runs as,
# with the state directory as home. systemd does not need to run (in a
# container it usually does not); root is not needed either.
#
#   verify_unit.sh DRIFTWATCH_BINARY GENERATED_UNIT [SYSUSERS_FILE]
#
# DRIFTWATCH_BINARY is the built build/daemon/driftwatch; GENERATED_UNIT is
# the unit CMake configured into the build tree (build/systemd/driftwatch.service);
# SYSUSERS_FILE is systemd/driftwatch.sysusers.
#
# Hermetic: the unit is copied into a temporary directory, its ExecStart= and
# ExecReload= executables are replaced with DRIFTWATCH_BINARY (verify checks
# that they exist; the installed paths do not exist here), and that directory
# is the only unit search path (SYSTEMD_UNIT_PATH), so neither units nor
# drop-ins installed on this machine take part. verify does not look up
# User=/Group=, so the driftwatch user need not exist.
#
# `systemd-analyze verify` exits 0 on mere warnings (an unknown directive, an
# unparsable value: both are then ignored by systemd) unless
# --recursive-errors= is given, so the test fails on either of
#   - a non-zero exit status, or
#   - any output line that mentions the unit, unless listed in BENIGN below.
# It then runs verify on deliberately broken copies, each of which must fail,
# so that the test notices if verify stopped checking (an option changing
# meaning, warnings going to the journal instead of stderr, ...).
#
# Finally it prints the exposure score of `systemd-analyze security
# --offline=true`, for information: a score never fails the test.
#
# Exit status: 0 passed, 1 failed, 77 skipped (no usable systemd-analyze).
set -euo pipefail

if (($# != 2 && $# != 3)); then
  echo "usage: $0 DRIFTWATCH_BINARY GENERATED_UNIT [SYSUSERS_FILE]" >&2
  exit 1
fi
binary=$1
unit=$2
sysusers=${3:-}

if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "SKIP: systemd-analyze not found (Debian: apt-get install systemd)"
  exit 77
fi
# --recursive-errors= (systemd 250) both makes warnings fail verify and, set
# to "no", lets verify skip loading the unit's dependencies (sysinit.target,
# network-online.target, ...), which are not in our search path.
analyze_help=$(systemd-analyze --help)
for option in --recursive-errors= --man --generators; do
  if [[ $analyze_help != *"$option"* ]]; then
    echo "SKIP: $(systemd-analyze --version | head -n 1) has no $option option (systemd >= 250 needed)"
    exit 77
  fi
done

if [[ ! -f $unit ]]; then
  echo "FAIL: $unit does not exist (configure the build: cmake -S . -B build)"
  exit 1
fi
if [[ ! -x $binary ]]; then
  echo "FAIL: $binary is not an executable (build it: cmake --build build --target driftwatch)"
  exit 1
fi
binary=$(realpath "$binary")
# The path goes into ExecStart= unquoted: no spaces, quotes, "$" or "%"
# (a systemd specifier).
if [[ ! $binary =~ ^[A-Za-z0-9/._+-]+$ ]]; then
  echo "FAIL: cannot put $binary into ExecStart=: use a build directory whose path has only A-Z a-z 0-9 / . _ + -"
  exit 1
fi

# Log to stderr (not the journal, where a test run as a service would send
# it: JOURNAL_STREAM), without colours, at a fixed level: info shows every
# warning and error and hides the debug messages listed in BENIGN.
export SYSTEMD_LOG_TARGET=console SYSTEMD_LOG_LEVEL=info SYSTEMD_LOG_COLOR=0 SYSTEMD_COLORS=0
export SYSTEMD_PAGER=cat SYSTEMD_LOG_LOCATION=0 SYSTEMD_LOG_TIME=0
unset SYSTEMD_UNIT_PATH

# Messages that mention the unit without being a problem with it. At
# SYSTEMD_LOG_LEVEL=info none has been seen (systemd 252, Debian 12, in a
# Docker container as root and as nobody). At debug level, which the line
# above rules out, these appear and are benign:
#   - "driftwatch.service: Failed to parse system call, ignoring:
#     riscv_hwprobe" (and "uretprobe"), also prefixed with FILE:LINE:
#     systemd's @system-service group names system calls that this
#     libseccomp does not know yet; nothing in the unit is wrong. Anchored
#     to those names: a misspelt call in SystemCallFilter= gives the same
#     message and must fail.
#   - "Failed to read $container of PID 1, ignoring: Permission denied",
#     "PR_SET_MM_ARG_START failed: Operation not permitted": container-only,
#     and do not mention the unit anyway.
BENIGN='Failed to parse system call, ignoring: (riscv_hwprobe|uretprobe)$'

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# prepare DIR SOURCE: DIR/driftwatch.service, SOURCE with our executables.
prepare() {
  local dir=$1 source=$2 line key value rest exec_start=0
  mkdir -p "$dir" || return 1
  while IFS= read -r line || [[ -n $line ]]; do
    case $line in
      ExecStart=* | ExecReload=*)
        key=${line%%=*}
        value=${line#*=}
        rest=""
        [[ $value == *" "* ]] && rest=" ${value#* }"
        line="$key=$binary$rest"
        [[ $key == ExecStart ]] && exec_start=$((exec_start + 1))
        ;;
    esac
    printf '%s\n' "$line"
  done <"$source" >"$dir/driftwatch.service" || return 1
  if ((exec_start != 1)); then
    echo "FAIL: $source has $exec_start ExecStart= lines, expected 1"
    return 1
  fi
}

# verify DIR: runs systemd-analyze verify on DIR/driftwatch.service, with DIR
# as the only unit directory; prints its output; returns 1 if it found a
# problem.
verify() {
  local dir=$1 output status=0 problems
  output=$(SYSTEMD_UNIT_PATH=$dir systemd-analyze verify --man=no --generators=no \
    --recursive-errors=no "$dir/driftwatch.service" 2>&1) || status=$?
  local line
  if [[ -n $output ]]; then
    while IFS= read -r line; do printf '  | %s\n' "$line"; done <<<"$output"
  fi
  problems=$(grep -F 'driftwatch.service' <<<"$output" | grep -Ev "$BENIGN" || true)
  if ((status != 0)); then
    echo "  verify exited with status $status"
    return 1
  fi
  if [[ -n $problems ]]; then
    echo "  verify exited with status 0 but reported problems with the unit"
    return 1
  fi
  return 0
}

failed=0

echo "== the generated unit: $unit"
# configure_file() replaced every @VARIABLE@; a name it does not know stays.
if grep -nE '@[A-Z_]+@' "$unit"; then
  echo "FAIL: unreplaced @VARIABLE@ in $unit"
  failed=1
fi
prepare "$tmp/good" "$unit"
if verify "$tmp/good"; then
  echo "ok: systemd-analyze verify found no problem"
else
  echo "FAIL: systemd-analyze verify found problems in $unit"
  failed=1
fi

# The negative checks: each broken copy must fail, with a message that names
# the unit and the broken line (so that the output check alone, without the
# exit status, would have failed it too).
# check_broken NAME SED_EXPRESSION EXPECTED_MESSAGE
broken=0
check_broken() {
  local name=$1 expression=$2 expected=$3 dir output
  broken=$((broken + 1))
  dir="$tmp/broken$broken"
  echo "== negative check, $name: must fail"
  # Called as a condition, where set -e does not apply: check each step.
  prepare "$dir" "$unit" || return 1
  sed -i -e "$expression" "$dir/driftwatch.service" || return 1
  if cmp -s "$tmp/good/driftwatch.service" "$dir/driftwatch.service"; then
    echo "FAIL: the expression $expression changed nothing: fix the test"
    return 1
  fi
  if output=$(verify "$dir"); then
    printf '%s\n' "$output"
    echo "FAIL: verify accepted a unit with $name: it no longer checks what this test relies on"
    return 1
  fi
  printf '%s\n' "$output"
  if ! grep -F -- "$expected" <<<"$output" | grep -qF 'driftwatch.service'; then
    echo "FAIL: verify rejected the unit with $name, but no line names the unit and \"$expected\""
    return 1
  fi
  echo "ok: rejected, as it should be"
}
check_broken "a misspelt directive" 's/^ProtectSystem=strict$/ProtectSytem=strict/' \
  "Unknown key 'ProtectSytem'" || failed=1
check_broken "an invalid value" 's/^RestartSec=.*/RestartSec=soon/' "soon" || failed=1
check_broken "a misspelt system call" 's/^\(SystemCallFilter=~.*\)$/\1 sched_setaffinityy/' \
  "sched_setaffinityy" || failed=1
check_broken "a missing executable" "s|^ExecStart=[^ ]*|ExecStart=$tmp/no-such-driftwatch|" \
  "no-such-driftwatch" || failed=1

if [[ -n $sysusers ]]; then
  echo "== the sysusers.d file: $sysusers"
  if ! command -v systemd-sysusers >/dev/null 2>&1; then
    echo "FAIL: systemd-sysusers not found (it comes with systemd-analyze)"
    failed=1
  else
    # value KEY: the value of the unit's KEY= line.
    value() { sed -n "s/^$1=//p" "$unit" | tail -n 1; }
    user=$(value User)
    group=$(value Group)
    home=/var/lib/$(value StateDirectory)
    # Into an empty root: creates TMP/sysroot/etc/passwd and group.
    mkdir -p "$tmp/sysroot/etc"
    status=0
    output=$(systemd-sysusers --root="$tmp/sysroot" "$(realpath "$sysusers")" 2>&1) || status=$?
    if [[ -n $output ]]; then
      while IFS= read -r line; do printf '  | %s\n' "$line"; done <<<"$output"
    fi
    entry=$(grep "^$user:" "$tmp/sysroot/etc/passwd" 2>/dev/null || true)
    gid=$(cut -d: -f4 <<<"$entry")
    if ((status != 0)) || grep -qF "$(basename "$sysusers")" <<<"$output"; then
      echo "FAIL: systemd-sysusers rejected $sysusers or warned about it"
      failed=1
    elif [[ -z $user || $(cut -d: -f6 <<<"$entry") != "$home" ]]; then
      echo "FAIL: $sysusers does not create the unit's User=$user with home $home: \"$entry\""
      failed=1
    elif [[ $(grep "^$group:" "$tmp/sysroot/etc/group" 2>/dev/null | cut -d: -f3) != "$gid" ]]; then
      echo "FAIL: the primary group of $user is not the unit's Group=$group"
      failed=1
    else
      echo "ok: systemd-sysusers creates $entry"
    fi
  fi
fi

echo "== systemd-analyze security (for information, never fails the test)"
if [[ $analyze_help == *--offline=* ]]; then
  if security=$(SYSTEMD_UNIT_PATH=$tmp/good systemd-analyze security --no-pager --offline=true \
    "$tmp/good/driftwatch.service" 2>&1); then
    # The settings that add to the exposure, then the score.
    grep -E '^✗|Overall exposure level' <<<"$security" || printf '%s\n' "$security"
  else
    printf '%s\n' "$security"
    echo "note: systemd-analyze security --offline=true failed; no score"
  fi
else
  echo "note: this systemd-analyze has no --offline= option; no score"
fi

if ((failed)); then
  echo "FAILED"
  exit 1
fi
echo "PASSED"
