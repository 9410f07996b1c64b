#!/bin/sh
# window_compare_test.sh — comparisons in the window, under a virtual X server.
#
# Run by ctest as `with_xvfb.sh WxHxD window_compare_test.sh CONVEYOR SCENARIOS_DIR`.
# Three ways to stack panes, each checked from a screenshot (S) of the window:
# `compare` without --headless (two runs, one after the other), C in a `run`
# window (the other backend, stacked below), and `view A.json B.json`. A
# stacked window has one separator row of a single colour across its whole
# width between the panes, and both panes hold a picture (not the "next"
# placeholder) once both runs have ended. Each closes with Esc, exit 0, and
# leaves nothing in /dev/shm. Without xdotool the test is skipped (exit 77).
set -u
conveyor=$1
scenarios=$2
tiny="--set run.items=12 --set expect.min_items=12"

# shellcheck source=window_lib.sh
. "$(dirname "$0")/window_lib.sh"

# S, then the newest screenshot's path in $shot.
screenshot() {
    before=$(grep -c "saved screenshot" "$work/stderr")
    refresh_window
    xdotool key --window "$window" s
    for _ in $(seq 1 100); do
        [ "$(grep -c "saved screenshot" "$work/stderr")" -gt "$before" ] && break
        sleep 0.1
    done
    shot=$(grep "saved screenshot" "$work/stderr" | tail -n 1 | sed 's/.*saved screenshot //')
    [ -f "$shot" ] || fail "$1: S wrote no screenshot"
}

# The picture has two panes: a uniform separator row near the middle, and
# below it a picture with many colours (lanes), not a flat placeholder.
check_two_panes() {
    python3 - "$shot" <<'PY' || fail "$1: $shot does not show two stacked pictures"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
w, h, depth, colour = struct.unpack(">IIBB", data[16:26])
assert depth == 8 and colour in (2, 6), (depth, colour)
bpp = 3 if colour == 2 else 4
idat, at = b"", 8
while at < len(data):
    length, kind = struct.unpack(">I4s", data[at:at + 8])
    if kind == b"IDAT":
        idat += data[at + 8:at + 8 + length]
    at += 12 + length
raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        p = a + b - c
        pred = [0, a, b, (a + b) // 2, a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else b if abs(p - b) <= abs(p - c) else c][f]
        line[i] = (line[i] + pred) & 255
    rows.append(bytes(line))
    prev = line
def pixels(y):
    return {rows[y][x * bpp:x * bpp + 3] for x in range(w)}
separators = [y for y in range(h * 2 // 5, h * 3 // 5) if len(pixels(y)) == 1]
assert separators, "no uniform row between the panes"
below = set()
for y in range(max(separators) + 1, h):
    below |= pixels(y)
assert len(below) > 12, ("the lower pane is flat", len(below))
PY
}

close_window() {
    refresh_window
    xdotool key --window "$window" Escape
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && fail "$1: the window did not close within 5 s of Esc"
    wait "$pid"
    status=$?
    [ "$status" -eq 0 ] || fail "$1: exit status $status after Esc, expected 0"
    pid=""
}

# 1. compare: two runs, the second after the first.
: >"$work/stderr"
# shellcheck disable=SC2086
"$conveyor" compare "$scenarios/classic.ini" --vs processes $tiny --exit-after 60 2>"$work/stderr" &
pid=$!
find_window
sleep 4 # both tiny runs end
screenshot "compare"
check_two_panes "compare"
close_window "compare"

# 2. C in a run window: the other backend, stacked below.
: >"$work/stderr"
# shellcheck disable=SC2086
"$conveyor" run "$scenarios/classic.ini" $tiny --exit-after 60 2>"$work/stderr" &
pid=$!
find_window
refresh_window
xdotool key --window "$window" c
sleep 4
screenshot "run, C"
check_two_panes "run, C"
close_window "run, C"

# 3. view A.json B.json: saved traces stacked on one playhead.
# shellcheck disable=SC2086
"$conveyor" run "$scenarios/classic.ini" --headless --quiet $tiny --trace a.json || fail "a.json"
# shellcheck disable=SC2086
"$conveyor" run "$scenarios/classic.ini" --headless --quiet $tiny --backend processes --trace b.json || fail "b.json"
: >"$work/stderr"
"$conveyor" view a.json b.json --exit-after 60 2>"$work/stderr" &
pid=$!
find_window
xdotool key --window "$window" End
sleep 1
screenshot "view"
check_two_panes "view"
close_window "view"

# Nothing left in /dev/shm: an entry still there a second later stayed (other
# tests running in parallel create and at once unlink their own).
for entry in /dev/shm/conveyor*; do
    [ -e "$entry" ] || continue
    sleep 1
    [ -e "$entry" ] && fail "left in /dev/shm: $entry"
done
echo "window_compare_test: ok"
