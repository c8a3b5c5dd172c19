#!/usr/bin/env bash
# Import throughput per format: Samsyn's `import` against what a user would otherwise do by
# hand, LibreOffice's `soffice --headless --convert-to txt` (pdftotext for PDF, which Writer
# cannot open), on the same files, same run.
#
#   bench/formats_bench.sh BUILD_DIR [N_FILES]     (default 150 files of the S corpus)
#
# The .docx/.odt/.pdf inputs are made once from bench/out/corpus_S with soffice (not timed)
# and kept in bench/out/formats/. Prints MB/s and files/s per format and the ratios.
set -euo pipefail
build=$(cd "$1" && pwd)
n=${2:-150}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$here/out/formats
corpus=$here/out/corpus_S
cli=$build/src/cli/samsyn-cli
[ -d "$corpus" ] || { echo "no $corpus: run bench/run_bench.sh $1 S first" >&2; exit 1; }
command -v soffice >/dev/null || { echo "soffice missing: apt-get install libreoffice-writer-nogui" >&2; exit 1; }
profile="-env:UserInstallation=file://$out/lo-profile"

count() { ls "$out/$1" 2>/dev/null | wc -l; }
if [ "$(count txt)" -ne "$n" ] || [ "$(count docx)" -ne "$n" ] || [ "$(count odt)" -ne "$n" ] || [ "$(count pdf)" -ne "$n" ]; then
  rm -rf "$out"/{txt,docx,odt,pdf}; mkdir -p "$out/txt"
  all=("$corpus"/*.txt)
  cp "${all[@]:0:$n}" "$out/txt/"
  for fmt in docx odt pdf; do
    mkdir -p "$out/$fmt"
    echo "== making $n .$fmt files (setup, not timed)" >&2
    soffice "$profile" --headless --convert-to "$fmt" --outdir "$out/$fmt" "$out"/txt/*.txt >/dev/null 2>&1
  done
fi

now() { date +%s.%N; }
printf '%-6s %10s %10s %10s %12s %12s %8s\n' format MB files samsyn_s soffice_s "samsyn MB/s" ratio
for fmt in txt docx odt pdf; do
  files=("$out/$fmt"/*."$fmt")
  bytes=$(cat "${files[@]}" | wc -c)
  work=$(mktemp -d)
  "$cli" init "$work/p.samsyn" >/dev/null
  t0=$(now); "$cli" import "$work/p.samsyn" "$out/$fmt" >/dev/null 2>"$work/err" || true; t1=$(now)
  mkdir -p "$work/lo"
  if [ "$fmt" = pdf ] && command -v pdftotext >/dev/null; then
    # Writer cannot open PDFs; pdftotext (poppler-utils) is what a user would reach for.
    t2=$(now); for f in "${files[@]}"; do pdftotext -q "$f" "$work/lo/$(basename "$f").txt"; done; t3=$(now)
  else
    t2=$(now); soffice "$profile" --headless --convert-to txt:Text --outdir "$work/lo" "${files[@]}" >/dev/null 2>&1 || true; t3=$(now)
  fi
  python3 - "$fmt" "$bytes" "${#files[@]}" "$t0" "$t1" "$t2" "$t3" <<'PY'
import sys
fmt, b, n, t0, t1, t2, t3 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), *map(float, sys.argv[4:])
s, l = t1 - t0, t3 - t2
print(f"{fmt:<6} {b/1e6:10.2f} {n:10d} {s:10.2f} {l:12.2f} {b/1e6/s:12.2f} {l/s:8.1f}x")
PY
  rm -rf "$work"
done
echo "ratio: converter seconds / samsyn seconds (>1: Samsyn is faster; Samsyn also stores and indexes)"
