#!/usr/bin/env bash
# Runs dist/cli.js of the folder given with the action's inputs (environment variables, never pasted into
# the script, so an input cannot inject shell code). MP_ARGS is split on white space with globbing off: the
# command line expands globs itself.
set -euo pipefail
root="${1:?usage: run-cli.sh <package folder>}"
set -f
# shellcheck disable=SC2206
args=(${MP_ARGS:-})
set +f
exec node "$root/dist/cli.js" "${MP_COMMAND:-validate}" --format "${MP_FORMAT:-github}" "${args[@]}"
