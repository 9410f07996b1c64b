#!/usr/bin/env bash
# drill_parent_killed.sh CONVEYOR — drill 3: the parent is SIGKILLed
# (processes backend). Its workers must end too (PR_SET_PDEATHSIG): none may
# be left running, whether they were sleeping, computing, streaming items or
# blocked on a semaphore. A killed worker becomes a zombie until its new
# parent reaps it; that is not ours to control, so "ended" means gone or
# zombie.
conveyor=$1
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

kill_parent() {
  local label=$1
  shift
  start_run --backend processes "$@"
  wait_workers 4 || return
  sleep 0.3
  local gone_ms
  kill -9 "$run_pid"
  gone_ms=$(wait_gone 5000 $worker_pids)
  wait_run
  if [ "$gone_ms" -ge 0 ]; then
    expect_fast "$label: parent SIGKILLed -> every worker ended" "$gone_ms"
  else
    fail "$label: workers still running 5 s after the parent was killed"
  fi
  expect_clean "$label"
}

kill_parent sleeping --set producers.work="io 20ms" --set consumers.work="io 20ms"
kill_parent computing --set producers.work="cpu 500ms" --set consumers.work="cpu 500ms"
# Twenty million items: the drill's million would be done before the kill.
kill_parent streaming --set producers.work=none --set consumers.work=none --set run.items=20000000
kill_parent blocked --set producers.work=none --set consumers.work="io 10s" --set run.buffer=1
finish
