#!/usr/bin/env bash
# The W3C Nu HTML checker over the main pages of `graphperm serve` and of the static
# site: vnu-jar from npm (e2e/package.json), run with Debian's Java. Installs Java and
# the npm packages if missing, builds the binary, runs e2e/vnu.js; exits non-zero on any
# HTML error.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v java >/dev/null 2>&1; then
  echo "== installing java (apt-get)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq default-jre-headless >/dev/null
fi

echo "== building graphperm"
cargo build -p graphperm --quiet
target_dir="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
export GRAPHPERM_BIN="${GRAPHPERM_BIN:-$target_dir/debug/graphperm}"

cd e2e
if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "== vnu (W3C Nu HTML checker)"
node vnu.js
