#!/usr/bin/env bash
# drill_stopped_worker.sh CONVEYOR — issue 19, point 6 (processes backend): a
# worker frozen with SIGSTOP while the others wait for it. Once nothing has
# moved for deadlock_timeout the watchdog sees the stopped process (/proc
# says T) and the run ends as a failure (exit 1, outcome failed) whose
# explanation names it: "P0 is stopped (SIGSTOP) and makes no progress".
# A frozen worker the others do not need (a second producer) does not stop
# the run early: it ends at its duration, the frozen one killed after the
# stop grace, as drill_signals' frozen-worker case checks for Ctrl-C.
#
# The threads backend has no such case: SIGSTOP stops the whole process.
conveyor=$1
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# stop_one LABEL ROLE-INDEX SETTINGS...: SIGSTOP the ROLE-INDEX-th worker 0.3 s in.
stop_one() {
  local label=$1 index=$2
  shift 2
  start_run --backend processes --report "$tmp/$label.json" "$@"
  wait_workers 2 || return
  sleep 0.3
  local victim start
  victim=$(echo $worker_pids | awk -v n="$index" '{print $n}')
  start=$(now_ms)
  kill -STOP "$victim"
  ended_ms=-1
  ended_ms=$(wait_gone 15000 "$run_pid")
  [ "$ended_ms" -lt 0 ] && { fail "$label: still running 15 s after the SIGSTOP"; kill -9 "$run_pid"; }
  wait_run
  echo "measure: $label: SIGSTOP -> conveyor exited $ended_ms ms"
  lane=$(json "$tmp/$label.json" "[w['name'] for w in r['workers'] if w['os_id'] == $victim][0]")
}

stop_one needed 1 --set producers.count=1 --set consumers.count=1 --set run.duration=30s \
  --set run.deadlock_timeout=1s
[ "$ended_ms" -ge 0 ] && [ "$ended_ms" -le 4000 ]
check $? "needed: the run ends within deadlock_timeout + the stop grace ($ended_ms ms)"
expect_exit 1 "needed: a stopped worker fails the run"
outcome=$(json "$tmp/needed.json" "r['outcome']")
explanation=$(json "$tmp/needed.json" "r['explanation']")
[ "$outcome" = failed ]
check $? "needed: report outcome is failed (got $outcome)"
echo "$explanation" | grep -q "^$lane is stopped (SIGSTOP) and makes no progress"
check $? "needed: the explanation names $lane as stopped (got '$explanation')"
expect_match "$tmp/out" "$lane is stopped \(SIGSTOP\)" "needed: the summary says so"
expect_clean needed

stop_one not-needed 1 --set producers.count=2 --set consumers.count=1 --set run.duration=2s \
  --set run.deadlock_timeout=1s
[ "$ended_ms" -ge 0 ] && [ "$ended_ms" -le 5000 ]
check $? "not-needed: the run still ends near its 2 s duration ($ended_ms ms)"
expect_clean not-needed
finish
