#!/usr/bin/env bash
# The live core's benchmark (issue 9): open, view models, revision(), a command and an undo on
# a project of 1,000 generated documents and 50,000 quotes. See bench/README.md.
#   bench/run_live_bench.sh BUILD_DIR [QUOTES]
set -euo pipefail
build=$(cd "$1" && pwd)
quotes=${2:-50000}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tools=${BENCH_TOOLS:-/work/shared/bench}
[ -f "$here/make_corpus.py" ] && tools=$here
out=$here/out
corpus=$out/corpus_1000
mkdir -p "$out"
if [ ! -f "$corpus.manifest.json" ]; then
  rm -rf "$corpus"
  python3 "$tools/make_corpus.py" "$corpus" --docs 1000 --seed 3 > "$corpus.manifest.json.tmp"
  mv "$corpus.manifest.json.tmp" "$corpus.manifest.json"
fi
"$build/bench/live_bench" "$corpus" "$out/work_live" "$quotes" > "$out/result_live.json"
python3 "$here/live_report.py" < "$out/result_live.json"
