#!/usr/bin/env python3
"""Prints live_bench's JSON (stdin) as a table against issue 9's targets (ms, p50)."""
import json
import sys

d = json.load(sys.stdin)
targets = {"open": 100, "view_document_300kB": 20, "view_matrix": 20, "command": 15, "undo": 15, "redo": 15}
print(f"{d['documents']} documents, {d['quotes']} quotes, {d.get('participants', '?')} participants "
      f"(import {d['import_s']:.1f} s, coding {d['coding_s']:.1f} s)")
for key, v in d.items():
    if not isinstance(v, dict):
        continue
    # quote_list_*, people_every_row, documents_list_whole: whole lists, not a screen: no target
    target = targets.get(key, 5 if key.startswith("view_") else None)
    mark = "" if target is None else ("  ok" if v["p50_ms"] <= target else f"  over {target} ms")
    extra = f"  ({v['per_call_ms']:.4f} ms per call)" if "per_call_ms" in v else ""
    print(f"{key:28s} p50 {v['p50_ms']:8.2f} ms  p99 {v['p99_ms']:8.2f} ms{extra}{mark}")
