#!/usr/bin/env bash
# test_files.sh CONVEYOR — every file conveyor writes is complete or absent,
# never anyone else's (issue 18): numbers and outputs checked before the run,
# exports through a temporary file renamed into place, links and devices
# respected, write errors (a full disk, a full stdout, a closed pipe)
# reported, SVG text valid XML, and Chrome traces that double-based viewers
# read exactly.
set -u
# Commands that could run away (a regression of point 1 writes an endless SVG)
# run under timeout -s KILL: such a build ignored SIGTERM during the export.
conveyor=$1
here=$(dirname "$0")
. "$here/lib.sh"

small=(--set run.items=20 --set expect.min_items=20 --set "producers.work=io 1ms"
  --set "consumers.work=io 1ms")
expect_status 0 "a small run saves a trace to replay" -- "$conveyor" run classic --headless \
  "${small[@]}" --trace "$tmp/t.json"

# 1. NaN, infinities and overflow: exit 2, the option named, before anything runs.
bad_numbers=("nan" "-nan" "NAN" "nan(123)" "inf" "-inf" "infinity" "1e400" "0x1p2000")
for value in "${bad_numbers[@]}"; do
  expect_status 2 "--range $value:1 is refused" -- timeout -s KILL 20 "$conveyor" render "$tmp/t.json" \
    --svg "$tmp/x.svg" --range "$value:1"
  expect_match "$tmp/err" "--range" "the message names --range ($value)"
  expect_status 2 "--range 0:$value is refused" -- timeout -s KILL 20 "$conveyor" render "$tmp/t.json" \
    --png "$tmp/x.png" --range "0:$value"
  expect_status 2 "--size ${value}x900 is refused" -- "$conveyor" render "$tmp/t.json" --png "$tmp/x.png" \
    --size "${value}x900"
  expect_match "$tmp/err" "--size" "the message names --size ($value)"
  expect_status 2 "--scale $value is refused" -- "$conveyor" run classic --scale "$value"
  expect_match "$tmp/err" "--scale" "the message names --scale ($value)"
  expect_status 2 "--exit-after $value is refused" -- "$conveyor" run classic --exit-after "$value"
  expect_match "$tmp/err" "--exit-after" "the message names --exit-after ($value)"
  expect_status 2 "--set run.items=$value is refused" -- "$conveyor" check classic --set "run.items=$value"
  expect_status 2 "--set run.buffer=$value is refused" -- "$conveyor" check classic --set "run.buffer=$value"
  expect_status 2 "--set producers.work=cpu ${value}ms is refused" -- "$conveyor" check classic \
    --set "producers.work=cpu ${value}ms"
done
[ -e "$tmp/x.svg" ] || [ -e "$tmp/x.png" ] && fail "a refused range wrote a picture" || ok "no picture from a refused range"
expect_status 2 "run --headless --svg --range nan:1 stops before the run" -- timeout -s KILL 20 "$conveyor" \
  run classic --headless --svg "$tmp/x.svg" --range nan:1
expect_status 2 "--size beyond int is refused" -- "$conveyor" render "$tmp/t.json" --png "$tmp/x.png" \
  --size 99999999999999999999x900
expect_status 2 "--set run.items beyond 64 bits is refused" -- "$conveyor" check classic \
  --set run.items=99999999999999999999999

# 2. Legal extremes draw without overflow: ticks inside the picture, a 1 ns range.
expect_status 0 "a wide SVG of a long range" -- "$conveyor" render "$tmp/t.json" --size 16384x900 \
  --range 0:1000000 --svg "$tmp/wide.svg"
if grep -Eq 'M-[0-9]' "$tmp/wide.svg"; then fail "an axis tick at a negative x"; else ok "every tick inside the picture"; fi
expect_status 0 "a PNG of a 1 ns range" -- "$conveyor" render "$tmp/t.json" --range 0:0.000000001 \
  --png "$tmp/tiny.png"
expect_status 0 "an SVG of a 1 ns range" -- "$conveyor" render "$tmp/t.json" --range 0:0.000000001 \
  --svg "$tmp/tiny.svg"

# 3. Problems known before the run are found before it (exit 2, no summary).
expect_status 2 "--size below what the writers draw" -- "$conveyor" run classic --headless \
  --png "$tmp/s.png" --size 200x150
expect_match "$tmp/err" "320x200" "the message says the smallest size"
if [ -s "$tmp/out" ]; then fail "the run went ahead"; else ok "nothing ran"; fi
# The SVG lays out what the PNG does: the smallest size is no reason to refuse
# a picture of many lanes (the layout thins them, or counts those left out).
expect_status 0 "the smallest SVG of 42 lanes is drawn" -- timeout -s KILL 60 "$conveyor" run \
  classic --headless "${small[@]}" --set producers.count=40 --set consumers.count=2 \
  --svg "$tmp/s.svg" --size 320x200
lanes=$(grep -c '<g><title>' "$tmp/s.svg")
if [ "$lanes" -eq 42 ]; then ok "every lane is in the SVG"; else fail "$lanes of 42 lanes in the SVG"; fi
expect_status 2 "an empty path" -- "$conveyor" run classic --headless --png=
expect_match "$tmp/err" "--png needs a file name" "the empty path is named"
expect_status 2 "a missing folder" -- "$conveyor" run classic --headless --csv "$tmp/nope/x.csv"
expect_match "$tmp/err" "does not exist" "the missing folder is named"
expect_status 2 "an output that is a folder" -- "$conveyor" run classic --headless --csv "$tmp"
expect_status 2 "two outputs naming one file" -- "$conveyor" run classic --headless \
  --png "$tmp/same" --svg "$tmp/./same"
expect_match "$tmp/err" "both name the file" "the clash is named"
cp "$tmp/t.json" "$tmp/in.json"
expect_status 2 "render in.json --csv in.json" -- "$conveyor" render "$tmp/in.json" --csv "$tmp/in.json"
if cmp -s "$tmp/t.json" "$tmp/in.json"; then ok "the input is intact"; else fail "the input was changed"; fi
cp "$tmp/t.json" "$tmp/in2.json"
expect_status 2 "render in.json in2.json --png in2.json (a stacked input)" -- "$conveyor" render \
  "$tmp/in.json" "$tmp/in2.json" --png "$tmp/in2.json"
if cmp -s "$tmp/t.json" "$tmp/in2.json"; then ok "the stacked input is intact"; else
  fail "the stacked input was changed"; fi
expect_status 2 "render --range after the run's end" -- "$conveyor" render "$tmp/in.json" \
  --png "$tmp/late.png" --range 3600:3601
expect_match "$tmp/err" "after the end of" "the late range is explained"
if [ -e "$tmp/late.png" ]; then fail "a picture of nothing was written"; else ok "no picture of nothing"; fi
# A --range that ends after the trace: drawn to the trace's end, with a note.
expect_status 0 "render --range past the trace's end" -- "$conveyor" render "$tmp/in.json" \
  --png "$tmp/long.png" --range 0.01:3600
expect_match "$tmp/err" "note: --range ends at 3600.000 s, after the end of .*in.json \(0\.[0-9]+ s\); drawn to" \
  "the cut range is said"
expect_status 0 "render A B --range past their end" -- "$conveyor" render "$tmp/in.json" \
  "$tmp/in2.json" --png "$tmp/ab.png" --svg "$tmp/ab.svg" --range 0.01:3600
expect_match "$tmp/err" "note: --range ends at 3600.000 s" "the stacked cut range is said"
expect_match "$tmp/err" "^wrote picture .*ab\.png$" "render A B says it wrote the PNG"
expect_match "$tmp/err" "^wrote SVG .*ab\.svg$" "render A B says it wrote the SVG"
expect_status 0 "run --range past the run's end" -- "$conveyor" run classic --headless \
  "${small[@]}" --png "$tmp/run.png" --range 0.01:3600
expect_match "$tmp/err" "note: --range ends at 3600.000 s, after the end of the run" \
  "run's cut range is said"
# A folder that exists but takes no new files (/proc, even for root): refused
# before the run, not after it.
if [ -d /proc/self ]; then
  expect_status 2 "--png into /proc" -- timeout -s KILL 20 "$conveyor" run classic --headless \
    --png /proc/x.png
  expect_match "$tmp/err" "--png /proc/x.png: the folder '/proc' does not take new files" \
    "/proc is named"
  if [ -s "$tmp/out" ]; then fail "the run started: $(head -1 "$tmp/out")"; else ok "no run started"; fi
fi
cp "$here/../../scenarios/classic.ini" "$tmp/c.ini"
expect_status 2 "run c.ini --report c.ini" -- "$conveyor" run "$tmp/c.ini" --headless --report "$tmp/c.ini"
cp "$here/../../scenarios/race.schedule" "$tmp/r.schedule"
expect_status 2 "run race --schedule r.schedule --save-schedule r.schedule" -- "$conveyor" run race \
  --headless --schedule "$tmp/r.schedule" --save-schedule "$tmp/r.schedule"
expect_match "$tmp/err" "would overwrite the input" "the schedule is named as the input"
if cmp -s "$here/../../scenarios/race.schedule" "$tmp/r.schedule"; then ok "the schedule is intact"
else fail "the schedule was changed"; fi
if [ "$(id -u)" -ne 0 ]; then
  mkdir "$tmp/ro" && chmod 555 "$tmp/ro"
  expect_status 2 "an unwritable folder" -- "$conveyor" run classic --headless --csv "$tmp/ro/x.csv"
  chmod 755 "$tmp/ro"
elif unshare -m true 2>/dev/null; then
  # Root writes anywhere, except on a read-only file system.
  mkdir "$tmp/ro"
  if unshare -m sh -c "mount -t tmpfs -o ro tmpfs '$tmp/ro' && \"$conveyor\" run classic --headless \
      --csv '$tmp/ro/x.csv' 2>'$tmp/err'; exit \$?"; then status=0; else status=$?; fi
  if [ "$status" -eq 2 ] && grep -q "cannot be written" "$tmp/err"; then
    ok "an unwritable folder is refused before the run (exit 2)"; else
    fail "an unwritable folder: exit $status"; cat "$tmp/err"; fi
else
  echo "skip - unwritable folder (root writes anywhere, and unshare -m is not allowed)"
fi

# 4. No silent truncation: a --set longer than a file line could be.
long=$(printf 'io 1ms, %.0s' $(seq 150))"io 1ms"
expect_status 2 "a --set value over 1023 characters" -- "$conveyor" check classic --set "producers.work=$long"
expect_match "$tmp/err" "too long" "the length is the error"

# 6. Links and devices as outputs.
echo "precious" >"$tmp/victim"
ln -s "$tmp/victim" "$tmp/link.csv"
expect_status 0 "a symlink named as output" -- "$conveyor" render "$tmp/t.json" --csv "$tmp/link.csv"
if [ -L "$tmp/link.csv" ] && head -1 "$tmp/victim" | grep -q '^worker,'; then
  ok "the link stays and its target is replaced"; else fail "link or target wrong"; fi
if command -v mknod >/dev/null && mknod "$tmp/null" c 1 3 2>/dev/null && mknod "$tmp/full" c 1 7 2>/dev/null; then
  expect_status 0 "a device node as output is written in place" -- "$conveyor" render "$tmp/t.json" \
    --csv "$tmp/null" --png "$tmp/null"
  for w in --csv --png --svg; do
    expect_status 1 "$w to a full device fails" -- "$conveyor" render "$tmp/t.json" $w "$tmp/full"
    expect_match "$tmp/err" "No space left" "$w names the error"
  done
  expect_status 1 "--trace and --report to a full device fail" -- "$conveyor" run classic --headless \
    "${small[@]}" --trace "$tmp/full" --report "$tmp/full"
  if [ -c "$tmp/null" ] && [ -c "$tmp/full" ]; then ok "the device nodes are untouched"; else fail "a device node was removed"; fi
else
  echo "skip - device nodes (mknod not allowed here)"
fi
ls -a "$tmp" | grep -q '\.tmp$' && fail "a temporary file was left" || ok "no temporary file left"

# 6/7. A full file system, for every writer: exit 1, nothing (not even a
# temporary file) left behind, an existing file untouched.
if unshare -m true 2>/dev/null; then
  cat >"$tmp/full.sh" <<EOF
set -u
# Commands that could run away (a regression of point 1 writes an endless SVG)
# run under timeout -s KILL: such a build ignored SIGTERM during the export.
mkdir -p "$tmp/small"
mount -t tmpfs -o size=64k tmpfs "$tmp/small"
echo old >"$tmp/small/old.png"
head -c 1M /dev/zero >"$tmp/small/filler" 2>/dev/null
status=0
for w in --csv --png --svg --trace; do
  "$conveyor" render "$tmp/t.json" \$w "$tmp/small/out" 2>/dev/null && status=1
  "$conveyor" render "$tmp/t.json" \$w "$tmp/small/old.png" 2>/dev/null && status=1
done
"$conveyor" run classic --headless ${small[*]@Q} --report "$tmp/small/r.json" >/dev/null 2>&1
[ "\$(ls -A "$tmp/small" | tr '\n' ' ')" = "filler old.png " ] || { ls -A "$tmp/small"; status=1; }
[ "\$(cat "$tmp/small/old.png")" = old ] || status=1
exit \$status
EOF
  if unshare -m bash "$tmp/full.sh"; then ok "a full file system: every writer fails and leaves nothing"; else
    fail "a full file system left something or succeeded"; fi
else
  echo "skip - full file system test (unshare -m not allowed here)"
fi

# 8. Standard output: a full one is an error, a closed pipe a clean stop.
for cmd in "list" "check classic"; do
  expect_status 1 "$cmd to /dev/full" -- sh -c "\"$conveyor\" $cmd >/dev/full"
  expect_match "$tmp/err" "cannot write to standard output" "$cmd says stdout failed"
done
expect_status 1 "run --headless to /dev/full" -- sh -c "\"$conveyor\" run classic --headless \
  --set run.items=20 --set expect.min_items=20 >/dev/full"
"$conveyor" list 2>"$tmp/err" | head -c 1 >/dev/null
status=${PIPESTATUS[0]}
if [ "$status" -eq 0 ] && [ ! -s "$tmp/err" ]; then ok "list into a closed pipe: exit 0, quiet"; else
  fail "list into a closed pipe: exit $status"; fi
rm -f "$tmp/after.png"
"$conveyor" run classic --headless "${small[@]}" --png "$tmp/after.png" 2>/dev/null | head -c 1 >/dev/null
status=${PIPESTATUS[0]}
if [ "$status" -eq 0 ] && [ -s "$tmp/after.png" ]; then ok "a closed pipe does not stop later files"; else
  fail "closed pipe: exit $status, png $(ls "$tmp/after.png" 2>&1)"; fi

# 9. A name with characters XML forbids still makes a valid SVG.
printf '[run]\nname = bad\xef\xbf\xbename\ndescription = a \xef\xbf\xbf and \xf4\x8f\xbf\xbf\nitems = 10\n[producers]\ncount = 1\nwork = none\n[consumers]\ncount = 1\nwork = none\n' >"$tmp/xml.ini"
expect_status 0 "a run with U+FFFE/U+FFFF in names" -- "$conveyor" run "$tmp/xml.ini" --headless \
  --svg "$tmp/xml.svg"
if ! command -v xmllint >/dev/null; then echo "skip - xmllint missing"; elif xmllint --noout "$tmp/xml.svg"; then
  ok "xmllint accepts the SVG"; else fail "xmllint rejects the SVG"; fi

# 10. '-' is standard output for every file, the summary then on stderr.
expect_status 0 "--png - writes the PNG to stdout" -- "$conveyor" run classic --headless "${small[@]}" --png -
if [ "$(head -c 4 "$tmp/out" | od -An -tx1 | tr -d ' \n')" = "89504e47" ]; then ok "stdout is the PNG"; else fail "stdout is not a PNG"; fi
expect_match "$tmp/err" "^completed in" "the summary went to stderr"
[ -e ./- ] && fail "a file named - was created" || ok "no file named -"
expect_status 2 "two outputs to stdout" -- "$conveyor" render "$tmp/t.json" --png - --csv -
expect_status 2 "render given a directory" -- "$conveyor" render "$tmp" --png "$tmp/d.png"
expect_match "$tmp/err" "is a directory" "the directory is named as such"
lessons="$tmp/lessons"
mkdir "$lessons" && cp "$here/../../scenarios/classic.ini" "$lessons/" && mkfifo "$lessons/fifo.ini"
expect_status 0 "list with a FIFO among the lessons" -- env CONVEYOR_SCENARIOS="$lessons" timeout -s KILL 10 "$conveyor" list
expect_match "$tmp/out" "^fifo +\(not a regular file\)" "the FIFO is listed, not read"

# Signals: a SIGTERM during the exports stops them; nothing half-written stays.
mkfifo "$tmp/slow.csv"
(exec 3<"$tmp/slow.csv"; sleep 30) &
holder=$!
"$conveyor" run classic --headless --quiet --set run.items=100000 --set expect.min_items=100000 \
  --set producers.work=none --set consumers.work=none --csv "$tmp/slow.csv" --png "$tmp/late.png" \
  2>"$tmp/err" &
pid=$!
# Signal once the export is under way: the FIFO is only opened then, and the
# write blocks because the reader never reads.
for _ in $(seq 300); do
  ls -l "/proc/$pid/fd" 2>/dev/null | grep -q slow.csv && break
  sleep 0.1
done
sleep 0.5
kill -TERM "$pid"
started=$(date +%s)
wait "$pid"
status=$?
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
if [ "$status" -eq 143 ] && [ $(($(date +%s) - started)) -lt 10 ] && [ ! -e "$tmp/late.png" ]; then
  ok "SIGTERM during the exports: exit 143 at once, later files not written"; else
  fail "SIGTERM during export: exit $status, late.png $(ls "$tmp/late.png" 2>&1)"; cat "$tmp/err"; fi

# Ctrl-C once, then twice, while a trace is being written to a regular file:
# neither the trace nor its temporary file is left. Twice 20 ms apart is one
# interrupt delivered twice (as GNU timeout does), which stops the export as
# one does; a person's second Ctrl-C, half a second or more later, exits at
# once removing the temporary file (drills/drill_signals.sh, second_interrupt).
for presses in 1 2; do
  mkdir -p "$tmp/int$presses"
  "$conveyor" run classic --headless --quiet --set run.items=300000 --set expect.min_items=300000 \
    --set producers.work=none --set consumers.work=none --trace "$tmp/int$presses/big.json" \
    2>"$tmp/err" &
  pid=$!
  for _ in $(seq 600); do
    ls -A "$tmp/int$presses" | grep -q '\.tmp$' && break
    sleep 0.05
  done
  kill -INT "$pid"
  [ "$presses" -eq 2 ] && sleep 0.02 && kill -INT "$pid" 2>/dev/null
  wait "$pid"
  status=$?
  left=$(ls -A "$tmp/int$presses")
  if [ "$status" -eq 130 ] && [ -z "$left" ]; then ok "Ctrl-C x$presses during an export: exit 130, nothing left"; else
    fail "Ctrl-C x$presses during an export: exit $status, left: $left"; fi
done

# 11/12. Traces read exactly by double-based viewers, on both backends, with a busy thread beside.
python3 -c 'while True: pass' &
busy=$!
for backend in threads processes; do
  expect_status 0 "a loaded run ($backend)" -- "$conveyor" run classic --headless --quiet \
    --backend "$backend" --set run.items=400 --set expect.min_items=400 \
    --set "producers.work=cpu 20us" --set "consumers.work=cpu 20us" --trace "$tmp/exact-$backend.json"
  if python3 "$here/trace_exact.py" "$tmp/exact-$backend.json"; then
    ok "spans end exactly where the next begins; no arrow runs backwards ($backend)"; else
    fail "trace exactness ($backend)"; fi
  expect_status 0 "the exact trace reads back ($backend)" -- "$conveyor" render \
    "$tmp/exact-$backend.json" --csv "$tmp/exact-$backend.csv"
done
kill "$busy"
finish
