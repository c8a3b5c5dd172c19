#!/usr/bin/env python3
"""Print the Samsyn-vs-Recoll table for one corpus size from the result JSONs.

Usage: report.py [--dir bench/out] [--markdown] SIZE [SIZE ...]
       report.py --dir DIR --median SIZE TOOL   (run_bench.sh: keep the median of repeated runs)

Reads DIR/result_<SIZE>_samsyn.json and DIR/result_<SIZE>_recoll.json (either may
be missing; its column then shows "-"). Ratio = samsyn / recoll. For MB/s and
units/s a ratio above 1 means Samsyn is faster; for RSS, index size and latency
a ratio below 1 means Samsyn is smaller/faster.
"""
import argparse
import json
import os
import sys

ROWS = [  # label, key or function of the result, decimals
    ("MB/s", "mb_per_s", 2),
    ("units/s", "units_per_s", 0),
    ("peak RSS MB", "peak_rss_mb", 1),
    ("index MB", lambda r: r["index_bytes"] / 1e6, 1),
    ("search p50 ms", "search_p50_ms", 2),
    ("search p99 ms", "search_p99_ms", 2),
]
CONTEXT = [
    ("corpus MB", lambda r: r["bytes"] / 1e6, 1),
    ("files", "files", 0),
    ("units", "units", 0),
    ("index+import s", "index_s", 2),
    ("queries", "queries", 0),
    ("hits total", "hits_total", 0),
    ("zero-hit queries", "zero_hit_queries", 0),
]


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return None


def value(r, key):
    if r is None:
        return None
    try:
        return key(r) if callable(key) else r.get(key)
    except (KeyError, TypeError):
        return None


def fmt(v, dec):
    if v is None:
        return "-"
    if isinstance(v, (int, float)):
        return f"{v:,.{dec}f}"
    return str(v)


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def table(size, s, r, markdown):
    lines = []
    head = ["", "samsyn", "recoll", "ratio"]
    body = []
    for label, key, dec in ROWS:
        a, b = value(s, key), value(r, key)
        body.append([label, fmt(a, dec), fmt(b, dec), fmt(ratio(a, b), 2)])
    body.append(["", "", "", ""])
    for label, key, dec in CONTEXT:
        a, b = value(s, key), value(r, key)
        body.append([label, fmt(a, dec), fmt(b, dec), ""])

    title = f"Corpus {size}"
    if markdown:
        lines.append(f"### {title}\n")
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "|".join(["---"] + ["---:"] * 3) + "|")
        for row in body:
            if any(row):
                lines.append("| " + " | ".join(row) + " |")
    else:
        w = [max(len(x[i]) for x in [head] + body) for i in range(4)]
        lines.append(f"== {title} ==")
        lines.append("  ".join([head[0].ljust(w[0])] + [h.rjust(w[i]) for i, h in enumerate(head) if i]))
        for row in body:
            lines.append("  ".join([row[0].ljust(w[0])] + [c.rjust(w[i]) for i, c in enumerate(row) if i]))

    for name, res in (("samsyn", s), ("recoll", r)):
        runs = (res or {}).get("index_s_runs")
        if runs and len(runs) > 1:
            lines.append(f"{name}: median of {len(runs)} runs, index+import s: "
                         + ", ".join(f"{x:.2f}" for x in runs))
    imp = ratio(value(s, "mb_per_s"), value(r, "mb_per_s"))
    p99 = ratio(value(s, "search_p99_ms"), value(r, "search_p99_ms"))
    lines.append("")
    lines.append(f"import speed ratio samsyn/recoll (MB/s): {fmt(imp, 2)}"
                 + ("  (>1: Samsyn imports faster)" if imp else ""))
    lines.append(f"search p99 ratio samsyn/recoll (ms):    {fmt(p99, 2)}"
                 + ("  (<1: Samsyn answers faster)" if p99 else ""))
    us, ur = value(s, "units"), value(r, "units")
    if us is not None and ur is not None and us != ur:
        lines.append(f"note: units differ (samsyn {us:,} paragraphs/units, recoll {ur:,} documents); "
                     "compare units/s with that in mind, MB/s is the like-for-like speed")
    if s is None:
        lines.append("(no Samsyn result: samsyn_bench not built or failed)")
    if r is None:
        lines.append("(no Recoll result)")
    return "\n".join(lines)


def keep_median(directory, size, tool):
    """Writes result_<size>_<tool>.json: the run (result_<size>_<tool>.runK.json) with the
    median index_s, with every run's index_s added as index_s_runs."""
    runs = []
    for name in sorted(os.listdir(directory)):
        if name.startswith(f"result_{size}_{tool}.run") and name.endswith(".json"):
            r = load(os.path.join(directory, name))
            if r is not None and r.get("index_s") is not None:
                runs.append(r)
    if not runs:
        return
    times = [r["index_s"] for r in runs]
    chosen = sorted(runs, key=lambda r: r["index_s"])[(len(runs) - 1) // 2]
    chosen = dict(chosen, index_s_runs=times)
    path = os.path.join(directory, f"result_{size}_{tool}.json")
    with open(path + ".tmp", "w") as f:
        json.dump(chosen, f, indent=2, sort_keys=True)
    os.replace(path + ".tmp", path)


def main():
    if "--median" in sys.argv:
        ap = argparse.ArgumentParser(description="keep the median run of one tool")
        ap.add_argument("--median", action="store_true")
        ap.add_argument("--dir", required=True)
        ap.add_argument("size")
        ap.add_argument("tool")
        a = ap.parse_args()
        keep_median(a.dir, a.size, a.tool)
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="+")
    ap.add_argument("--dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "out"))
    ap.add_argument("--markdown", action="store_true", help="GitHub table, e.g. for bench/README.md")
    a = ap.parse_args()
    out = []
    for size in a.sizes:
        s = load(os.path.join(a.dir, f"result_{size}_samsyn.json"))
        r = load(os.path.join(a.dir, f"result_{size}_recoll.json"))
        if s is None and r is None:
            print(f"no results for size {size} in {a.dir}", file=sys.stderr)
            continue
        out.append(table(size, s, r, a.markdown))
    print("\n\n".join(out))


if __name__ == "__main__":
    main()
