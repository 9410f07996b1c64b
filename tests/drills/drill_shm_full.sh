#!/usr/bin/env bash
# drill_shm_full.sh CONVEYOR — issue 19, point 5 (processes backend): a full
# /dev/shm never kills conveyor with SIGBUS. The item ledger past its first
# ids is reserved as the run goes (cv_region_reserve_ledger); a run either
# ends normally or fails saying /dev/shm is full, with its summary and files.
#
# 1. The reservation fails (CONVEYOR_FAIL=ledger_reserve, a stand-in for a
#    full /dev/shm): exit 1, the reason on stdout, the report written,
#    nothing left behind.
# 2. The issue's case, where a private mount namespace can be made (root,
#    unshare): a 48 MB /dev/shm is filled with dd half a second into a 3 s
#    duration-only run (items default to 10^9, so the ledger is 2 GB sparse).
#    The old code died of SIGBUS (exit 135) 4 times in 4.
conveyor=$1
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

label=reserve-fails
CONVEYOR_FAIL=ledger_reserve start_run --backend processes --report "$tmp/$label.json" \
  --set run.duration=3s --set run.items=1000000000
wait_run
expect_exit 1 "$label: a ledger that cannot be reserved fails the run"
expect_match "$tmp/out" "/dev/shm ran out of room after [0-9]+ items" "$label: the summary says why"
[ -s "$tmp/$label.json" ]
check $? "$label: the report is written"
expect_clean "$label"

label=shm-filled
if [ "$(id -u)" -ne 0 ] || ! unshare -m true 2>/dev/null; then
  echo "ok - $label: skipped (needs root and unshare -m to mount a small /dev/shm)"
else
  # shellcheck disable=SC2016
  unshare -m bash -c '
    mount -t tmpfs -o size=48m tmpfs /dev/shm || exit 77
    "$1" run "$2" --headless --backend processes --set run.duration=3s \
      --set run.items=1000000000 --set producers.work=none --set consumers.work=none \
      --report "$3/filled.json" >"$3/out" 2>"$3/err" &
    pid=$!
    sleep 0.5
    dd if=/dev/zero of=/dev/shm/fill bs=1M count=100 2>/dev/null
    wait $pid' _ "$conveyor" "$scenario" "$tmp"
  status=$?
  if [ "$status" -eq 77 ]; then
    echo "ok - $label: skipped (could not mount a tmpfs)"
  else
    [ "$status" -eq 0 ] || [ "$status" -eq 1 ]
    check $? "$label: ends normally or fails with a reason, never a signal (exit $status)"
    if grep -q "not enough room in /dev/shm" "$tmp/err"; then
      # A slow build (sanitizers) was still starting when dd filled it.
      ok "$label: /dev/shm was full before the run started, and it said so"
    else
      expect_match "$tmp/out" "^(completed|failed) in " "$label: the summary is printed"
      [ -s "$tmp/filled.json" ]
      check $? "$label: the report is written"
    fi
  fi
fi
finish
