#!/usr/bin/env bash
# Smoke test of the app as a program: make a project with the CLI, draw each view with
# `samsyn --screenshot` in both languages, and check that each PNG has the asked size and is
# not blank (the window really drew something).
#   tests/app/screenshot_smoke.sh SAMSYN SAMSYN_CLI CORPUS_DIR
set -euo pipefail
app=$1
cli=$2
corpus=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export XDG_CONFIG_HOME=$dir/config
"$cli" init "$dir/p.samsyn" >/dev/null
"$cli" import "$dir/p.samsyn" "$corpus/intervju_02_senior_kjell.txt" "$corpus/intervju_04_civilsamhalle_leif.txt" >/dev/null
"$cli" theme add "$dir/p.samsyn" "Trygghet" >/dev/null
"$cli" autocode "$dir/p.samsyn" trygghetslarm --theme Trygghet >/dev/null
check_png() {  # FILE W H
    python3 - "$@" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
w, h = struct.unpack('>II', data[16:24])
assert (w, h) == (int(sys.argv[2]), int(sys.argv[3])), f'size {w}x{h}'
# Decompress the image data: a blank frame is one colour.
chunks, i = b'', 8
while i < len(data):
    n = struct.unpack('>I', data[i:i+4])[0]
    if data[i+4:i+8] == b'IDAT': chunks += data[i+8:i+8+n]
    i += 12 + n
raw = zlib.decompress(chunks)
assert len(set(raw[1:1 + 4 * w])) > 1 or len(set(raw)) > 8, 'blank image'
PY
}
for lang in sv en; do
  for view in documents reader themes people quotes search memos matrix; do
    out=$dir/$view-$lang.png
    "$app" --project "$dir/p.samsyn" --view "$view" --lang "$lang" --size 1280x720 --screenshot "$out"
    check_png "$out" 1280 720
  done
done
# A HiDPI screen: type and sizes at 200 %.
"$app" --project "$dir/p.samsyn" --view reader --scale 2 --size 2560x1440 --screenshot "$dir/hidpi.png"
check_png "$dir/hidpi.png" 2560 1440
# A script that fails names its line and exits 1.
printf 'click Finns inte\n' >"$dir/bad.txt"
if "$app" --project "$dir/p.samsyn" --script "$dir/bad.txt" 2>"$dir/err"; then
  echo "a failing script exited 0" >&2
  exit 1
fi
grep -q "bad.txt:1: no visible item 'Finns inte'" "$dir/err"
echo "ok: 17 screenshots (one at 200 %), failing script reported"
