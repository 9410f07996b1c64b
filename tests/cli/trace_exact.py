#!/usr/bin/env python3
"""trace_exact.py TRACE.json — checks a Chrome trace as a double-based viewer
reads it: within each lane, every span's end — ts + dur added as doubles,
as speedscope and JavaScript do, or the ts of a "B" span's "E" — equals the
next span's ts exactly, both as written and after subtracting the earliest
ts from every time (speedscope does that before adding ts + dur), and every
flow arrow (put -> get) finishes no earlier than it starts. Prints what it
checked; exits 1 with the first offenders otherwise."""
import json
import sys
from collections import defaultdict

events = json.load(open(sys.argv[1]))["traceEvents"]
lanes = defaultdict(list)
open_spans = {}
starts, finishes = {}, defaultdict(list)
for e in events:
    if e.get("ph") == "X":
        lanes[(e["pid"], e["tid"])].append((e["ts"], e["ts"] + e["dur"], e["dur"]))
    elif e.get("ph") == "B":
        open_spans[(e["pid"], e["tid"])] = e["ts"]
    elif e.get("ph") == "E":
        ts = open_spans.pop((e["pid"], e["tid"]))
        lanes[(e["pid"], e["tid"])].append((ts, e["ts"], "E"))
    elif e.get("ph") == "s":
        starts[e["id"]] = e["ts"]
    elif e.get("ph") == "f":
        finishes[e["id"]].append(e["ts"])
origin = min((span[0] for spans in lanes.values() for span in spans), default=0)
pairs, bad = 0, []
for lane, spans in lanes.items():
    spans.sort()
    for (ts, end, dur), (next_ts, _, _) in zip(spans, spans[1:]):
        pairs += 1
        shifted_end = (ts - origin) + dur if dur != "E" else end - origin
        if end != next_ts or shifted_end != next_ts - origin:
            bad.append(f"lane {lane}: {ts} + {dur} = {end!r}, next starts at {next_ts!r}")
arrows, backwards = 0, []
for item, start in starts.items():
    for finish in finishes.get(item, []):
        arrows += 1
        if finish < start:
            backwards.append(f"item {item}: starts at {start}, finishes at {finish}")
print(f"{pairs} adjacent span pairs, {len(bad)} not exact; "
      f"{arrows} flow arrows, {len(backwards)} backwards")
for line in (bad + backwards)[:5]:
    print("  " + line)
if pairs == 0 or arrows == 0:
    print("  nothing to check: the trace has no adjacent spans or no arrows")
sys.exit(1 if bad or backwards or pairs == 0 or arrows == 0 else 0)
