#!/usr/bin/env bash
# drill_resources.sh CONVEYOR BACKEND — drill 4: resources run out. Each
# system call the engine depends on is made to fail, through the test
# builds' injection point (CONVEYOR_FAIL=<what>[:<n>], see core/fault.h) and
# through real limits (ulimit -v; ulimit -u for an unprivileged user): the
# error names what failed, workers already started are stopped, the exit
# status is 1 and nothing is left behind.
conveyor=$1
backend=$2
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# start_failure LABEL FAIL-SPEC MESSAGE-REGEX: the run cannot start.
start_failure() {
  local label="$backend-$1"
  local start
  start=$(now_ms)
  CONVEYOR_FAIL=$2 start_run --backend "$backend" --report "$tmp/$label.json"
  wait_run
  echo "measure: $label: start -> exit $(($(now_ms) - start)) ms"
  expect_exit 1 "$label: a failed start fails the run"
  expect_match "$tmp/err" "$3" "$label: the error names what failed"
  expect_clean "$label"
}

# trace_failure LABEL FAIL-SPEC: the collector cannot store the trace; the
# run ends as failed, says why, and still writes the report.
trace_failure() {
  local label="$backend-$1"
  CONVEYOR_FAIL=$2 start_run --backend "$backend" --report "$tmp/$label.json" \
    --set producers.work="io 1ms" --set consumers.work="io 1ms" --set run.items=200
  wait_run
  expect_exit 1 "$label: losing the trace fails the run"
  expect_match "$tmp/out" "out of memory for the trace" "$label: the summary says the trace ran out"
  local outcome
  outcome=$(json "$tmp/$label.json" "r['outcome'] + ': ' + r['explanation']")
  [[ "$outcome" == "failed: out of memory for the trace"* ]]
  check $? "$label: the report says failed and why (got $outcome)"
  expect_clean "$label"
}

if [ "$backend" = processes ]; then
  start_failure fork-first fork "error: fork \(starting a worker process\): Resource temporarily unavailable"
  start_failure fork-third fork:3 "error: fork \(starting a worker process\)"
  start_failure shm_open shm_open "error: /dev/shm \(shared memory for the processes backend\): Too many open files"
  start_failure mmap mmap "error: mapping shared memory for the processes backend: Cannot allocate memory"
else
  start_failure thread-first thread "error: pthread_create \(starting a worker thread\): Resource temporarily unavailable"
  start_failure thread-second thread:2 "error: pthread_create \(starting a worker thread\)"
  start_failure mmap mmap "error: mapping memory for the run: Cannot allocate memory"
fi
trace_failure trace-first trace
trace_failure trace-fifth trace:5

# Real limits. The address-space limit cannot be used under AddressSanitizer
# (it reserves terabytes of shadow memory), and root ignores RLIMIT_NPROC, so
# that one runs as "nobody" through setpriv.
vm_size_kb() { awk '/^VmSize:/ {print $2}' "/proc/$1/status" 2>/dev/null; }

address_space_limits() {
  # How much address space a small run of this build needs, region included.
  start_run --backend "$backend" --set producers.count=1 --set consumers.count=1 \
    --set producers.work="io 5ms" --set consumers.work="io 5ms"
  [ "$backend" = processes ] && { wait_workers 2 || return; }
  sleep 0.3
  local base_kb
  base_kb=$(vm_size_kb "$run_pid")
  kill -TERM "$run_pid"
  wait_run
  echo "measure: $backend: a 1x1 run maps $((base_kb / 1024)) MB"

  local label="$backend-ulimit-v-region"
  (
    ulimit -v $((base_kb + 64 * 1024))
    # A billion items need a 2 GB ledger in the region.
    exec "$conveyor" run "$scenario" --headless --backend "$backend" --set run.items=1000000000 \
      >"$tmp/out" 2>"$tmp/err"
  )
  run_status=$?
  expect_no_sanitizer_report
  expect_exit 1 "$label: a region too big for the address space fails the run"
  expect_match "$tmp/err" "error: mapping .*memory .*: Cannot allocate memory" "$label: the error names the mapping"
  expect_clean "$label"

  label="$backend-ulimit-v-trace"
  (
    ulimit -v $((base_kb + 48 * 1024))
    exec "$conveyor" run "$scenario" --headless --backend "$backend" --set producers.count=1 \
      --set consumers.count=1 --set producers.work=none --set consumers.work=none \
      --set run.buffer=1024 --set run.items=20000000 --set run.duration=60s \
      --report "$tmp/$label.json" >"$tmp/out" 2>"$tmp/err"
  )
  run_status=$?
  expect_no_sanitizer_report
  expect_exit 1 "$label: a trace that outgrows memory fails the run"
  expect_match "$tmp/out" "out of memory for the trace \([0-9]+ events so far\)" "$label: the summary says the trace ran out"
  expect_clean "$label"
}

process_limit() {
  local label="$backend-ulimit-u"
  local user_processes
  user_processes=$(pgrep -u nobody | wc -l)
  chmod 755 "$tmp"
  # The parent and two workers fit; the third worker does not.
  (
    ulimit -u $((user_processes + 3))
    exec setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
      "$conveyor" run "$scenario" --headless --backend "$backend" >"$tmp/out" 2>"$tmp/err"
  )
  run_status=$?
  expect_no_sanitizer_report
  expect_exit 1 "$label: too many processes fails the run"
  expect_match "$tmp/err" "error: (fork|pthread_create) .*: Resource temporarily unavailable" "$label: the error names the call"
  expect_clean "$label"
}

if [[ "${CONVEYOR_SANITIZE:-}" == *address* ]] || [[ "${CONVEYOR_SANITIZE:-}" == *thread* ]]; then
  echo "skip - address-space limit under ${CONVEYOR_SANITIZE}"
else
  address_space_limits
fi
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null && [ -x "$conveyor" ] &&
  setpriv --reuid=nobody --regid=nogroup --clear-groups -- test -x "$conveyor"; then
  process_limit
else
  echo "skip - process limit (needs root, setpriv and a conveyor that nobody may run)"
fi
finish
