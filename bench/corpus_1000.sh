# Sourced by the live and app benchmarks' runners: generates the 1,000-document corpus once
# (its manifest marks it complete) and sets $corpus. Needs $here (bench/) and $out.
tools=${BENCH_TOOLS:-/work/shared/bench}
[ -f "$here/make_corpus.py" ] && tools=$here
corpus=$out/corpus_1000
mkdir -p "$out"
if [ ! -f "$corpus.manifest.json" ]; then
  rm -rf "$corpus"
  python3 "$tools/make_corpus.py" "$corpus" --docs 1000 --seed 3 > "$corpus.manifest.json.tmp"
  mv "$corpus.manifest.json.tmp" "$corpus.manifest.json"
fi
