#!/usr/bin/env bash
# The manual pages (docs/man/) are well-formed and complete: mandoc's linter
# finds nothing, driftwatch(1) names every subcommand and every option that
# the binary's --help prints, driftwatch.toml(5) every key of the example
# configuration, and both carry the binary's version.
#   man_pages.sh BINARY SOURCE_DIR
set -euo pipefail

binary=$1
src=$2
page1=$src/docs/man/driftwatch.1
page5=$src/docs/man/driftwatch.toml.5
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

command -v mandoc >/dev/null || {
  echo "FAIL: mandoc is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
}
for page in "$page1" "$page5"; do
  [ -f "$page" ] || { echo "FAIL: $page is missing" >&2; exit 1; }
done

# --- well-formed ------------------------------------------------------------
for page in "$page1" "$page5"; do
  if lint=$(mandoc -T lint -W warning "$page" 2>&1) && [ -z "$lint" ]; then :; else
    fail "mandoc -T lint ${page#"$src"/}:"$'\n'"$lint"
  fi
done

# --- the version --------------------------------------------------------------
version=$("$binary" --version) # "driftwatch X.Y.Z"
for page in "$page1" "$page5"; do
  grep -q "^\.TH .*\"$version\"" "$page" ||
    fail "${page#"$src"/}: its .TH line does not carry \"$version\": $(grep '^\.TH' "$page")"
done

# The page as a terminal shows it, without the overstrikes of bold and
# underlined text.
render() { mandoc -T ascii "$1" | sed -e 's/.\x08//g'; }

# --- driftwatch(1): every subcommand and option -----------------------------
rendered1=$(render "$page1")
has1() { grep -qF -- "$1" <<<"$rendered1"; }
subcommands=$("$binary" --help | awk '/^Subcommands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')
[ -n "$subcommands" ] || fail "no subcommand found in driftwatch --help"
for sub in $subcommands; do
  has1 "driftwatch $sub" || fail "driftwatch.1 never shows 'driftwatch $sub'"
  # Options as --help lists them: "  -c,--config TEXT..." or "  --format TEXT...".
  options=$("$binary" "$sub" --help | grep -oE '^ +(-[A-Za-z],)?--[a-z][a-z0-9-]*' |
    tr ',' ' ' | tr -s ' ' '\n' | grep -v '^$' | grep -vxE -- '-h|--help' || true)
  for option in $options; do
    has1 "$option" || fail "driftwatch.1 lacks option $option of 'driftwatch $sub'"
  done
done
for section in SYNOPSIS DESCRIPTION "EXIT STATUS" SIGNALS ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
  grep -q "^\.SH \"\?$section\"\?\$" "$page1" || fail "driftwatch.1 has no $section section"
done

# --- driftwatch.toml(5): every key of the example ---------------------------
rendered5=$(render "$page5")
example=$src/config/driftwatch.toml
keys=$(sed -nE 's/^#? *([a-z_]+) *=.*/\1/p' "$example" | sort -u)
tables=$(sed -nE 's/^#? *\[\[?([a-z_.]+)\]\]? *$/\1/p' "$example" | sort -u)
[ -n "$keys" ] || fail "no key found in $example"
for key in $keys; do
  grep -qE "(^|[^a-z_])$key([^a-z_]|$)" <<<"$rendered5" ||
    fail "driftwatch.toml.5 lacks the key '$key' of config/driftwatch.toml"
done
for table in $tables; do
  grep -qF "[$table]" <<<"$rendered5" || fail "driftwatch.toml.5 lacks the table [$table]"
done

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "manual pages: lint clean; $(wc -w <<<"$subcommands") subcommands, $(wc -w <<<"$keys") keys covered"
