#!/usr/bin/env bash
# Samsyn vs Recoll benchmark driver. See bench/README.md.
#
#   bench/run_bench.sh BUILD_DIR [S|L|both]      (default S)
#
# For each size: make the corpus (bench/out/corpus_<size>, only if missing) and
# its query set, run BUILD_DIR/bench/samsyn_bench and bench/recoll_bench.py on it
# in fresh work dirs, save bench/out/result_<size>_<tool>.json, print a table.
#
# Environment: BENCH_TOOLS  folder with make_corpus.py / make_queries.py
#              (default: bench/ if it has them, else /work/shared/bench)
#              BENCH_QUERIES number of queries (default 1000)
#              BENCH_JOBS    corpus generator processes (default 2)
set -euo pipefail

usage() { echo "usage: $0 BUILD_DIR [S|L|both]" >&2; exit 2; }
[ $# -ge 1 ] || usage
build=$(cd "$1" 2>/dev/null && pwd) || build=$(realpath -m "$1")
which_size=${2:-S}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$here/out
py=${PYTHON:-python3}
recoll_py=${RECOLL_PYTHON:-/usr/bin/python3}   # python3-recoll lives in Debian's python
nq=${BENCH_QUERIES:-1000}
jobs=${BENCH_JOBS:-2}

if [ -n "${BENCH_TOOLS:-}" ]; then
  tools=$BENCH_TOOLS
elif [ -f "$here/make_corpus.py" ] && [ -f "$here/make_queries.py" ]; then
  tools=$here
else
  tools=/work/shared/bench
fi
for t in make_corpus.py make_queries.py; do
  [ -f "$tools/$t" ] || { echo "missing $tools/$t (set BENCH_TOOLS)" >&2; exit 1; }
done

case $which_size in
  S) sizes=(S) ;;
  L) sizes=(L) ;;
  both) sizes=(S L) ;;
  *) usage ;;
esac

corpus_bytes() { case $1 in S) echo 10M ;; L) echo 100M ;; esac; }

mkdir -p "$out"
status=0
for size in "${sizes[@]}"; do
  corpus=$out/corpus_$size
  manifest=$out/corpus_$size.manifest.json   # written last by make_corpus.py
  queries=$out/queries_$size.tsv

  if [ ! -d "$corpus" ] || [ ! -f "$manifest" ]; then
    echo "== generating corpus $size ($(corpus_bytes "$size")) into $corpus" >&2
    rm -rf "$corpus" "$manifest" "$queries"
    "$py" "$tools/make_corpus.py" "$corpus" --size "$(corpus_bytes "$size")" --jobs "$jobs"
  fi
  if [ ! -s "$queries" ] || [ "$queries" -ot "$manifest" ]; then
    echo "== generating $nq queries into $queries" >&2
    "$py" "$tools/make_queries.py" "$corpus" "$queries.tmp" --n "$nq" >&2
    mv "$queries.tmp" "$queries"
  fi

  # Each tool runs BENCH_REPEAT times (default 3 on S, whose runs last seconds and swing on a
  # shared VM; 1 on L), the tools taking turns; the run with the median index time is kept.
  repeat=${BENCH_REPEAT:-$([ "$size" = S ] && echo 3 || echo 1)}
  bin=$build/bench/samsyn_bench
  rm -f "$out"/result_${size}_samsyn*.json "$out"/result_${size}_recoll*.json  # never a stale figure
  [ -x "$bin" ] || echo "samsyn_bench not built ($bin)" >&2
  for k in $(seq 1 "$repeat"); do
    if [ -x "$bin" ]; then
      res=$out/result_${size}_samsyn.run$k.json
      work=$out/work_${size}_samsyn
      rm -rf "$work"; mkdir -p "$work"
      echo "== samsyn_bench on $size (run $k of $repeat)" >&2
      if "$bin" "$corpus" "$queries" "$work" > "$res.tmp"; then
        mv "$res.tmp" "$res"
      else
        echo "samsyn_bench failed (exit $?)" >&2; rm -f "$res.tmp"; status=1
      fi
    fi
    res=$out/result_${size}_recoll.run$k.json
    work=$out/work_${size}_recoll
    echo "== recoll_bench on $size (run $k of $repeat)" >&2
    if "$recoll_py" "$here/recoll_bench.py" "$corpus" "$queries" "$work" > "$res.tmp"; then
      mv "$res.tmp" "$res"
    else
      echo "recoll_bench failed (exit $?)" >&2; rm -f "$res.tmp"; status=1
    fi
  done
  for tool in samsyn recoll; do
    "$py" "$here/report.py" --dir "$out" --median "$size" "$tool" || status=1
  done

  echo
  "$py" "$here/report.py" --dir "$out" "$size" || status=1
  echo
done
exit $status
