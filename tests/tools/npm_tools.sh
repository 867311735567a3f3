# Shared by the tests that run migration tools from the npm registry:
# installs them once into DRIFTWATCH_TOOLS_DIR (default: a folder in the
# build tree) and skips the test (exit 77) when npm or the registry is not there.
npm_tools() {
  # One folder per test: tests run in parallel, and npm installs must not.
  local dir=${DRIFTWATCH_TOOLS_DIR:?}/$(basename "$0" .sh)
  command -v npm >/dev/null || { echo "npm not installed: skipped"; exit 77; }
  mkdir -p "$dir"
  # Without a package.json here, npm would install into a parent folder's.
  [ -f "$dir/package.json" ] || echo '{"private": true}' >"$dir/package.json"
  local spec missing=()
  for spec in "$@"; do
    [ -d "$dir/node_modules/${spec%@*}" ] || missing+=("$spec")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    (cd "$dir" && npm install --no-audit --no-fund --silent "${missing[@]}" >"$dir/npm-install.log" 2>&1) ||
      { echo "npm install ${missing[*]} failed (no registry?): skipped"; tail -5 "$dir/npm-install.log"; exit 77; }
  fi
  export PATH="$dir/node_modules/.bin:$PATH"
  export NODE_PATH="$dir/node_modules"
}
