#!/bin/sh
# window_step_test.sh — step mode in the live window, under a virtual X
# server, driven like a user: a click on C0's lane and the number keys play
# the lost wake-up of lost-wakeup.ini (twenty steps), the run ends as a
# deadlock at once, and --save-schedule wrote exactly the steps of the
# shipped lost-wakeup.schedule; then G lets a stepped classic run finish,
# and --schedule replays deadlock.schedule in the window. First, race's
# lanes that cannot go (and a lane that does not exist) must each bring up a
# message, counted on the X screen with x_count_colour (X_COUNT_COLOUR; the
# check is left out without it). Screenshots (S)
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

# A lane that cannot go says why in a message over the picture: race's C0
# (key 5), C3's bar clicked and a lane that does not exist (key 9) each
# bring up the message box (the theme's neutral grey, #555555), counted on
# the X screen, since S's screenshot leaves messages out. A user saw none.
if [ -n "${X_COUNT_COLOUR:-}" ]; then
    open_window "$scenarios/race.ini" --step
    xdotool mousemove 0 0
    # The picture on the screen first (its white background).
    for _ in $(seq 1 100); do
        white=$("$X_COUNT_COLOUR" ffffff) || fail "cannot count the screen's pixels"
        [ "$white" -gt 100000 ] && break
        sleep 0.1
    done
    [ "$white" -gt 100000 ] || fail "the window's picture is not on the screen after 10 s"
    sleep 0.3
    baseline=$("$X_COUNT_COLOUR" 555555)
    message_shown() {
        sleep 0.6
        now=$("$X_COUNT_COLOUR" 555555)
        [ "$now" -gt $((baseline + 2000)) ] ||
            fail "$1 brought up no message ($now grey pixels on the screen, $baseline before; $("$X_COUNT_COLOUR" ffffff) white)"
        sleep 3.5 # the message's time on screen
        now=$("$X_COUNT_COLOUR" 555555)
        [ "$now" -le $((baseline + 200)) ] || fail "the message after $1 did not go away"
    }
    xdotool key --window "$window" 5
    message_shown "key 5 (C0, waiting for an item)"
    # C3 is the last of eight lanes, at y = 601 in a 1280x800 window.
    xdotool mousemove --window "$window" 500 601 click 1 mousemove 0 0
    message_shown "a click on C3's bar"
    xdotool key --window "$window" 9
    message_shown "key 9 (no lane 9)"
    close_window
fi
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
