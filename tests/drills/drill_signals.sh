#!/usr/bin/env bash
# drill_signals.sh CONVEYOR BACKEND — drill 2: Ctrl-C and SIGTERM to a
# headless run. One signal stops the run within a second; the report says
# "stopped" and it and the trace hold everything traced so far (every put and
# get the report counts); the exit status is 128 + the signal. A second
# Ctrl-C while the first stop is still writing its files leaves at once
# (exit 130) and still leaves no worker and nothing in /dev/shm behind.
conveyor=$1
backend=$2
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# The stop is over when the parent has reaped its workers: processes are
# its children, threads its tasks.
workers_running() {
  if [ "$backend" = processes ]; then pgrep -P "$run_pid" | wc -l; else
    ls "/proc/$run_pid/task" 2>/dev/null | wc -l | awk '{print ($1 > 1) ? $1 - 1 : 0}'
  fi
}

wait_workers_stopped() {
  local start=$1
  while [ "$(workers_running)" -gt 0 ] && [ $(($(now_ms) - start)) -lt 10000 ]; do sleep 0.005; done
  echo $(($(now_ms) - start))
}

# one_signal SIGNAL WANT-STATUS [group]: signal the parent, or with "group"
# its whole process group, as a terminal's Ctrl-C or a service manager does.
one_signal() {
  local signal=$1 want=$2 to=${3:-parent}
  local label="$backend-SIG$1-to-$to"
  local starter=start_run target=$run_pid
  [ "$to" = group ] && starter=start_run_as_group
  $starter --backend "$backend" --report "$tmp/$label.json" --trace "$tmp/$label.trace.json"
  target=$run_pid
  [ "$to" = group ] && target="-$run_pid"
  wait_started "$backend" 4 || return
  sleep 0.3
  local start stopped_ms
  start=$(now_ms)
  kill -s "$signal" -- "$target"
  stopped_ms=$(wait_workers_stopped "$start")
  wait_run
  expect_fast "$label: signal -> workers stopped" "$stopped_ms"
  expect_fast "$label: signal -> conveyor exited (report and trace written)" $(($(now_ms) - start))
  expect_exit "$want" "$label: exit status is 128 + signal"
  local outcome produced consumed dropped counts
  outcome=$(json "$tmp/$label.json" "r['outcome']")
  [ "$outcome" = stopped ]
  check $? "$label: report outcome is stopped (got $outcome)"
  produced=$(json "$tmp/$label.json" "r['items_produced']")
  consumed=$(json "$tmp/$label.json" "r['items_consumed']")
  dropped=$(json "$tmp/$label.json" "r['dropped_events']")
  counts=$(trace_counts "$tmp/$label.trace.json")
  [ "$consumed" -gt 0 ] && [ "$dropped" = 0 ] && [ "$counts" = "$produced $consumed 4" ]
  check $? "$label: trace has every put and get and all 4 lanes (trace: $counts; report: $produced $consumed, dropped $dropped)"
  local explanation
  explanation=$(json "$tmp/$label.json" "r['explanation']")
  [ -z "$explanation" ]
  check $? "$label: no worker was hurt by the signal (explanation: '$explanation')"
  expect_match "$tmp/err" "wrote report" "$label: the report is written"
  expect_clean "$label"
}

# A forced exit leaves worker threads unjoined on purpose: the thread
# sanitizer would call that a leak, so these two cases tell it not to.
forced_exit_tsan="${TSAN_OPTIONS:+$TSAN_OPTIONS:}report_thread_leaks=0"

# The first stop is slow on purpose (a long trace to write), so the second
# Ctrl-C arrives while it is still going. With no work the engine moves
# millions of items a second: the drill's million would be over before the
# first Ctrl-C, so this run gets twenty.
second_interrupt() {
  local label="$backend-second-SIGINT"
  TSAN_OPTIONS=$forced_exit_tsan start_run --backend "$backend" --trace "$tmp/$label.trace.json" \
    --csv "$tmp/$label.csv" \
    --set producers.work=none --set consumers.work=none --set run.buffer=64 \
    --set run.items=20000000
  wait_started "$backend" 4 || return
  sleep 1
  kill -INT "$run_pid"
  sleep 0.2
  local start
  start=$(now_ms)
  if ! kill -INT "$run_pid" 2>/dev/null; then
    fail "$label: the run was still writing when the second Ctrl-C came (it had ended)"
    wait_run
    return
  fi
  wait_run
  expect_fast "$label: second Ctrl-C -> conveyor exited" $(($(now_ms) - start))
  expect_exit 130 "$label: a second Ctrl-C exits 130"
  expect_match "$tmp/err" "second interrupt" "$label: it says why it left"
  expect_clean "$label"
}

# Two Ctrl-Cs in quick succession while workers run: whichever way the race
# goes, the exit status is 130 and nothing is left.
double_tap() {
  local label="$backend-double-tap"
  TSAN_OPTIONS=$forced_exit_tsan start_run --backend "$backend" --report "$tmp/$label.json"
  wait_started "$backend" 4 || return
  sleep 0.3
  kill -INT "$run_pid"
  sleep 0.01
  kill -INT "$run_pid" 2>/dev/null
  wait_run
  expect_exit 130 "$label: exit 130"
  expect_clean "$label"
}

# A worker that cannot answer the stop request (frozen with SIGSTOP) is
# killed once the engine's grace period is over (2 s today, so this stop
# takes longer than the others; it must still end, with nothing left).
frozen_worker() {
  local label="$backend-frozen-worker"
  start_run --backend "$backend" --report "$tmp/$label.json"
  wait_workers 4 || return
  sleep 0.3
  kill -STOP "${worker_pids%% *}"
  sleep 0.2
  local start
  start=$(now_ms)
  kill -INT "$run_pid"
  wait_run
  local took=$(($(now_ms) - start))
  echo "measure: $label: signal -> conveyor exited $took ms"
  [ "$took" -le 4000 ]
  check $? "$label: a frozen worker is killed after the grace period ($took ms)"
  expect_exit 130 "$label: exit status"
  local outcome
  outcome=$(json "$tmp/$label.json" "r['outcome']")
  [ "$outcome" = stopped ]
  check $? "$label: report outcome is stopped (got $outcome)"
  expect_clean "$label"
}

one_signal INT 130
one_signal TERM 143
one_signal INT 130 group
one_signal TERM 143 group
second_interrupt
double_tap
[ "$backend" = processes ] && frozen_worker
finish
