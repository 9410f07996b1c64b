#!/usr/bin/env bash
# drill_sync_deaths.sh CONVEYOR — issue 19, point 4 (processes backend): a
# worker dies in every sync mode, while items stream through the buffer as
# fast as they can (so the victim is often the lock holder, or a waiter on a
# condition variable), or while the run is deadlocked (mutex-first: one
# worker holds the lock for ever). The parent never destroys, locks or waits
# on a process-shared object a dead worker may hold or wait on: each run ends
# with worker-died and exit 1 within a second of the kill.
#
# The threads backend has no such case: a thread cannot be killed alone.
conveyor=$1
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# kill_random MODE TRY SETTINGS...: kill -9 a random worker 0.3 s in.
kill_random() {
  local mode=$1 try=$2
  shift 2
  local label="$mode-$try"
  start_run --backend processes --report "$tmp/$label.json" --set run.sync="$mode" \
    --set run.deadlock_timeout=60s "$@"
  wait_workers 4 || return
  sleep 0.3
  local victim
  victim=$(echo $worker_pids | tr ' ' '\n' | shuf -n 1)
  kill -9 "$victim"
  # A hang is what this drill is about: give it 10 s, then end it.
  local ended_ms
  ended_ms=$(wait_gone 10000 "$run_pid")
  if [ "$ended_ms" -lt 0 ]; then
    fail "$label: conveyor still running 10 s after worker $victim was killed"
    kill -9 "$run_pid"
  fi
  wait_run
  [ "$ended_ms" -ge 0 ] && expect_fast "$label: worker killed -> conveyor exited" "$ended_ms"
  expect_exit 1 "$label: a dead worker fails the run"
  local outcome
  outcome=$(json "$tmp/$label.json" "r['outcome']")
  [ "$outcome" = worker-died ]
  check $? "$label: report outcome is worker-died (got $outcome)"
  expect_clean "$label"
}

for mode in semaphores condvar no-mutex; do
  for try in 1 2 3; do
    kill_random "$mode" "$try" --set producers.work=none --set consumers.work=none \
      --set run.buffer=4 --set run.items=20000000
  done
done
# mutex-first deadlocks within moments; the kill lands on a deadlocked run.
for try in 1 2 3; do
  kill_random mutex-first "$try" --set producers.work=none --set consumers.work=none \
    --set run.buffer=1
done
finish
