#!/usr/bin/env bash
# Tests the Debian package that `cpack -G DEB` makes (cmake/packaging.cmake):
# builds it, then checks with dpkg-deb what it contains and declares, runs
# its maintainer scripts in a scratch root, and runs the packaged binary.
#
#   deb_contents.sh SOURCE_DIR BUILD_DIR
#
# BUILD_DIR is the test suite's build directory. Its binary cannot simply be
# packaged from there: that directory is configured with the prefix
# /usr/local, and the unit's paths and the configuration's destination are
# computed at configure time (cmake/packaging.cmake says why). So this test
# configures its own build directory, BUILD_DIR/package-build, with
# -DCMAKE_INSTALL_PREFIX=/usr (a 2-second configure), and instead of
# compiling the project a second time there (about 6 minutes on 2 cores),
# puts BUILD_DIR's daemon/driftwatch where that directory's install rule
# takes it from; cpack strips it as it would a Release build's. The binary
# carries one install path, the default of --config (SYSCONFDIR/driftwatch/
# driftwatch.toml): a copied binary names BUILD_DIR's, so only a binary
# compiled in package-build is checked to name /etc/driftwatch/driftwatch.toml.
# The packaged unit passes --config explicitly, so the unit works either way.
# CMAKE_SKIP_INSTALL_ALL_DEPENDENCY keeps cpack from building the copy over.
# The project is compiled in package-build after all when BUILD_DIR's
# binary is missing or built with sanitizers, or when
# DRIFTWATCH_PACKAGE_FULL_BUILD=1 is set.
#
# Checks, each failure reported and counted:
#   - cpack refuses BUILD_DIR itself when its prefix is not /usr;
#   - the file name (DEB-DEFAULT) and control fields: name, version, section,
#     priority, maintainer, description, and Depends (computed by
#     dpkg-shlibdeps) naming the runtime libraries: libpqxx, libpq,
#     libsqlite3, libsystemd, libstdc++, libc; no sanitizer runtime;
#   - the control area: conffiles lists /etc/driftwatch/driftwatch.toml and
#     nothing else, the maintainer scripts are packaging/debian's, with mode
#     0755;
#   - the files: the binary, the unit, the sysusers.d file, the example
#     configuration, the documentation, and the alert rules and dashboards
#     of exporters/alerts/*.yml and exporters/dashboards/*.json when the
#     source tree has them (promtool's *.test.yml excepted); every path is on
#     an allow-list (no headers, static libraries, CMake files, test
#     binaries, nothing under /usr/local), owned by root, not writable by
#     others;
#   - the contents: the unit runs /usr/bin/driftwatch with
#     /etc/driftwatch/driftwatch.toml and its Documentation= files are in
#     the package; the packaged files are the source tree's;
#   - the maintainer scripts, run against a scratch root (DPKG_ROOT) with a
#     stand-in systemctl that only records its calls: postinst creates the
#     user, says what to do next and never enables or starts the service;
#     prerm and postrm remove keep the state; postrm purge removes it;
#   - the packaged binary, unpacked with dpkg-deb -x, runs `--version` with
#     the system's libraries; it is stripped and has no RPATH; compiled in
#     package-build, its default --config is /etc/driftwatch/driftwatch.toml.
#
# Prints the package's file list. Needs cmake, cpack, dpkg-deb and
# dpkg-shlibdeps (Debian's dpkg-dev). Not root; touches nothing outside
# BUILD_DIR/package-build and a temporary directory.
#
# Exit status: 0 passed, 1 failed, 77 skipped (a tool is missing).
set -euo pipefail

if (($# != 2)); then
  echo "usage: $0 SOURCE_DIR BUILD_DIR" >&2
  exit 1
fi
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
pkgbuild="$build/package-build"
started=$SECONDS

for tool in cmake cpack dpkg-deb dpkg; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool not found (Debian's dpkg and cmake are needed to make a .deb)"
    exit 77
  fi
done
if ! command -v dpkg-shlibdeps >/dev/null; then
  echo "SKIP: dpkg-shlibdeps not found: it computes the package's Depends;"
  echo "      install Debian's dpkg-dev (apt-get install dpkg-dev)"
  exit 77
fi

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# cache_value DIR NAME: a variable of DIR/CMakeCache.txt, empty if unset.
cache_value() {
  sed -n "s/^$2:[A-Z]*=//p" "$1/CMakeCache.txt" | head -n 1
}

# --- the build directory of the test suite refuses to be packaged ---------
main_prefix=$(cache_value "$build" CMAKE_INSTALL_PREFIX)
if [ "$main_prefix" != /usr ] && [ -f "$build/CPackConfig.cmake" ]; then
  if timeout 120 cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/refused" \
    >"$tmp/refused.log" 2>&1; then
    fail "cpack packaged $build, configured with the prefix $main_prefix"
  elif ! grep -q "CMAKE_INSTALL_PREFIX=$main_prefix" "$tmp/refused.log"; then
    cat "$tmp/refused.log"
    fail "cpack failed in $build, but not with the prefix check's message"
  else
    echo "ok: cpack refuses $build (prefix $main_prefix)"
  fi
fi

# --- a build directory with the prefix /usr, and the binary ---------------
cmake_args=(-DCMAKE_BUILD_TYPE=Release -DDRIFTWATCH_BUILD_TESTS=OFF
  -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON)
main_cxx=$(cache_value "$build" CMAKE_CXX_COMPILER)
[ -z "$main_cxx" ] || cmake_args+=("-DCMAKE_CXX_COMPILER=$main_cxx")
if ! cmake -S "$src" -B "$pkgbuild" "${cmake_args[@]}" >"$tmp/configure.log" 2>&1; then
  cat "$tmp/configure.log"
  echo "FAIL: configuring $pkgbuild"
  exit 1
fi

main_binary="$build/daemon/driftwatch"
compiled_here=0
if [ "${DRIFTWATCH_PACKAGE_FULL_BUILD:-0}" = 1 ] || [ ! -x "$main_binary" ] ||
  [ "$(cache_value "$build" DRIFTWATCH_SANITIZE)" = ON ]; then
  compiled_here=1
  echo "building the project in $pkgbuild (Release)"
  if ! cmake --build "$pkgbuild" -j"$(nproc 2>/dev/null || echo 2)" >"$tmp/build.log" 2>&1; then
    tail -n 60 "$tmp/build.log"
    echo "FAIL: building in $pkgbuild"
    exit 1
  fi
else
  echo "packaging $main_binary (no second compilation)"
  mkdir -p "$pkgbuild/daemon"
  cp -p "$main_binary" "$pkgbuild/daemon/driftwatch"
  # The compressed manual pages are built files too, but compile nothing.
  if ! cmake --build "$pkgbuild" --target driftwatch_man_pages >"$tmp/build.log" 2>&1; then
    cat "$tmp/build.log"
    echo "FAIL: compressing the manual pages in $pkgbuild"
    exit 1
  fi
fi

# --- the package ------------------------------------------------------------
version=$(cache_value "$pkgbuild" CMAKE_PROJECT_VERSION)
arch=$(dpkg --print-architecture)
rm -rf "$pkgbuild/package"
if ! (cd "$pkgbuild" && cpack -G DEB -B "$pkgbuild/package") >"$tmp/cpack.log" 2>&1; then
  cat "$tmp/cpack.log"
  echo "FAIL: cpack -G DEB in $pkgbuild"
  exit 1
fi
deb="$pkgbuild/package/driftwatch_${version}_${arch}.deb"
if [ ! -f "$deb" ]; then
  ls -l "$pkgbuild/package"
  echo "FAIL: cpack did not make $deb"
  exit 1
fi
echo "package: $deb ($(stat -c %s "$deb") bytes)"

# --- control fields ---------------------------------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
expect_field() {
  local actual
  actual=$(field "$1")
  [ "$actual" = "$2" ] || fail "control field $1 is '$actual', expected '$2'"
}
expect_field Package driftwatch
expect_field Version "$version"
expect_field Architecture "$arch"
expect_field Section database
expect_field Priority optional
expect_field Maintainer "driftwatch maintainers <driftwatch@example.invalid>"
description=$(field Description)
[ "$(printf '%s\n' "$description" | wc -l)" -ge 3 ] ||
  fail "Description has no long description: '$description'"

depends=$(field Depends)
echo "Depends: $depends"
# One entry of Depends, as a package name pattern (the version may vary).
for package in 'libpqxx-[0-9.]+' 'libpq5' 'libsqlite3-0' 'libsystemd0' 'libstdc\+\+6' 'libc6'; do
  printf '%s\n' "$depends" | grep -Eq "(^|, )${package}( |,|$)" ||
    fail "Depends has no $package"
done
if printf '%s\n' "$depends" | grep -Eq '(^|, )(libasan|libubsan|lib[a-z0-9.+-]*-dev)'; then
  fail "Depends names a sanitizer runtime or a -dev package"
fi

# --- the control area ---------------------------------------------------------
dpkg-deb --ctrl-tarfile "$deb" | tar -tvf - >"$tmp/control.list"
control_mode() { awk -v name="./$1" '$NF == name { print $1 }' "$tmp/control.list"; }
for script in postinst prerm postrm; do
  [ "$(control_mode "$script")" = "-rwxr-xr-x" ] ||
    fail "control member $script is missing or not 0755: '$(control_mode "$script")'"
  dpkg-deb -I "$deb" "$script" >"$tmp/$script" 2>/dev/null || true
  cmp -s "$tmp/$script" "$src/packaging/debian/$script" ||
    fail "control member $script differs from packaging/debian/$script"
done
[ "$(control_mode conffiles)" = "-rw-r--r--" ] ||
  fail "control member conffiles is missing or not 0644"
conffiles=$(dpkg-deb -I "$deb" conffiles 2>/dev/null || true)
[ "$conffiles" = /etc/driftwatch/driftwatch.toml ] ||
  fail "conffiles is '$conffiles', expected /etc/driftwatch/driftwatch.toml alone"

# --- the file list ------------------------------------------------------------
dpkg-deb -c "$deb" >"$tmp/contents"
echo "files in the package:"
sed 's/^/  /' "$tmp/contents"
# Mode, owner, path: dpkg-deb -c prints mode, owner, size, date, time, path.
sed -E 's/^([^ ]+) +([^ ]+) +[^ ]+ +[^ ]+ +[^ ]+ +\.?(.*)$/\1 \2 \3/' "$tmp/contents" >"$tmp/files"
paths=$(awk '{ print $3 }' "$tmp/files")

name='[A-Za-z0-9_.@+-]+'
allowed=(
  '/'
  '/etc/' '/etc/driftwatch/' '/etc/driftwatch/driftwatch\.toml'
  '/usr/' '/usr/bin/' '/usr/bin/driftwatch'
  '/usr/lib/' '/usr/lib/systemd/' '/usr/lib/systemd/system/'
  '/usr/lib/systemd/system/driftwatch\.service'
  '/usr/lib/sysusers\.d/' '/usr/lib/sysusers\.d/driftwatch\.conf'
  '/usr/share/' '/usr/share/doc/' '/usr/share/doc/driftwatch/'
  "/usr/share/doc/driftwatch/$name\\.md"
  "/usr/share/driftwatch/($name/)*"
  "/usr/share/driftwatch/($name/)*$name\\.(yml|yaml|json)"
  '/usr/share/man/' '/usr/share/man/man1/' '/usr/share/man/man5/'
  '/usr/share/man/man1/driftwatch\.1\.gz' '/usr/share/man/man5/driftwatch\.toml\.5\.gz'
)
allow_regex="^($(
  IFS='|'
  echo "${allowed[*]}"
))\$"
while read -r mode owner path; do
  if ! printf '%s\n' "$path" | grep -Eq "$allow_regex"; then
    fail "unexpected path in the package: $path"
  fi
  [ "$owner" = root/root ] || fail "$path is owned by $owner, not root/root"
  case "$mode" in
    d*) [ "$mode" = drwxr-xr-x ] || fail "directory $path has mode $mode" ;;
    -*)
      expected=-rw-r--r--
      [ "$path" != /usr/bin/driftwatch ] || expected=-rwxr-xr-x
      [ "$mode" = "$expected" ] || fail "$path has mode $mode, expected $expected"
      ;;
    *) fail "$path is neither a file nor a directory ($mode)" ;;
  esac
done <"$tmp/files"

has_path() { printf '%s\n' "$paths" | grep -Fxq "$1"; }
for required in /usr/bin/driftwatch /usr/lib/systemd/system/driftwatch.service \
  /usr/lib/sysusers.d/driftwatch.conf /etc/driftwatch/driftwatch.toml \
  /usr/share/doc/driftwatch/systemd.md /usr/share/doc/driftwatch/configuration.md \
  /usr/share/doc/driftwatch/install.md /usr/share/man/man1/driftwatch.1.gz \
  /usr/share/man/man5/driftwatch.toml.5.gz; do
  has_path "$required" || fail "missing from the package: $required"
done

# --- the contents ---------------------------------------------------------
root="$tmp/root"
dpkg-deb -x "$deb" "$root"

same() { # PACKAGED SOURCE
  cmp -s "$root$1" "$2" || fail "$1 is not $2"
}
same /etc/driftwatch/driftwatch.toml "$src/config/driftwatch.toml"
same /usr/lib/sysusers.d/driftwatch.conf "$src/systemd/driftwatch.sysusers"
for doc in "$root"/usr/share/doc/driftwatch/*.md; do
  same "/usr/share/doc/driftwatch/${doc##*/}" "$src/docs/${doc##*/}"
done
for page in man1/driftwatch.1 man5/driftwatch.toml.5; do
  if [ -f "$root/usr/share/man/$page.gz" ]; then
    zcat "$root/usr/share/man/$page.gz" | cmp -s - "$src/docs/man/${page#*/}" ||
      fail "/usr/share/man/$page.gz is not docs/man/${page#*/}"
  fi
done

unit="$root/usr/lib/systemd/system/driftwatch.service"
if [ -f "$unit" ]; then
  grep -qx 'ExecStart=/usr/bin/driftwatch run --config /etc/driftwatch/driftwatch.toml' "$unit" ||
    fail "the unit's ExecStart= is not /usr/bin/driftwatch with /etc/driftwatch/driftwatch.toml: $(grep '^ExecStart=' "$unit")"
  ! grep -n '/usr/local' "$unit" || fail "the unit mentions /usr/local"
  documentation=$(sed -n 's|^Documentation=file:||p' "$unit")
  [ -n "$documentation" ] || fail "the unit has no Documentation=file: line"
  for doc in $documentation; do
    has_path "$doc" || fail "the unit's Documentation=file:$doc is not in the package"
  done
fi

# The alert rules and dashboards, when the source tree has them: each under
# /usr/share/driftwatch/ (in whatever subfolder), as in the source tree.
shopt -s nullglob
for source_file in "$src"/exporters/alerts/*.yml "$src"/exporters/dashboards/*.json; do
  case "$source_file" in *.test.yml) continue ;; esac # promtool's unit tests
  packaged=
  while read -r path; do
    if [[ $path == /usr/share/driftwatch/* && ${path##*/} == "${source_file##*/}" ]]; then
      packaged=$path
      break
    fi
  done <<<"$paths"
  if [ -z "$packaged" ]; then
    fail "exporters/${source_file#"$src"/exporters/} is not in the package under /usr/share/driftwatch/"
  else
    same "$packaged" "$source_file"
  fi
done
shopt -u nullglob

# --- the packaged binary ----------------------------------------------------
binary="$root/usr/bin/driftwatch"
if [ -x "$binary" ]; then
  if missing=$(ldd "$binary" 2>&1 | grep 'not found'); then
    fail "the packaged binary needs libraries this system lacks: $missing"
  fi
  if output=$(env -i PATH=/usr/bin:/bin "$binary" --version 2>&1); then
    [ "$output" = "driftwatch $version" ] ||
      fail "packaged driftwatch --version says '$output', expected 'driftwatch $version'"
    echo "packaged binary: $output"
  else
    fail "the packaged binary does not run: $output"
  fi
  if [ "$compiled_here" = 1 ]; then
    env -i PATH=/usr/bin:/bin "$binary" run --help 2>&1 |
      grep -q -- '--config TEXT=/etc/driftwatch/driftwatch.toml' ||
      fail "the packaged binary's default --config is not /etc/driftwatch/driftwatch.toml"
  fi
  if command -v readelf >/dev/null; then
    ! readelf -S "$binary" | grep -q '\.debug_info' || fail "the packaged binary is not stripped"
    ! readelf -d "$binary" | grep -Eq 'RPATH|RUNPATH' ||
      fail "the packaged binary has an RPATH: $(readelf -d "$binary" | grep -E 'RPATH|RUNPATH')"
  fi
fi

# --- the maintainer scripts, in a scratch root ----------------------------
# DPKG_ROOT points them at $root (the unpacked package) and a stand-in
# systemctl records their calls without reaching this machine's systemd.
mkdir -p "$tmp/bin"
printf '#!/bin/sh\necho "$*" >>"%s"\n' "$tmp/systemctl.log" >"$tmp/bin/systemctl"
chmod +x "$tmp/bin/systemctl"
: >"$tmp/systemctl.log"
systemd_runs=false
[ ! -d /run/systemd/system ] || systemd_runs=true
maintainer_script() { # NAME ARGS...: exit status, output in $tmp/script.out
  [ -n "$root" ] && [ "$root" != / ] || exit 1 # never against this machine
  local script=$1
  shift
  DPKG_ROOT="$root" PATH="$tmp/bin:$PATH" sh "$src/packaging/debian/$script" "$@" \
    >"$tmp/script.out" 2>&1
}

if maintainer_script postinst configure ""; then
  grep -q 'neither enabled nor started' "$tmp/script.out" ||
    fail "postinst configure (first install) does not say the service is not enabled"
  if command -v systemd-sysusers >/dev/null; then
    grep -q '^driftwatch:x:[0-9]*:[0-9]*:[^:]*:/var/lib/driftwatch:' "$root/etc/passwd" 2>/dev/null ||
      fail "postinst configure did not create the driftwatch user (DPKG_ROOT/etc/passwd)"
  fi
else
  cat "$tmp/script.out"
  fail "postinst configure failed"
fi
if maintainer_script postinst configure 0.0.1; then
  ! grep -q 'neither enabled nor started' "$tmp/script.out" ||
    fail "postinst configure (upgrade) repeats the first-install message"
else
  cat "$tmp/script.out"
  fail "postinst configure (upgrade) failed"
fi
mkdir -p "$root/var/lib/driftwatch" "$root/etc/systemd/system/multi-user.target.wants"
echo state >"$root/var/lib/driftwatch/state.db"
ln -s /usr/lib/systemd/system/driftwatch.service \
  "$root/etc/systemd/system/multi-user.target.wants/driftwatch.service"
maintainer_script prerm remove || fail "prerm remove failed: $(cat "$tmp/script.out")"
maintainer_script postrm remove || fail "postrm remove failed: $(cat "$tmp/script.out")"
[ -f "$root/var/lib/driftwatch/state.db" ] || fail "postrm remove removed the state"
maintainer_script postrm purge || fail "postrm purge failed: $(cat "$tmp/script.out")"
[ ! -e "$root/var/lib/driftwatch" ] || fail "postrm purge kept /var/lib/driftwatch"
[ ! -L "$root/etc/systemd/system/multi-user.target.wants/driftwatch.service" ] ||
  fail "postrm purge kept the enablement link"
for script in postinst prerm postrm; do
  ! maintainer_script "$script" no-such-action || fail "$script accepts an unknown action"
done

if grep -Eq '(^| )(enable|start|reenable|restart)( |$)' "$tmp/systemctl.log"; then
  fail "a maintainer script enables or starts the service: $(tr '\n' ';' <"$tmp/systemctl.log")"
fi
if $systemd_runs; then
  for call in 'daemon-reload' 'try-restart driftwatch.service' 'stop driftwatch.service'; do
    grep -q -- "$call" "$tmp/systemctl.log" || fail "no 'systemctl $call' while systemd runs"
  done
elif [ -s "$tmp/systemctl.log" ]; then
  fail "systemctl called without a running systemd: $(tr '\n' ';' <"$tmp/systemctl.log")"
fi

echo "took $((SECONDS - started))s"
if ((failures > 0)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all package checks passed"
