#!/usr/bin/env bash
# drill_shm_names.sh CONVEYOR — issue 19, points 2 and 3 (processes backend):
# the shared memory object has no name in /dev/shm (O_TMPFILE), so nothing
# can be left there; where unnamed files cannot be made (CONVEYOR_FAIL=
# shm_tmpfile stands in), the fallback's name never outlives the moment after
# shm_open but for a SIGKILL, and nobody can block a run by taking names.
#
# 2. The parent is killed (SIGKILL, SIGHUP) as soon as a conveyor name shows
#    in /dev/shm (or its first worker starts, when the name never showed):
#    nothing may be left in /dev/shm and no name may show, 15 times each;
#    with the named fallback, SIGHUP 15 times: nothing left. (A SIGKILL
#    between the fallback's shm_open and shm_unlink can leave the name: 2 of
#    15 on a loaded CI machine; that is why it is only the fallback.)
# 3. 401 empty names planted by another user under the names the old scheme
#    would pick (conveyor-<next pids>-0) and a name taken at the first try
#    (CONVEYOR_FAIL=shm_name) must not stop a run of the named fallback.
#
# Registered RUN_SERIAL: the planted names would look like leaks to drills
# running beside it.
conveyor=$1
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# kill_early SIGNAL: start a run with a large region (256 workers, a 16 MB
# ledger reserve: the old code kept its name about 10 ms while sizing and
# reserving) and signal it the moment a conveyor name shows in /dev/shm, or
# when its first worker exists (the region is made by then), or after 3 s.
# Prints 1 when the name was seen.
kill_early() {
  python3 - "$conveyor" "$scenario" "$1" "$tmp" <<'PY'
import os, signal, subprocess, sys, time
conveyor, scenario, sig, tmp = sys.argv[1:5]
p = subprocess.Popen([conveyor, "run", scenario, "--headless", "--backend", "processes",
                      "--set", "run.items=8000000", "--set", "producers.count=128",
                      "--set", "consumers.count=128"],
                     stdout=subprocess.DEVNULL, stderr=open(tmp + "/err", "w"))
children = "/proc/%d/task/%d/children" % (p.pid, p.pid)
deadline = time.monotonic() + 3
seen = 0
while time.monotonic() < deadline:
    if any(n.startswith("conveyor") for n in os.listdir("/dev/shm")):
        seen = 1
        break
    try:
        if open(children).read().strip():
            break
    except OSError:
        break
p.send_signal(getattr(signal, "SIG" + sig))
p.wait()
print(seen)
PY
}

# kill_drill SIGNAL LABEL [CONVEYOR_FAIL]: 15 early kills; fails on any
# lasting entry, and (without the fallback) on any name seen at all.
kill_drill() {
  local signal=$1 label=$2 leaked=0 seen=0 i
  for i in $(seq 1 15); do
    seen=$((seen + $(CONVEYOR_FAIL=${3:-} kill_early "$signal")))
    [ -n "$(lasting_shm_entries)" ] && leaked=$((leaked + 1))
  done
  echo "measure: $label SIG$signal: the name was visible at all in $seen of 15 runs"
  [ "$leaked" -eq 0 ]
  check $? "$label SIG$signal as soon as the name shows (or the first worker starts): nothing left in /dev/shm ($leaked of 15 left one)"
  if [ -z "${3:-}" ]; then
    [ "$seen" -eq 0 ]
    check $? "$label SIG$signal: no name ever shows in /dev/shm ($seen of 15 showed one)"
  fi
  # Workers a killed parent leaves end through PR_SET_PDEATHSIG; wait for them.
  sleep 0.2
}
kill_drill KILL unnamed
kill_drill HUP unnamed
kill_drill HUP "named fallback" shm_tmpfile

# Point 3: names planted by another user (nobody) where the old scheme looked.
planted=()
cleanup_planted() { rm -f "${planted[@]}"; }
trap 'cleanup_planted; cleanup' EXIT
next=$(cat /proc/sys/kernel/ns_last_pid 2>/dev/null || echo $$)
for i in $(seq 1 401); do
  name="/dev/shm/conveyor-$((next + i))-0"
  : >"$name" && planted+=("$name")
done
chown nobody "${planted[@]}" 2>/dev/null || true
for try in 1 2 3; do
  CONVEYOR_FAIL=shm_tmpfile start_run --backend processes --set run.items=200 \
    --set producers.work=none --set consumers.work=none
  wait_run
  expect_exit 0 "named fallback: planted names (${#planted[@]} of them), run $try"
done
cleanup_planted
planted=()

CONVEYOR_FAIL=shm_tmpfile,shm_name:1 start_run --backend processes --set run.items=200 \
  --set producers.work=none --set consumers.work=none
wait_run
expect_exit 0 "named fallback: the first name tried is taken (CONVEYOR_FAIL=shm_tmpfile,shm_name:1): another is tried"
expect_clean "after the name drills"
finish
