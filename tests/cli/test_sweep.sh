#!/usr/bin/env bash
# test_sweep.sh CONVEYOR — `conveyor sweep` as a user meets it: bad --vary,
# --repeat and --vs are exit 2 naming the option; a tiny sweep writes a CSV
# and a report that parse back, with every run in them and no two runs
# overlapping in time; Ctrl-C keeps the runs done and marks it incomplete.
set -u
conveyor=$1
here=$(dirname "$0")
. "$here/lib.sh"

tiny=(--set run.items=4 --set expect.min_items=4 --set "consumers.work=cpu 2ms")

expect_status 0 "sweep --help" -- "$conveyor" sweep --help
expect_match "$tmp/out" "--vary KEY=V1,V2" "sweep --help explains --vary"
expect_status 2 "a --vary value that is no number" -- "$conveyor" sweep cpu-threads --vary consumers=1,x
expect_match "$tmp/err" "^--vary consumers=1,x: error: .*'x'" "the bad value names the --vary"
expect_status 2 "a --vary key with a typo" -- "$conveyor" sweep cpu-threads --vary run.bufer=1,2
expect_match "$tmp/err" "^--vary run.bufer=1,2: error: .*did you mean 'buffer'" "the typo names the --vary"
expect_status 2 "an empty --vary value" -- "$conveyor" sweep cpu-threads --vary consumers=1,,2
expect_status 2 "--repeat 0" -- "$conveyor" sweep cpu-threads --repeat 0
expect_match "$tmp/err" "--repeat wants a whole number from 1 to 20" "the --repeat range is said"
expect_status 2 "a bad --vs" -- "$conveyor" sweep cpu-threads --vs gil=maybe
expect_match "$tmp/err" "^--vs gil=maybe: error: " "the bad --vs is named"

expect_status 0 "a tiny sweep" -- "$conveyor" sweep cpu-threads "${tiny[@]}" --vary consumers=1,2 \
  --vs gil=on --repeat 2 --csv "$tmp/s.csv" --report "$tmp/s.json"
expect_match "$tmp/out" "^2  .*×" "the table has a row per value"
if python3 - "$tmp/s.csv" "$tmp/s.json" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 2 * 2 * 2, len(rows)
assert {(r["value"], r["variant"]) for r in rows} == {(v, k) for v in "12" for k in ("as written", "run.gil=on")}
assert all(r["outcome"] == "completed" for r in rows)
spans = sorted((float(r["started_s"]), float(r["ended_s"])) for r in rows)
for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
    assert s2 >= e1, ("runs overlap", (s1, e1), (s2, e2))
d = json.load(open(sys.argv[2]))
assert d["complete"] is True and d["vary_key"] == "consumers.count" and d["repeat"] == 2
assert d["variants"] == ["as written", "run.gil=on"] and d["values"] == ["1", "2"]
for point in d["points"]:
    for v in point["variants"]:
        assert len(v["runs"]) == 2 and v["median_elapsed_s"] > 0
        times = sorted(r["elapsed_s"] for r in v["runs"])
        assert abs(v["median_elapsed_s"] - sum(times) / 2) < 1e-6
assert abs(d["points"][0]["variants"][0]["speedup"] - 1.0) < 1e-9
assert d["points"][1]["ideal_speedup"] == 2.0
# Interleaved: at each value the variants take turns.
first_point = [r["variant"] for r in sorted(rows, key=lambda r: float(r["started_s"])) if r["value"] == "1"]
assert first_point == ["as written", "run.gil=on"] * 2, first_point
PY
then ok "the CSV and the report hold every run, interleaved, never overlapping, with medians"; else fail "sweep files"; fi

# Ctrl-C: the runs done are kept, the result says incomplete.
"$conveyor" sweep cpu-threads --set run.items=20 --set expect.min_items=20 --set "consumers.work=cpu 20ms" \
  --vary consumers=1,2 --repeat 3 --report "$tmp/i.json" --csv "$tmp/i.csv" >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 1.5
kill -INT $pid
wait $pid
status=$?
if [ "$status" = 130 ]; then ok "an interrupted sweep exits 130"; else fail "an interrupted sweep exits $status, not 130"; fi
if python3 -c "
import json,sys; d=json.load(open(sys.argv[1]))
assert d['complete'] is False
done = sum(len(v['runs']) for p in d['points'] for v in p['variants'])
assert 1 <= done < 6, done" "$tmp/i.json"; then ok "the interrupted sweep keeps its runs and says incomplete"; else fail "interrupted sweep report"; fi
expect_match "$tmp/out" "INCOMPLETE" "the table says incomplete"

left=$(shm_leftovers)
if [ -z "$left" ]; then ok "nothing left in /dev/shm"; else fail "left in /dev/shm: $left"; fi
finish
