# window_lib.sh — what the window tests (window_test.sh, window_step_test.sh,
# window_compare_test.sh) share, sourced after they read their arguments:
# fail() naming the test and showing conveyor's stderr, the skip without
# xdotool (exit 77), the check for a display, and a scratch folder ($work,
# the current folder, removed at exit).
test_name=$(basename "$0" .sh)

fail() {
    echo "$test_name: FAIL: $*" >&2
    [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null
    [ -f "${work:-}/stderr" ] && sed 's/^/  conveyor: /' "$work/stderr" >&2
    exit 1
}

if ! command -v xdotool >/dev/null 2>&1; then
    echo "$test_name: SKIP: xdotool is not installed (apt install xdotool)" >&2
    exit 77
fi
[ -n "${DISPLAY:-}" ] || fail "no DISPLAY: run me under xvfb-run"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
