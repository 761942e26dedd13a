#!/usr/bin/env bash
# Browser tests of `graphperm serve`: headless Chromium (Debian package) driven by
# playwright-core, with axe-core. Installs what is missing, builds the binary, runs
# e2e/tests with node's test runner; the output ends with the runner's summary.
# Idempotent; exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing chromium (apt-get)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "error: node and npm are needed for the browser tests (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi

# The debug binary: `cargo test` has just built it, so CI spends no time on a release build.
echo "== building graphperm"
cargo build -p graphperm --quiet
target_dir="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
export GRAPHPERM_BIN="${GRAPHPERM_BIN:-$target_dir/debug/graphperm}"

cd e2e
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/@axe-core/playwright ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "== node --test (e2e)"
node --test --test-concurrency=1 --test-reporter=spec tests/
