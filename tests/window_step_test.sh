#!/bin/sh
# window_step_test.sh — step mode in the live window, under a virtual X
# server, driven like a user: a click on C0's lane and the number keys play
# the lost wake-up of lost-wakeup.ini (twenty steps), the run ends as a
# deadlock at once, and --save-schedule wrote exactly the steps of the
# shipped lost-wakeup.schedule; then G lets a stepped classic run finish,
# and --schedule replays deadlock.schedule in the window. Screenshots (S)
# are taken on the way and kept with --keep DIR for a person to look at.
#
#   xvfb-run -a window_step_test.sh CONVEYOR SCENARIOS_DIR [--keep DIR]
set -u
conveyor=$1
scenarios=$2
keep=${4:-}

# shellcheck source=window_lib.sh
. "$(dirname "$0")/window_lib.sh"

open_window() {
    "$conveyor" run "$@" --exit-after 60 2>"$work/stderr" &
    pid=$!
    window=""
    for _ in $(seq 1 100); do
        window=$(xdotool search --pid "$pid" --name "conveyor" 2>/dev/null | head -n 1)
        [ -n "$window" ] && break
        kill -0 "$pid" 2>/dev/null || fail "conveyor exited before its window opened"
        sleep 0.1
    done
    [ -n "$window" ] || fail "no window appeared within 10 s"
    sleep 1.5
}

screenshot() {
    before=$(grep -c "saved screenshot" "$work/stderr")
    xdotool key --window "$window" s
    for _ in $(seq 1 100); do
        [ "$(grep -c "saved screenshot" "$work/stderr")" -gt "$before" ] && break
        sleep 0.1
    done
    [ -n "$keep" ] && cp conveyor-*.png "$keep/" 2>/dev/null
    return 0
}

close_window() {
    xdotool key --window "$window" Escape
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && fail "the window did not close within 5 s of Esc"
    wait "$pid"
    status=$?
}

keys() {
    for key in "$@"; do
        xdotool key --window "$window" "$key"
        sleep 0.4
    done
}

# The lost wake-up, by hand: C0's lane clicked (the middle lane of three, in
# a 1280x800 window), on its bar and then on its name, then the lanes'
# numbers (1 P0, 2 C0, 3 C1).
open_window "$scenarios/lost-wakeup.ini" --step --save-schedule "$work/taken.schedule"
screenshot
xdotool mousemove --window "$window" 500 303 click 1
sleep 0.4
# C0's name, left of the bars: the whole row is the lane (a click there did nothing).
xdotool mousemove --window "$window" 40 303 click 1
sleep 0.4
keys 3 3 1 1 1 1 1 1 1 1 2 2 2 2 2 2 3 3
sleep 0.5
screenshot
close_window
[ "$status" -eq 1 ] || fail "exit status $status after the deadlock, expected 1"
grep -v '^#' "$scenarios/lost-wakeup.schedule" | sed 's/ *#.*//; /^$/d' >"$work/expected"
grep -v '^#' "$work/taken.schedule" >"$work/taken"
diff "$work/expected" "$work/taken" >"$work/diff" ||
    fail "the saved steps differ from lost-wakeup.schedule: $(cat "$work/diff")"

# G: step mode off, the run goes on to its end.
open_window "$scenarios/classic.ini" --step --set run.items=200
keys 1 g
sleep 2
screenshot
close_window
[ "$status" -eq 0 ] || fail "exit status $status after G and the run's end, expected 0"

# A schedule replayed in the window: the deadlock at once.
open_window "$scenarios/deadlock.ini" --schedule "$scenarios/deadlock.schedule"
screenshot
close_window
[ "$status" -eq 1 ] || fail "exit status $status after the replayed deadlock, expected 1"
# A schedule that stops fitting at its third line, in the window: the run
# fails at once; Esc exits 1 and says why on stderr, as headless does (not
# only "expectation not met").
printf 'C0 lock\nC0 wait not empty\nC0 lock\n' >"$work/bad.sched"
open_window "$scenarios/lost-wakeup.ini" --schedule "$work/bad.sched"
close_window
[ "$status" -eq 1 ] || fail "exit status $status after a schedule that no longer fits, expected 1"
grep -q "bad.sched:3: the schedule no longer fits" "$work/stderr" ||
    fail "the window's exit hid the cause: $(cat "$work/stderr")"

# Two steps of a stepped run, then Esc: closing the window before the run
# ends is the user's choice, 0, as for any run (conveyor run --help).
open_window "$scenarios/race.ini" --step
keys 1 1
close_window
[ "$status" -eq 0 ] || fail "exit status $status after Esc halfway through step mode, expected 0"
echo "window_step_test: ok"
