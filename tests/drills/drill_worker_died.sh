#!/usr/bin/env bash
# drill_worker_died.sh CONVEYOR — drill 1: a worker process dies (processes
# backend). Whether it is SIGKILLed mid-sleep, crashes (SIGSEGV) while items
# stream through the buffer as fast as they can, or is killed while every
# worker is blocked on a semaphore, the parent must notice within a second,
# stop the others, say which worker died and by what signal, write the report
# (outcome worker-died) and the trace with what was collected, and exit 1.
conveyor=$1
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# A crash should look like one to the parent even in sanitizer builds.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}handle_segv=0"

# kill_one_worker LABEL SIGNAL VICTIM-INDEX SIGNAL-NAME SETTINGS...
kill_one_worker() {
  local label=$1 signal=$2 victim_index=$3 signal_name=$4
  shift 4
  start_run --backend processes --report "$tmp/$label.json" --trace "$tmp/$label.trace.json" "$@"
  wait_workers 4 || return
  sleep 0.3
  local victim
  victim=$(echo $worker_pids | awk -v n="$victim_index" '{print $n}')
  local start others stopped_ms
  others=$(echo " $worker_pids " | sed "s/ $victim / /")
  start=$(now_ms)
  kill -s "$signal" "$victim"
  stopped_ms=$(wait_gone 10000 $others)
  wait_run
  expect_fast "$label: worker killed -> other workers stopped" "$stopped_ms"
  echo "measure: $label: worker killed -> conveyor exited (report and trace written) $(($(now_ms) - start)) ms"
  expect_exit 1 "$label: a dead worker fails the run"
  local lane
  lane=$(json "$tmp/$label.json" "[w['name'] for w in r['workers'] if w['os_id'] == $victim][0]")
  local signal_number
  signal_number=$(kill -l "$signal")
  expect_match "$tmp/out" "worker $lane \(pid $victim\) was killed by signal $signal_number \($signal_name" \
    "$label: the summary names worker $lane (pid $victim) and signal $signal_number"
  local outcome died
  outcome=$(json "$tmp/$label.json" "r['outcome']")
  [ "$outcome" = worker-died ]
  check $? "$label: report outcome is worker-died (got $outcome)"
  died=$(json "$tmp/$label.json" "[w['name'] for w in r['workers'] if w['died']]")
  [ "$died" = "['$lane']" ]
  check $? "$label: the report marks only $lane as died (got $died)"
  # Every open state is closed at the run's end: the victim's times add up
  # to the run's length, as its lane in the picture does (issue 19, point 8).
  # Its lane starts at its spawn request, not at 0, and the report's elapsed
  # time is read a poll after the trace's end: 90 % allows for both (94 %
  # seen under ASan); a state left open at the death covers far less.
  local accounted
  accounted=$(json "$tmp/$label.json" "round(100 * sum([w for w in r['workers'] if w['os_id'] == $victim][0]['time_ms'].values()) / 1000 / r['elapsed_s'])")
  [ "$accounted" -ge 90 ] && [ "$accounted" -le 101 ]
  check $? "$label: the dead worker's state times cover the run (${accounted} % of it)"
  local produced counts
  produced=$(json "$tmp/$label.json" "r['items_produced']")
  counts=$(trace_counts "$tmp/$label.trace.json")
  # The victim may die between making an item and recording it: allow one.
  local puts=${counts%% *}
  [ "$puts" -ge $((produced - 1)) ] && [ "$puts" -le "$produced" ] && [ "$produced" -gt 0 ]
  check $? "$label: the trace holds what was collected ($puts puts for $produced items made)"
  expect_clean "$label"
}

# With --quiet ("nothing but errors") the death is still said, on stderr.
quiet_worker_death() {
  start_run --backend processes --quiet
  wait_workers 4 || return
  sleep 0.3
  local victim=${worker_pids%% *}
  kill -9 "$victim"
  wait_run
  expect_exit 1 "quiet: a dead worker fails the run"
  expect_match "$tmp/err" "^conveyor: error: worker [A-Z][0-9]+ \(pid $victim\) was killed by signal 9" \
    "quiet: stderr names the dead worker and the signal"
  expect_clean quiet
}

kill_one_worker sigkill-consumer-sleeping KILL 3 Killed --set consumers.work="io 20ms"
kill_one_worker sigsegv-producer-streaming SEGV 1 "Segmentation fault" \
  --set producers.work="cpu 20us" --set consumers.work=none --set run.buffer=16
# Every worker blocked: producers on a full buffer, consumers slowed to a crawl.
kill_one_worker sigkill-while-all-blocked KILL 2 Killed --set producers.work=none \
  --set consumers.work="io 5s" --set run.buffer=1
quiet_worker_death
finish
