#!/usr/bin/env bash
# Runs a command on a virtual X server of its own: Xvfb picks a free display and reports it
# (-displayfd), so tests run in parallel never race for one (xvfb-run -a can).
#   tests/app/with_display.sh COMMAND...
set -euo pipefail
dir=$(mktemp -d)
mkfifo "$dir/display"
Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$dir/display" 2>"$dir/log" &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$dir"' EXIT
read -r number <"$dir/display"
DISPLAY=":$number" "$@"
