#!/usr/bin/env bash
# test_compare.sh CONVEYOR — `conveyor compare` as a user meets it: a bad
# --vs is exit 2 naming the --vs argument, before anything runs; a tiny
# three-run comparison writes every file, each parsed back (runs one after
# the other, one process group per run, a run column, one pane per run); a
# variant that deadlocks keeps its pane and the comparison goes on.
set -u
conveyor=$1
here=$(dirname "$0")
. "$here/lib.sh"

tiny=(--set run.items=6 --set "producers.work=io 1ms" --set "consumers.work=io 1ms" --set expect.min_items=6)

expect_status 0 "compare --help" -- "$conveyor" compare --help
expect_match "$tmp/out" "--vs OVERRIDES" "compare --help explains --vs"
expect_status 2 "compare without --vs" -- "$conveyor" compare classic --headless
expect_match "$tmp/err" "compare with what" "the missing --vs is named"
expect_status 2 "a --vs that is no override" -- "$conveyor" compare classic --headless --vs proceses
expect_match "$tmp/err" "--vs proceses: 'proceses' is not section.key=value" "the bad --vs is named with why"
expect_status 2 "an empty part in --vs" -- "$conveyor" compare classic --headless --vs "gil,,processes"
expect_match "$tmp/err" "--vs gil,,processes: an empty part" "the empty part is named"
expect_status 2 "an unknown key in --vs" -- "$conveyor" compare classic --headless --vs run.buffr=3
expect_match "$tmp/err" "^--vs run.buffr=3: error: .*did you mean 'buffer'" "the loader's message names the --vs"
expect_status 2 "a bad value in a short form" -- "$conveyor" compare classic --headless --vs gil=maybe
expect_match "$tmp/err" "^--vs gil=maybe: error: " "a bad short-form value names the --vs"
expect_status 2 "a picture into a missing folder, before any run" -- "$conveyor" compare classic --headless --vs processes --svg "$tmp/nope/x.svg"
expect_status 2 "files asked of the window" -- "$conveyor" compare classic --vs processes --png "$tmp/x.png"
expect_match "$tmp/err" "the window writes no files" "the window says to add --headless"
expect_status 2 "more than four runs" -- "$conveyor" compare classic --headless --vs gil --vs processes --vs buffer=1 --vs buffer=2
expect_match "$tmp/err" "at most 4 runs" "the limit is said"

out="$tmp/cmp"
expect_status 0 "a tiny comparison of three runs" -- "$conveyor" compare classic --headless "${tiny[@]}" \
  --vs processes --vs gil=on,buffer=1 --report "$out.json" --trace "$out.trace.json" \
  --csv "$out.csv" --png "$out.png" --svg "$out.svg" --size 1200x1500
expect_match "$tmp/out" "^run 2  run.backend=processes .*vs run 1" "the table gives each run's speed-up"
if python3 - "$out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
runs = d["runs"]
assert [r["variant"] for r in runs] == ["as written", "run.backend=processes", "run.gil=on, run.buffer=1"], runs
assert len(d["speedups"]) == 3 and abs(d["speedups"][0] - 1.0) < 1e-9, d["speedups"]
for before, after in zip(runs, runs[1:]):
    assert after["started_s"] >= before["ended_s"], ("runs overlap", before, after)
for r in runs:
    assert r["started_s"] < r["ended_s"]
    assert r["report"]["outcome"] == "completed" and r["report"]["items_consumed"] == 6, r["report"]
    assert abs(r["speedup"] - runs[0]["report"]["elapsed_s"] / r["report"]["elapsed_s"]) < 1e-6
assert runs[1]["report"]["backend"] == "processes" and runs[2]["report"]["gil"] is True
assert runs[2]["report"]["buffer_slots"] == 1
PY
then ok "the report holds each run's report, never overlapping, with speed-ups"; else fail "compare report"; fi
if python3 - "$out.trace.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
names = {e["pid"]: e["args"]["name"] for e in d["traceEvents"] if e.get("name") == "process_name"}
assert names == {1: "run 1: as written", 2: "run 2: run.backend=processes", 3: "run 3: run.gil=on, run.buffer=1"}, names
pids = {e["pid"] for e in d["traceEvents"] if e.get("ph") in ("B", "X")}
assert pids == {1, 2, 3}, pids
PY
then ok "the trace has one named process group per run"; else fail "compare trace"; fi
expect_status 2 "render of a comparison's trace" -- "$conveyor" render "$out.trace.json" --png "$tmp/c.png"
expect_match "$tmp/err" "a comparison of 3 runs.*render A.json B.json" "it says the trace holds a comparison and what to do"
if python3 - "$out.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert list(rows[0].keys()) == ["run", "variant", "worker", "role", "state", "start_us", "end_us", "item"]
assert {r["run"] for r in rows} == {"1", "2", "3"}
assert {r["variant"] for r in rows if r["run"] == "3"} == {"run.gil=on, run.buffer=1"}
PY
then ok "the CSV has run and variant columns"; else fail "compare CSV"; fi
if [ "$(head -c 8 "$out.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] &&
   python3 -c "import struct,sys; d=open(sys.argv[1],'rb').read(24); assert struct.unpack('>II', d[16:24]) == (1200, 1500)" "$out.png"; then
  ok "the PNG is 1200x1500"; else fail "compare PNG"; fi
if command -v xmllint >/dev/null; then
  if xmllint --noout "$out.svg" && [ "$(grep -c '<g id="run-' "$out.svg")" = 3 ]; then ok "the SVG is well-formed with three panes"; else fail "compare SVG"; fi
else
  if grep -q '<g id="run-3">' "$out.svg"; then ok "the SVG has three panes (no xmllint)"; else fail "compare SVG"; fi
fi

# Saved traces stacked the same way.
expect_status 0 "a saved threads run" -- "$conveyor" run classic --headless --quiet "${tiny[@]}" --trace "$tmp/a.json"
expect_status 0 "a saved processes run" -- "$conveyor" run classic --headless --quiet "${tiny[@]}" --backend processes --trace "$tmp/b.json"
expect_status 0 "render two traces stacked" -- "$conveyor" render "$tmp/a.json" "$tmp/b.json" --png "$tmp/ab.png" --svg "$tmp/ab.svg"
if [ "$(head -c 8 "$tmp/ab.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] && grep -q '<g id="run-2">' "$tmp/ab.svg" &&
   { ! command -v xmllint >/dev/null || xmllint --noout "$tmp/ab.svg"; }; then
  ok "stacked traces give a PNG and an SVG with two panes"; else fail "render A B"; fi
expect_status 2 "render of two traces needs a picture" -- "$conveyor" render "$tmp/a.json" "$tmp/b.json" --csv "$tmp/ab.csv"
expect_status 2 "render of a missing second trace" -- "$conveyor" render "$tmp/a.json" "$tmp/nope.json" --png "$tmp/x.png"
expect_match "$tmp/err" "nope.json" "the missing trace is named"

# A variant that deadlocks keeps its pane; the comparison exits 1 but writes everything.
expect_status 1 "a deadlocking variant" -- "$conveyor" compare deadlock --headless --set run.deadlock_timeout=300ms \
  --vs processes --report "$tmp/dl.json" --png "$tmp/dl.png"
if python3 -c "
import json,sys; d=json.load(open(sys.argv[1]))
assert [r['report']['outcome'] for r in d['runs']] == ['deadlock', 'deadlock']
assert d['speedups'] == [None, None]" "$tmp/dl.json" && [ -s "$tmp/dl.png" ]; then
  ok "deadlocked runs keep their panes and have no speed-up"; else fail "deadlocked comparison"; fi

left=$(shm_leftovers)
if [ -z "$left" ]; then ok "nothing left in /dev/shm"; else fail "left in /dev/shm: $left"; fi
finish
