#!/usr/bin/env bash
# test_cli.sh CONVEYOR — the command line as a user meets it: help, version,
# bad input (exit 2 with FILE:LINE messages), headless runs on both backends,
# every export parsed back, and nothing left in /dev/shm.
set -u
conveyor=$1
here=$(dirname "$0")
. "$here/lib.sh"

expect_status 0 "--help prints usage" -- "$conveyor" --help
expect_match "$tmp/out" "^Usage: conveyor COMMAND" "usage names the commands"
expect_status 0 "--version" -- "$conveyor" --version
expect_match "$tmp/out" "^conveyor [0-9]+\.[0-9]+\.[0-9]+$" "version is printed"
expect_status 0 "run --help" -- "$conveyor" run --help
expect_match "$tmp/out" "--headless" "run --help lists --headless"
expect_status 2 "no command is a usage error" -- "$conveyor"
expect_status 2 "unknown command" -- "$conveyor" frobnicate
expect_match "$tmp/err" "unknown command 'frobnicate'" "unknown command is named"
expect_status 2 "unknown option" -- "$conveyor" run classic --frobnicate
expect_match "$tmp/err" "Try 'conveyor run --help'" "unknown option points to help"

# Bad scenarios: exit 2 and a message naming the file (and line).
expect_status 2 "missing file" -- "$conveyor" run "$tmp/nope.ini" --headless
expect_match "$tmp/err" "nope.ini: error: no such file" "missing file is named"
expect_status 2 "unknown backend" -- "$conveyor" run classic --headless --backend=fibers
printf '[run]\nname = t\nbuffer = four\nitems = 10\n[producers]\ncount = 1\nwork = none\n[consumers]\ncount = 1\nwork = none\n' >"$tmp/word.ini"
expect_status 2 "a word where a number belongs" -- "$conveyor" run "$tmp/word.ini" --headless
expect_match "$tmp/err" "word.ini:3: error: .*four" "the message names file, line and value"
printf '[run]\nbackend = fibers\nitems = 10\n[producers]\ncount = 1\nwork = none\n[consumers]\ncount = 1\nwork = none\n' >"$tmp/backend.ini"
expect_status 2 "unknown backend in a file" -- "$conveyor" run "$tmp/backend.ini" --headless
expect_match "$tmp/err" "backend.ini:2: error: " "backend error has file:line"
expect_status 2 "a bad --set" -- "$conveyor" run classic --headless --set run.buffr=3
expect_match "$tmp/err" "did you mean 'buffer'" "a typo gets a suggestion"
head -c 2000 /dev/urandom >"$tmp/binary.ini"
expect_status 2 "a binary file" -- "$conveyor" run "$tmp/binary.ini" --headless
: >"$tmp/empty.ini"
expect_status 2 "an empty file" -- "$conveyor" run "$tmp/empty.ini" --headless
expect_status 2 "check reports a bad file" -- "$conveyor" check "$tmp/word.ini"
expect_status 0 "check accepts a lesson" -- "$conveyor" check classic
expect_match "$tmp/out" "^classic: ok$" "check prints FILE: ok"
expect_status 0 "list" -- "$conveyor" list
expect_match "$tmp/out" "^classic +" "list shows the classic lesson"

# A small run on each backend, with every export, each parsed back.
for backend in threads processes; do
  out="$tmp/$backend"
  expect_status 0 "headless run ($backend)" -- "$conveyor" run classic --headless \
    --backend "$backend" --set run.items=30 --set producers.work="io 1ms" \
    --set consumers.work="io 2ms" --report "$out.json" --trace "$out.trace.json" \
    --csv "$out.csv" --png "$out.png" --svg "$out.svg"
  expect_match "$tmp/out" "^completed in" "the summary says it completed ($backend)"
  if python3 - "$out.json" "$backend" <<'PY'; then ok "report has every key ($backend)"; else fail "report keys ($backend)"; fi
import json, sys
r = json.load(open(sys.argv[1]))
keys = ["scenario", "backend", "elapsed_s", "items_produced", "items_consumed",
        "throughput_items_per_s", "ledger_ok", "outcome", "dropped_events", "workers"]
missing = [k for k in keys if k not in r]
assert not missing, missing
assert r["backend"] == sys.argv[2] and r["outcome"] == "completed" and r["ledger_ok"] is True
assert r["items_produced"] == r["items_consumed"] == 30
for w in r["workers"]:
    for k in ["name", "role", "os_id", "items", "spawn_us", "time_ms"]:
        assert k in w, k
    for s in ["work", "io", "wait-slot", "wait-item", "wait-lock", "wait-gil", "spawn"]:
        assert s in w["time_ms"], s
PY
  if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['traceEvents']" "$out.trace.json"; then ok "trace is JSON with events ($backend)"; else fail "trace JSON ($backend)"; fi
  expect_match "$out.csv" "^worker,role,state,start_us,end_us,item$" "CSV header ($backend)"
  if [ "$(head -c 8 "$out.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; then ok "PNG signature ($backend)"; else fail "PNG signature ($backend)"; fi
  if [ -s "$out.svg" ] && { ! command -v xmllint >/dev/null || xmllint --noout "$out.svg"; }; then ok "SVG is well-formed ($backend)"; else fail "SVG ($backend)"; fi
  expect_status 0 "render the saved trace ($backend)" -- "$conveyor" render "$out.trace.json" --png "$out.again.png"
  # --arrows (issue 20, point 13): item hand-over arrows in the SVG, none without.
  expect_status 0 "render --arrows ($backend)" -- "$conveyor" render "$out.trace.json" --svg "$out.arrows.svg" --arrows
  expect_match "$out.arrows.svg" "<title>item #[0-9]+</title>" "render --arrows draws item arrows ($backend)"
  if grep -q 'class="arrows"' "$out.svg"; then fail "arrows without --arrows ($backend)"; else ok "no arrows without --arrows ($backend)"; fi
done

# The native trace file, chosen by its name: it renders as the Chrome trace does,
# converts to one, reads from standard input, and a damaged one is exit 2.
native="$tmp/native"
expect_status 0 "a run saved as a native trace" -- "$conveyor" run classic --headless --quiet \
  --set run.items=30 --set producers.work="io 1ms" \
  --set consumers.work="io 1ms" --trace "$native.cvtrace" --csv "$native.csv"
if [ "$(head -c 8 "$native.cvtrace" | od -An -c | tr -d ' \n')" = "211CVTRACE" ]; then ok "native trace magic number"; else fail "native trace magic number"; fi
expect_status 0 "render a native trace, and convert it to Chrome JSON" -- "$conveyor" render \
  "$native.cvtrace" --csv "$native.again.csv" --trace "$native.json" --png "$native.png"
if cmp -s "$native.csv" "$native.again.csv"; then ok "the native trace replays the same spans"; else fail "native replay CSV differs"; fi
expect_status 0 "a Chrome trace read from standard input" -- sh -c \
  "'$conveyor' render - --csv '$native.stdin.csv' < '$native.json'"
if cmp -s "$native.csv" "$native.stdin.csv"; then ok "Chrome JSON from stdin replays the same spans"; else fail "stdin replay CSV differs"; fi
head -c 100 "$native.cvtrace" >"$tmp/cut.cvtrace"
expect_status 2 "a native trace cut short" -- "$conveyor" render "$tmp/cut.cvtrace" --png "$tmp/x.png"
expect_match "$tmp/err" "cut short" "the cut-short trace is named as such"
cp "$native.json" "$tmp/renamed.cvtrace"
expect_status 2 "a Chrome trace named .cvtrace" -- "$conveyor" render "$tmp/renamed.cvtrace" --png "$tmp/x.png"
expect_match "$tmp/err" "not a conveyor native trace" "a foreign file is not a native trace"

# A failed run: exit 1, with the reason.
expect_status 1 "a deadlock fails the run" -- "$conveyor" run deadlock --headless --set run.deadlock_timeout=300ms
expect_match "$tmp/out" "holds the buffer lock" "the deadlock is explained"
expect_status 0 "--test-expect passes when the lesson deadlocks as it says" -- "$conveyor" run deadlock --headless --test-expect --set run.deadlock_timeout=300ms
expect_status 1 "an unmet [expect] fails" -- "$conveyor" run classic --headless --set run.items=10 --set expect.min_items=10 --set expect.max_elapsed=1ms
expect_match "$tmp/err" "expectation not met" "the unmet expectation is named"

# A --set that shortens the run scales min_items, with one note; one that
# changes what the outcome is about leaves it unchecked, said once.
expect_status 0 "a shorter run scales min_items" -- "$conveyor" run classic --headless \
  --set run.items=10 --set producers.work="io 1ms" --set consumers.work="io 1ms"
expect_match "$tmp/err" "note: expect.min_items scaled from 120 to 10" "the scaling is noted"
expect_status 0 "a changed sync leaves the outcome unchecked" -- "$conveyor" run race --headless \
  --set run.sync=semaphores --set run.items=50
expect_match "$tmp/err" "outcome = ledger-violation not checked: run.sync was overridden" \
  "the unchecked outcome is said"
if [ "$(grep -c "not checked" "$tmp/err")" = 1 ]; then ok "said once"; else fail "said $(grep -c "not checked" "$tmp/err") times"; fi
# The window's exit status is the one headless gives for the same run.
for mode in --headless --exit-after=5; do
  expect_status 1 "an unmet [expect] fails ($mode)" -- "$conveyor" run classic "$mode" --quiet \
    --set run.items=4 --set producers.work=none --set consumers.work=none --set expect.outcome=deadlock
  expect_status 0 "an unchecked outcome passes ($mode)" -- "$conveyor" run deadlock "$mode" --quiet \
    --set run.sync=semaphores --set run.items=4
done
echo '{"traceEvents": 5}' >"$tmp/notours.json"
expect_status 2 "a trace that is not ours" -- "$conveyor" render "$tmp/notours.json" --png "$tmp/x.png"
expect_status 2 "a file that is not JSON" -- "$conveyor" render "$tmp/binary.ini" --png "$tmp/x.png"

# The reference's example called classic is the shipped classic.ini (keys and values).
if python3 - "$CONVEYOR_SCENARIOS/../docs/scenarios.md" "$CONVEYOR_SCENARIOS/classic.ini" <<'PY'; then ok "docs/scenarios.md shows the shipped classic.ini"; else fail "docs/scenarios.md's classic example differs from scenarios/classic.ini"; fi
import re, sys
doc = open(sys.argv[1]).read()
example = re.search(r"```ini\n(; classic .*?)```", doc, re.S).group(1)
keep = lambda text: [l.strip() for l in text.splitlines() if l.strip() and not l.lstrip().startswith(";")]
assert keep(example) == keep(open(sys.argv[2]).read()), (keep(example), keep(open(sys.argv[2]).read()))
PY

# Step mode's schedules: bad ones exit 2 before any run, naming FILE:LINE; the
# shipped race schedule loses item 0 on both backends, the same every time;
# one that no longer fits stops the run (exit 1) naming its line.
printf 'P0 claim\nP0 wiat empty\n' >"$tmp/bad.schedule"
expect_status 2 "a schedule with an unknown step" -- "$conveyor" run classic --headless \
  --schedule "$tmp/bad.schedule"
expect_match "$tmp/err" "bad.schedule:2: error: unknown step 'wiat empty'" "the step's line is named"
printf 'Q0 lock\n' >"$tmp/lane.schedule"
expect_status 2 "a schedule naming a lane the run lacks" -- "$conveyor" run classic --headless \
  --schedule "$tmp/lane.schedule"
expect_match "$tmp/err" "lane.schedule:1: error: no lane 'Q0'" "the lane's line is named"
# A bad `set` line is the schedule's line, not a --set: every error about the
# schedule starts FILE:LINE:, whichever check finds it (the key, the value,
# a rule across keys); a --set on the command line is still named as such.
for bad in 'set run.itemz=8' 'set run.items=abc' 'set run.sync=bogus' 'set nosuch=3' \
  'set expect.min_items=100000'; do
  printf '# line 1\nset run.items=8\n%s\nP0 claim\n' "$bad" >"$tmp/sets.schedule"
  expect_status 2 "a schedule with '$bad'" -- "$conveyor" run race --headless \
    --schedule "$tmp/sets.schedule"
  expect_match "$tmp/err" "^[^ ]*sets\.schedule:3: error: " "'$bad' is named by its line"
  if grep -qv -E '^[^ ]*sets\.schedule:[0-9]+: ' "$tmp/err"; then
    fail "'$bad': an error line without FILE:LINE:"; sed 's/^/    | /' "$tmp/err"
  else ok "'$bad': every error line starts FILE:LINE:"; fi
done
expect_status 2 "a bad --set next to a schedule" -- "$conveyor" run race --headless \
  --schedule "$tmp/sets.schedule" --set run.items=zz
expect_match "$tmp/err" "^--set run.items=zz: error: " "the command line's --set is named as such"
expect_status 2 "--step needs the window" -- "$conveyor" run classic --headless --step
expect_status 2 "--save-schedule needs step mode" -- "$conveyor" run classic --headless \
  --save-schedule "$tmp/x.schedule"
printf '# fits at first\nP0 claim\nC0 get\n' >"$tmp/misfit.schedule"
expect_status 1 "a schedule that no longer fits" -- "$conveyor" run classic --headless \
  --schedule "$tmp/misfit.schedule"
expect_match "$tmp/out" "misfit.schedule:3: the schedule no longer fits: C0's next step is .wait full., not .get." \
  "the misfit's line is named"
for backend in threads processes; do
  expect_status 1 "the race schedule replays ($backend)" -- "$conveyor" run race --headless \
    --backend "$backend" --schedule "$CONVEYOR_SCENARIOS/race.schedule" \
    --save-schedule "$tmp/race-$backend.schedule"
  expect_match "$tmp/out" "lost ids \(1\): 0$" "the race schedule loses item 0 ($backend)"
  expect_status 1 "the saved schedule replays ($backend)" -- "$conveyor" run race --headless \
    --schedule "$tmp/race-$backend.schedule"
  expect_match "$tmp/out" "duplicated ids \(1\): 8$" "the saved schedule duplicates item 8 ($backend)"
done
if diff <(grep -v '^#\|^set run.backend' "$tmp/race-threads.schedule") \
  <(grep -v '^#\|^set run.backend' "$tmp/race-processes.schedule") >/dev/null; then
  ok "both backends took the same steps"
else
  fail "the backends took different steps"
fi
# --save-schedule -: standard output holds the schedule alone (the summary
# goes to stderr, as for any output sent to '-'), its hint names a command
# that works, and --schedule - replays it from standard input.
expect_status 1 "--save-schedule - writes the schedule to stdout" -- "$conveyor" run lost-wakeup \
  --headless --schedule "$CONVEYOR_SCENARIOS/lost-wakeup.schedule" --save-schedule -
cp "$tmp/out" "$tmp/stdout.schedule"
if grep -qv -E '^(#|set |[A-Z][0-9]+ |run$)' "$tmp/stdout.schedule"; then
  fail "stdout holds more than the schedule: $(grep -v -E '^(#|set |[A-Z][0-9]+ |run$)' "$tmp/stdout.schedule" | head -2)"
else ok "stdout holds the schedule alone"; fi
expect_match "$tmp/err" "^deadlock in " "the summary went to stderr"
expect_match "$tmp/stdout.schedule" "^# replay: conveyor run .* --schedule - < THIS_FILE$" \
  "the hint reads the schedule from standard input"
expect_status 1 "--schedule - replays it from standard input" -- sh -c \
  "exec \"\$0\" run lost-wakeup --headless --schedule - <\"\$1\"" "$conveyor" "$tmp/stdout.schedule"
expect_match "$tmp/out" "no worker can advance: P0 at .relock." "the replay from stdin deadlocks"
expect_status 2 "a bad schedule on standard input" -- sh -c \
  "printf 'C0 lock\nC0 wiat\n' | exec \"\$0\" run lost-wakeup --headless --schedule -" "$conveyor"
expect_match "$tmp/err" "^\(standard input\):2: error: unknown step 'wiat'" "standard input's line is named"
expect_status 1 "--save-schedule FILE" -- "$conveyor" run lost-wakeup --headless \
  --schedule "$CONVEYOR_SCENARIOS/lost-wakeup.schedule" --save-schedule "$tmp/saved.schedule"
expect_match "$tmp/err" "^wrote schedule .*saved\.schedule$" "--save-schedule says what it wrote"
# Steps the scenario's sync mode never takes: exit 2 before the run, FILE:LINE.
printf 'C0 lock\nC0 wait full\n' >"$tmp/sem.schedule"
expect_status 2 "a semaphore step under one-condvar" -- "$conveyor" run lost-wakeup --headless \
  --schedule "$tmp/sem.schedule"
expect_match "$tmp/err" "sem\.schedule:2: error: .wait full. is never a step under sync = one-condvar" \
  "the semaphore step's line is named"
if [ -s "$tmp/out" ]; then fail "a run started: $(head -1 "$tmp/out")"; else ok "no run started"; fi
expect_status 2 "a lock step under no-mutex" -- "$conveyor" run race --headless \
  --schedule "$CONVEYOR_SCENARIOS/deadlock.schedule"
expect_match "$tmp/err" "deadlock\.schedule:[0-9]+: error: .lock. is never a step under sync = no-mutex" \
  "the lock step's line is named"
printf 'Z9 claim\nP0 lock\n' >"$tmp/first.schedule"
expect_status 2 "a schedule with a missing lane before a foreign step" -- "$conveyor" run race \
  --headless --schedule "$tmp/first.schedule"
expect_match "$tmp/err" "first\.schedule:1: error: no lane 'Z9'" "the first problem by line is named"
expect_status 1 "the mutex-first schedule deadlocks" -- "$conveyor" run deadlock --headless \
  --schedule "$CONVEYOR_SCENARIOS/deadlock.schedule"
expect_match "$tmp/out" "no worker can advance: P0 at .lock. \(the lock is held by C0\)" \
  "step mode explains the deadlock"
# A stepped run's pictures say why held workers are drawn ready: headless,
# there is no step banner.
expect_match "$tmp/out" "note: stepped run: a worker held for its turn is drawn ready" \
  "a stepped run's summary says how to read ready"
expect_status 1 "a stepped run's SVG" -- "$conveyor" run deadlock --headless \
  --schedule "$CONVEYOR_SCENARIOS/deadlock.schedule" --svg "$tmp/stepped.svg"
expect_match "$tmp/stepped.svg" "stepped run: a worker held for its turn is drawn ready" \
  "a stepped run's SVG says how to read ready"

left=$(shm_leftovers)
if [ -z "$left" ]; then ok "nothing left in /dev/shm"; else fail "left in /dev/shm: $left"; fi
finish
