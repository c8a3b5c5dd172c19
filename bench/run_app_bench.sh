#!/usr/bin/env bash
# The desktop app's benchmark (issue 10): UI CPU and raster time per frame in every view, the
# Reader on a 300 kB transcript, search as you type and key 1 to the highlight, at 1280x720 on
# a hidden window under Xvfb (Mesa llvmpipe), on a project of 1,000 generated documents and
# 50,000 quotes. See bench/README.md, "The app".
#   bench/run_app_bench.sh BUILD_DIR
# Environment: APP_BENCH_FRAMES (frames per series, default 300), APP_BENCH_SHOTS (a folder: the
# last frame of each series as a PNG there), BENCH_TOOLS (folder holding make_corpus.py;
# default bench/ if it is there, else /work/shared/bench).
set -euo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$here/out
if [ ! -x "$build/bench/app_bench" ]; then
  echo "run_app_bench: $build/bench/app_bench is not built (cmake --build $build --target app_bench)" >&2
  exit 1
fi
# The corpus of make bench-live and make bench-app, generated once.
source "$here/corpus_1000.sh"
# Which app was measured: the commit, and whether src/app had changes not yet committed.
rev=$(git -C "$here/.." rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$(git -C "$here/.." status --porcelain -- src/app 2>/dev/null)" ] && rev="$rev, src/app modified"
export APP_BENCH_REVISION=$rev
# Always on an Xvfb of its own with Mesa's software rasteriser (llvmpipe), as the targets are set.
LIBGL_ALWAYS_SOFTWARE=1 "$here/../tests/app/with_display.sh" "$build/bench/app_bench" "$corpus" "$out/work_app" "$out/result_app.json"
