#!/usr/bin/env bash
# The live core's benchmark (issue 9): open, view models, revision(), a command and an undo on
# a project of 1,000 generated documents and 50,000 quotes. See bench/README.md.
#   bench/run_live_bench.sh BUILD_DIR [QUOTES]
set -euo pipefail
build=$(cd "$1" && pwd)
quotes=${2:-50000}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$here/out
# The corpus of make bench-live and make bench-app, generated once.
source "$here/corpus_1000.sh"
"$build/bench/live_bench" "$corpus" "$out/work_live" "$quotes" > "$out/result_live.json"
python3 "$here/live_report.py" < "$out/result_live.json"
