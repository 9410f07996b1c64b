#!/usr/bin/env bash
# drill_dropped.sh CONVEYOR BACKEND — issue 19, point 7: dropped trace events
# are never silent. With --quiet stderr still says how many; the CSV ends with
# a "dropped" row (six columns like every other, so CSV readers take it); a
# run asked for a file with gaps (trace, CSV, PNG, SVG) exits 1, one asked
# only for the summary or report (exact either way) exits 0 with a warning.
# Tiny trace rings (CONVEYOR_TEST_RING_EVENTS, a test hook) make the drops
# certain; with processes the issue's case too: the parent stopped for a while.
conveyor=$1
backend=$2
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

fast=(--set producers.work=none --set consumers.work=none --set run.items=200000
  --set run.buffer=16)

# Every row has six fields; the last is the dropped row; its count is the report's.
csv_dropped_row() { # CSV REPORT
  python3 -c 'import csv, json, sys
rows = list(csv.reader(open(sys.argv[1])))
report = json.load(open(sys.argv[2]))
ok = all(len(r) == 6 for r in rows) and rows[-1][:3] == ["", "", "dropped"] \
    and int(rows[-1][5]) == report["dropped_events"] > 0 \
    and sum(1 for r in rows if r[2] == "dropped") == 1
print("yes" if ok else "no: last row %r, report %r" % (rows[-1], report["dropped_events"]))' "$1" "$2"
}

label="$backend-tiny-rings"
CONVEYOR_TEST_RING_EVENTS=16 start_run --backend "$backend" --quiet --csv "$tmp/$label.csv" \
  --svg "$tmp/$label.svg" --report "$tmp/$label.json" "${fast[@]}"
wait_run
expect_exit 1 "$label: files with gaps were asked for"
expect_match "$tmp/err" "^conveyor: error: [0-9]+ trace event\(s\) dropped" "$label: --quiet still says so on stderr"
[ ! -s "$tmp/out" ]
check $? "$label: --quiet prints nothing on stdout"
result=$(csv_dropped_row "$tmp/$label.csv" "$tmp/$label.json")
[ "$result" = yes ]
check $? "$label: the CSV ends with one six-column dropped row holding the report's count ($result)"

label="$backend-report-only"
CONVEYOR_TEST_RING_EVENTS=16 start_run --backend "$backend" --quiet --report "$tmp/$label.json" \
  "${fast[@]}"
wait_run
expect_exit 0 "$label: the report is exact, so the run still succeeds"
expect_match "$tmp/err" "^conveyor: warning: [0-9]+ trace event\(s\) dropped" "$label: --quiet still warns on stderr"

if [ "$backend" = processes ]; then
  # The issue's case: the parent (and so the collector) stopped while workers run.
  label="$backend-parent-stopped"
  CONVEYOR_TEST_RING_EVENTS=64 start_run --backend processes --quiet --csv "$tmp/$label.csv" \
    --set run.duration=2s --set run.items=1000000000 --set producers.work="io 1ms" \
    --set consumers.work="io 1ms"
  wait_workers 4 || exit 1
  sleep 0.3
  kill -STOP "$run_pid"
  sleep 0.5
  kill -CONT "$run_pid"
  wait_run
  expect_exit 1 "$label: events dropped while the parent was stopped fail the run"
  expect_match "$tmp/err" "^conveyor: error: [0-9]+ trace event\(s\) dropped" "$label: said on stderr"
  expect_match "$tmp/$label.csv" "^,,dropped," "$label: the CSV says so"
fi
expect_clean "$backend dropped events"
finish
