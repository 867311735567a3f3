#!/usr/bin/env bash
# Installs, from Debian 12's own repositories, whatever driftwatch needs to
# build, test and demo that is not installed yet. Safe to run repeatedly.
set -euo pipefail

packages=(
  # build
  g++ cmake make ninja-build pkg-config
  libpqxx-dev libpq-dev libssl-dev zlib1g-dev nlohmann-json3-dev libcli11-dev
  libboost-dev libtomlplusplus-dev libspdlog-dev libsqlite3-dev libsystemd-dev prometheus-cpp-dev
  libpg-query-dev
  # tests and demo: a PostgreSQL 15 server to start throwaway clusters from
  catch2 postgresql-15 postgresql-client-15
  # code checks
  clang-format clang-tidy
  # the daemon's tests: HTTP, JSON, the unit file checks, the .deb
  curl python3 systemd dpkg-dev
  # the manual pages' linter
  mandoc
  # the libraries of PgBouncer, which tests/cli/pooler.sh runs from .tools/
  libc-ares2 libevent-2.1-7
  # tests in which real migration tools write the ledgers (label "tools");
  # tools/ledger_transactions also runs Sqitch, ActiveRecord, Illuminate's
  # migrator (Laravel) and, with Java, Liquibase from npm
  python3-django python3-alembic python3-psycopg2 sqitch libdbd-pg-perl openjdk-17-jre-headless
  ruby-activerecord ruby-pg php-cli php-pgsql php-illuminate-database php-illuminate-filesystem
)

# promtool and prometheus come from Debian's prometheus package, and
# pgbouncer from Debian's pgbouncer package, unpacked into .tools/ rather than
# installed: installing them would also enable a Prometheus and a PgBouncer
# service on this machine, which a build has no business doing.
tools_dir="$(cd "$(dirname "$0")/.." && pwd)/.tools"
unpack_tool() {  # unpack_tool PACKAGE PROGRAM: .tools/PACKAGE/PROGRAM
  [ -x "$tools_dir/$1/$2" ] && return 0
  command -v apt-get >/dev/null || return 0
  echo "unpacking Debian's $1 package into $tools_dir/$1"
  local download
  download=$(mktemp -d)
  # apt fetches as its own _apt user, which must be able to write there.
  chmod 755 "$download"
  if id _apt >/dev/null 2>&1; then chown _apt "$download"; fi
  (cd "$download" && apt-get -q download "$1" >/dev/null) || {
    apt-get -o DPkg::Lock::Timeout=600 -q update >/dev/null
    (cd "$download" && apt-get -q download "$1" >/dev/null)
  }
  mkdir -p "$tools_dir"
  rm -rf "${tools_dir:?}/$1"
  dpkg-deb -x "$download/$1"_*.deb "$tools_dir/$1"
  rm -rf "$download"
}
install_tools() {
  unpack_tool prometheus usr/bin/promtool
  unpack_tool pgbouncer usr/sbin/pgbouncer
}

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  install_tools
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "driftwatch needs these Debian packages: ${missing[*]}" >&2
  echo "install them as root: apt-get install ${missing[*]}" >&2
  exit 1
fi

# The tests start their own throwaway clusters; do not let the server package
# create and start a system-wide one on port 5432 as a side effect.
if ! dpkg-query -W -f='${Status}' postgresql-common 2>/dev/null | grep -q "ok installed"; then
  mkdir -p /etc/postgresql-common
  [ -f /etc/postgresql-common/createcluster.conf ] ||
    echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf
fi

echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt_get() { apt-get -o DPkg::Lock::Timeout=600 -q "$@"; }
apt_get update >/dev/null
apt_get install -y --no-install-recommends "${missing[@]}" >/dev/null
install_tools
