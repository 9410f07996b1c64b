#!/usr/bin/env bash
# drill_signals.sh CONVEYOR BACKEND — drill 2: Ctrl-C, SIGTERM and SIGHUP to a
# headless run. One signal stops the run within a second; the report says
# "stopped" and it and the trace hold everything traced so far (every put and
# get the report counts); the exit status is 128 + the signal. A second
# Ctrl-C while the first stop is still writing its files, at least half a
# second after the first, leaves at once (exit 130), naming the files not
# written, and still leaves no worker and nothing in /dev/shm behind; one
# sooner is the same interrupt delivered twice (GNU timeout, process groups).
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
  sleep 0.6
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
  expect_match "$tmp/err" "not written: .*$label" "$label: it names the files not written"
  # Exports go through a temporary file beside the target: the forced exit
  # removes the one being written. The files it names as not written are
  # absent; one finished before the second Ctrl-C (the trace, on a loaded
  # machine) is there whole.
  local wrong="" file named
  named=$(sed -n 's/.*not written: //p' "$tmp/err")
  for file in "$tmp/.$label"*; do
    [ -e "$file" ] && wrong="$wrong temporary:$(basename "$file")"
  done
  for file in "$tmp/$label.trace.json" "$tmp/$label.csv"; do
    if [[ "$named" == *"$file"* ]]; then
      [ -e "$file" ] && wrong="$wrong named-but-present:$(basename "$file")"
    else
      [ -s "$file" ] || wrong="$wrong not-named-but-absent:$(basename "$file")"
    fi
  done
  [ -z "$wrong" ]
  check $? "$label: nothing half-written left, the files named not written absent (wrong: '$wrong')"
  expect_clean "$label"
}

# Two Ctrl-Cs 10 ms apart are one interrupt delivered twice (a person's
# second Ctrl-C comes later): the run stops as for one and writes its report.
double_tap() {
  local label="$backend-double-tap"
  start_run --backend "$backend" --report "$tmp/$label.json"
  wait_started "$backend" 4 || return
  sleep 0.3
  kill -INT "$run_pid"
  sleep 0.01
  kill -INT "$run_pid" 2>/dev/null
  wait_run
  expect_exit 130 "$label: exit 130"
  [ -s "$tmp/$label.json" ] && ! grep -q "second interrupt" "$tmp/err"
  check $? "$label: counted as one interrupt, the report is written"
  expect_clean "$label"
}

# GNU timeout passes a signal it gets to its child and then to its whole
# process group: the run sees SIGINT twice within microseconds, 20 times.
# Each time it must stop as for one Ctrl-C, with the report and trace written.
under_timeout() {
  local label="$backend-timeout-SIGINT" forced=0 missing=0 wrong=0 _
  for _ in $(seq 1 20); do
    rm -f "$tmp/$label.json" "$tmp/$label.trace.json"
    timeout 30 "$conveyor" run "$scenario" --headless --backend "$backend" \
      --report "$tmp/$label.json" --trace "$tmp/$label.trace.json" >"$tmp/out" 2>"$tmp/err" &
    local timeout_pid=$! tries=0
    run_pid=""
    while [ -z "$run_pid" ] && [ $tries -lt 1000 ]; do
      run_pid=$(pgrep -P "$timeout_pid" | head -1)
      sleep 0.01
      tries=$((tries + 1))
    done
    wait_started "$backend" 4 || return
    sleep 0.2
    kill -INT "$timeout_pid"
    run_pid=$timeout_pid
    wait_run
    grep -q "second interrupt" "$tmp/err" && forced=$((forced + 1))
    [ -s "$tmp/$label.json" ] && [ -s "$tmp/$label.trace.json" ] || missing=$((missing + 1))
    [ "$run_status" -eq 130 ] || wrong=$((wrong + 1))
  done
  [ "$forced$missing$wrong" = 000 ]
  check $? "$label: 20 runs under timeout, signalled through it: $forced forced exits, $missing without both files, $wrong not exit 130"
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
one_signal HUP 129
one_signal INT 130 group
one_signal TERM 143 group
second_interrupt
double_tap
under_timeout
[ "$backend" = processes ] && frozen_worker
finish
