#!/usr/bin/env bash
# Builds dist/cli.js in the folder given (the action's checkout) when it is missing. The dependencies are
# installed only when node_modules is missing too; --ignore-scripts: no package's install script runs.
set -euo pipefail
root="${1:?usage: build-cli.sh <package folder>}"
cd "$root"
if [ -f dist/cli.js ]; then
  exit 0
fi
if [ ! -d node_modules ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
node scripts/ci/build-cli.mjs
test -f dist/cli.js
