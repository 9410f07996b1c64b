# window_lib.sh — what the window tests (window_test.sh, window_step_test.sh,
# window_compare_test.sh) share, sourced after they read their arguments:
# fail() naming the test and showing conveyor's stderr, the skip without
# xdotool (exit 77), the check for a display, and a scratch folder ($work,
# the current folder, removed at exit), and find_window.
test_name=$(basename "$0" .sh)

fail() {
    echo "$test_name: FAIL: $*" >&2
    [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null
    local log
    for log in "${work:-/nonexistent}"/*stderr; do
        [ -f "$log" ] && sed "s/^/  conveyor ($(basename "$log")): /" "$log" >&2
    done
    exit 1
}

if ! command -v xdotool >/dev/null 2>&1; then
    echo "$test_name: SKIP: xdotool is not installed (apt install xdotool)" >&2
    exit 77
fi
[ -n "${DISPLAY:-}" ] || fail "no DISPLAY: run me under tests/with_xvfb.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

# find_window [WHAT]: waits up to 20 s for a window of conveyor $pid; sets
# $window; fails when conveyor exits first or no window comes.
find_window() {
    window=""
    for _ in $(seq 1 200); do
        window=$(xdotool search --pid "$pid" --name "conveyor" 2>/dev/null | head -n 1)
        [ -n "$window" ] && return 0
        kill -0 "$pid" 2>/dev/null || fail "conveyor${1:+ $1} exited before its window opened"
        sleep 0.1
    done
    fail "no window appeared${1:+ with $1} within 20 s"
}

# refresh_window: $window is the newest window of conveyor $pid. SDL may make
# its window again (a renderer starting, a pane added), and a key sent to the
# old id is lost: send keys only after this.
refresh_window() {
    local newest
    newest=$(xdotool search --pid "$pid" --name "conveyor" 2>/dev/null | tail -n 1)
    [ -n "$newest" ] && window=$newest
    return 0
}
