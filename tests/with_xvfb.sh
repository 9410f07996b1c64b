#!/usr/bin/env bash
# with_xvfb.sh WxHxD COMMAND [ARGS...] — runs COMMAND with DISPLAY set to a
# virtual X server of its own, started for it and stopped after it; exits with
# COMMAND's status (2 when no server could be started).
#
# Used instead of `xvfb-run -a` by the window tests: xvfb-run -a guesses a
# free display number, and two runs that guess together (two ctest runs on
# one machine, or parallel tests) get the same one; the loser then draws on
# the winner's server, which vanishes mid-test ("no display", or "no window
# appeared"). With -displayfd the X server picks the number itself while it
# holds the lock, and says which once it accepts connections. -noreset: by
# default the server resets when its last client leaves, and a conveyor
# started in that moment found no display (the tests start one conveyor
# after another; "no display" for --fullscreen, 1 run in 4 under load).
set -u
screen=$1
shift
command -v Xvfb >/dev/null 2>&1 || { echo "with_xvfb.sh: Xvfb is not installed" >&2; exit 2; }
runtime=$(mktemp -d)
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$runtime"' EXIT
Xvfb -displayfd 3 -screen 0 "$screen" -nolisten tcp -noreset 3>"$runtime/display" \
  2>"$runtime/server.log" &
server=$!
for _ in $(seq 1 200); do
  [ -s "$runtime/display" ] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.05
done
number=$(tr -dc '0-9' <"$runtime/display")
if [ -z "$number" ]; then
  echo "with_xvfb.sh: the X server did not start:" >&2
  cat "$runtime/server.log" >&2
  exit 2
fi
export DISPLAY=":$number"
export XDG_RUNTIME_DIR=$runtime
"$@"
