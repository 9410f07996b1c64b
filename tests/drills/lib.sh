# shellcheck shell=bash
# lib.sh — shared helpers for the reliability drills (issue 8).
#
# A drill starts `conveyor run` headless in the background on a scenario file
# kept in a fresh temporary folder, does something unkind to it (kills a
# worker, signals it, kills it, makes a system call fail), measures how long
# it takes to end, and then checks nothing of ours is left: no process whose
# command line names our folder, none of the recorded worker pids still
# running, nothing of ours in /dev/shm. Each check prints "ok - ..." or
# "FAIL - ..." with the values; measurements print as "measure: ...".
set -u
passed=0
failed=0
tmp=$(mktemp -d /tmp/conveyor-drill.XXXXXX)
scenario="$tmp/drill.ini"
run_pid=""
worker_pids=""
# How long a stop may take, in ms. The issue asks for 1 s of a release build;
# a sanitizer build runs the workers two to three times slower (1.02 s seen
# under ASan on a loaded 2-core machine), so it gets half as long again. A
# slower machine may raise it; the measured figure is printed either way.
default_stop_limit_ms=1000
[ -n "${CONVEYOR_SANITIZE:-}" ] && default_stop_limit_ms=1500
stop_limit_ms=${DRILL_STOP_LIMIT_MS:-$default_stop_limit_ms}

# On the way out, end whatever this drill started (by pid) and remove the folder.
cleanup() {
  local pid
  for pid in $run_pid $worker_pids; do kill -9 "$pid" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

ok() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }
check() { # check CONDITION-STATUS DESCRIPTION: ok when the previous test was true
  if [ "$1" -eq 0 ]; then ok "$2"; else fail "$2"; fi
}
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}

for tool in pgrep setsid python3; do
  command -v "$tool" >/dev/null || { echo "FAIL - the drills need $tool (procps, util-linux, python3)"; exit 1; }
done

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# A small scenario without [expect], so the exit status says only how the run
# ended; the duration cap ends a drill that went wrong. Drills adjust it
# with --set.
printf '%s\n' '[run]' 'name = drill' 'buffer = 4' 'items = 1000000' 'duration = 60s' \
  '[producers]' 'count = 2' 'work = io 20ms' '[consumers]' 'count = 2' 'work = io 20ms' >"$scenario"

# start_run ARGS...: conveyor run SCENARIO --headless ARGS in the background;
# its output goes to $tmp/out and $tmp/err, its pid to run_pid.
start_run() {
  "$conveyor" run "$scenario" --headless "$@" >"$tmp/out" 2>"$tmp/err" &
  run_pid=$!
  worker_pids=""
}

# start_run_as_group ARGS...: the same, as the leader of its own process
# group, so a signal can go to the whole group as a terminal or a service
# manager sends it (kill -SIG -- -$run_pid). Without job control a background
# job is no group leader, so setsid makes the group without forking.
start_run_as_group() {
  setsid "$conveyor" run "$scenario" --headless "$@" >"$tmp/out" 2>"$tmp/err" &
  run_pid=$!
  worker_pids=""
}

# wait_workers N: wait (up to 10 s) until the run has N worker processes and
# keep their pids in worker_pids.
wait_workers() {
  local want=$1 tries=0
  while [ $tries -lt 1000 ]; do
    worker_pids=$(pgrep -P "$run_pid" | tr '\n' ' ')
    [ "$(echo $worker_pids | wc -w)" -ge "$want" ] && return 0
    sleep 0.01
    tries=$((tries + 1))
  done
  fail "the run started $want workers within 10 s (found: $worker_pids)"
  return 1
}

# wait_threads N: the same for the threads backend: N worker threads besides
# the main one (a slow start, under a sanitizer on a busy machine, must not
# be mistaken for a run that made nothing).
wait_threads() {
  local want=$1 tries=0
  while [ $tries -lt 1000 ]; do
    [ "$(ls "/proc/$run_pid/task" 2>/dev/null | wc -l)" -gt "$want" ] && return 0
    sleep 0.01
    tries=$((tries + 1))
  done
  fail "the run started $want worker threads within 10 s"
  return 1
}

# wait_started BACKEND N: wait_workers or wait_threads.
wait_started() {
  if [ "$1" = processes ]; then wait_workers "$2"; else wait_threads "$2"; fi
}

# wait_run: wait for the background run; its exit status goes to run_status.
wait_run() {
  wait "$run_pid"
  run_status=$?
  expect_no_sanitizer_report
}

# In sanitizer builds, any report on stderr fails the drill (a report that
# aborts the run would change its exit status too, but say so plainly).
expect_no_sanitizer_report() {
  if grep -Eq "ERROR: [A-Za-z]+Sanitizer|runtime error:|WARNING: ThreadSanitizer" "$tmp/err"; then
    fail "sanitizer report in stderr"
    grep -E -A12 "ERROR: [A-Za-z]+Sanitizer|runtime error:|WARNING: ThreadSanitizer" "$tmp/err" |
      sed 's/^/    | /' | head -30
  fi
}

# expect_exit WANT DESCRIPTION
expect_exit() {
  if [ "$run_status" -eq "$1" ]; then ok "$2 (exit $run_status)"; else
    fail "$2: exit $run_status, wanted $1"
    sed 's/^/    stderr: /' "$tmp/err" | head -5
  fi
}

# expect_fast NAME MS: print the measurement and check it is within the limit.
expect_fast() {
  echo "measure: $1 ${2} ms"
  if [ "$2" -le "$stop_limit_ms" ]; then ok "$1 within ${stop_limit_ms} ms (${2} ms)"; else
    fail "$1 took ${2} ms, more than ${stop_limit_ms} ms"
  fi
}

# expect_match FILE REGEX DESCRIPTION
expect_match() {
  if grep -Eq -- "$2" "$1"; then ok "$3"; else
    fail "$3: /$2/ not found in $(basename "$1")"
    sed 's/^/    | /' "$1" | head -8
  fi
}

# running PID: true while PID exists and is not a zombie (a zombie has ended;
# whether its new parent reaps it is not ours to decide).
running() {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# wait_gone MS PIDS...: wait until none of PIDS runs; prints the ms it took,
# or -1 when some still ran after MS.
wait_gone() {
  local limit=$1 start pid left
  shift
  start=$(now_ms)
  while :; do
    left=0
    for pid in "$@"; do running "$pid" && left=1; done
    [ $left -eq 0 ] && { echo $(($(now_ms) - start)); return 0; }
    [ $(($(now_ms) - start)) -gt "$limit" ] && { echo -1; return 1; }
    sleep 0.005
  done
}

# Entries in /dev/shm that look like ours and are still there after 200 ms
# (other suites on this machine may hold one for the microseconds between
# shm_open and shm_unlink; a leak stays).
lasting_shm_entries() {
  local first second
  first=$(ls /dev/shm 2>/dev/null | grep '^conveyor' | sort)
  [ -z "$first" ] && return 0
  sleep 0.2
  second=$(ls /dev/shm 2>/dev/null | grep '^conveyor' | sort)
  comm -12 <(echo "$first") <(echo "$second")
}

# expect_clean LABEL: nothing of this drill is left — no process naming our
# folder, no recorded worker running, nothing lasting in /dev/shm
# under any conveyor name (names are random, so not told apart by pid).
#
# Workers of a parent that died (second Ctrl-C, SIGKILL) get their SIGKILL
# as the parent exits, but need a moment to be scheduled and die; a second
# is allowed for that.
leftover_processes() {
  local pid leftovers
  leftovers=$(pgrep -f "$tmp/" | tr '\n' ' ')
  for pid in $worker_pids; do running "$pid" && leftovers="$leftovers $pid"; done
  echo "${leftovers// /}" | grep -q . && echo "$leftovers"
}

expect_clean() {
  local label=$1 leftovers start
  start=$(now_ms)
  while leftovers=$(leftover_processes) && [ $(($(now_ms) - start)) -lt 1000 ]; do
    sleep 0.01
  done
  if [ -z "${leftovers// /}" ]; then ok "$label: no process left"; else
    fail "$label: processes left: $leftovers"
    ps -o pid,ppid,stat,args -p "${leftovers// /,}" 2>/dev/null | sed 's/^/    /'
  fi
  local lasting
  lasting=$(lasting_shm_entries)
  if [ -z "$lasting" ]; then ok "$label: nothing in /dev/shm"; else
    fail "$label: /dev/shm holds: $lasting"
  fi
}

# json FILE EXPRESSION: evaluate a Python expression over the parsed JSON `r`.
json() {
  python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$1" "$2" 2>&1
}

# trace_counts FILE: "puts gets lanes" counted in a Chrome trace file.
trace_counts() {
  python3 -c 'import json, sys
t = json.load(open(sys.argv[1]))
ev = t["traceEvents"]
puts = sum(1 for e in ev if e.get("name") == "put")
gets = sum(1 for e in ev if e.get("name") == "get")
lanes = len({e.get("tid") for e in ev if e.get("ph") in ("B", "X")})
print(puts, gets, lanes)' "$1" 2>&1
}
