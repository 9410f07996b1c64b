#!/usr/bin/env bash
# Big traces, saved and replayed: for a work = none run (2 producers, 2
# consumers, buffer 16) of N items, save the trace as Chrome JSON and as the
# native file (one run each), then `conveyor render` each to a PNG, all under
# /usr/bin/time -v, side by side in one run. Prints a Markdown table with the
# ratios the issue sets targets for (render time / the run's own elapsed
# time, render peak RSS / the live run's peak RSS, native bytes per event)
# and the sizes zstd would give the native file (levels 1 and 3).
#
#   bench/trace_files.sh CONVEYOR [ITEMS...]       default ITEMS: 1000000 4400000
#   BEFORE=/path/to/old/conveyor bench/trace_files.sh ...   also render the JSON with
#                                                           an older build, for comparison
#
# A benchmark, not a test: run it by hand on a quiet machine. It needs about
# 3 GB of free disk per 10 million events (the JSON file) in $TMPDIR.
set -euo pipefail
conveyor=${1:?usage: bench/trace_files.sh CONVEYOR [ITEMS...]}
shift
items_list=("$@")
[ ${#items_list[@]} -gt 0 ] || items_list=(1000000 4400000)
scenario="$(dirname "$0")/../scenarios/classic.ini"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# timed LOG COMMAND...: run under /usr/bin/time -v; prints "seconds kB exit".
timed() {
  local log=$1; shift
  local status=0
  /usr/bin/time -v "$@" >"$log" 2>&1 || status=$?
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  echo "$wall $rss $status"
}

# The native header's event count (docs/trace-format.md): preamble 16 bytes,
# section header 16, u32 state count, two strings, 4 bytes, u32, i64, u32 lanes,
# then the u64 event count.
native_events() {
  python3 - "$1" <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read(1 << 16)
at = 16 + 16 + 4
for _ in range(2):
    (n,) = struct.unpack_from("<I", b, at); at += 4 + n
at += 4 + 4 + 8 + 4
print(struct.unpack_from("<Q", b, at)[0])
PY
}

json_events() { tail -c 2000 "$1" | grep -o '"event_count":[0-9]*' | cut -d: -f2; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

echo "| items | format | events | file MB | bytes/event | run elapsed s | run peak MB | render s | render peak MB | render time / run | render memory / run |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for items in "${items_list[@]}"; do
  sets=(--set run.items="$items" --set expect.min_items="$items" --set producers.work=none
        --set consumers.work=none --set producers.count=2 --set consumers.count=2 --set run.buffer=16)
  for format in cvtrace json; do
    file="$work/run-$items.$format"
    read -r _ run_rss run_status < <(timed "$work/run.log" "$conveyor" run "$scenario" --headless "${sets[@]}" --trace "$file")
    [ "$run_status" -eq 0 ] || { echo "run failed:"; tail -5 "$work/run.log"; exit 1; }
    elapsed=$(grep -o 'completed in [0-9.]* s' "$work/run.log" | awk '{print $3}')
    size=$(stat -c %s "$file")
    if [ "$format" = cvtrace ]; then events=$(native_events "$file"); else events=$(json_events "$file"); fi
    read -r render_s render_rss render_status < <(timed "$work/render.log" "$conveyor" render "$file" --png "$work/out.png")
    [ "$render_status" -eq 0 ] || { echo "render failed:"; tail -5 "$work/render.log"; exit 1; }
    echo "| $items | $format | $events | $(ratio "$size" 1000000) | $(ratio "$size" "$events") | $elapsed | $(ratio "$run_rss" 1000) | $render_s | $(ratio "$render_rss" 1000) | $(ratio "$render_s" "$elapsed") | $(ratio "$render_rss" "$run_rss") |"
    if [ "$format" = json ] && [ -n "${BEFORE:-}" ]; then
      read -r old_s old_rss old_status < <(timed "$work/old.log" "$BEFORE" render "$file" --png "$work/old.png")
      if [ "$old_status" -eq 0 ]; then
        echo "| $items | json, BEFORE's reader | $events | | | $elapsed | $(ratio "$run_rss" 1000) | $old_s | $(ratio "$old_rss" 1000) | $(ratio "$old_s" "$elapsed") | $(ratio "$old_rss" "$run_rss") |"
      else
        echo "| $items | json, BEFORE's reader | $events | | | | | refused (exit $old_status): $(grep -m1 -o 'error: .*' "$work/old.log" | cut -c1-80) | | | |"
      fi
    fi
    if [ "$format" = cvtrace ] && command -v zstd >/dev/null; then
      for level in 1 3; do
        start=$(date +%s.%N)
        zstd -q -f -"$level" "$file" -o "$work/z.zst"
        end=$(date +%s.%N)
        zsize=$(stat -c %s "$work/z.zst")
        zstd_notes+="| $items | zstd -$level | $(ratio "$zsize" 1000000) MB | $(ratio "$zsize" "$events") bytes/event | $(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.2f", b-a}') s to compress |"$'\n'
      done
    fi
    rm -f "$file"
  done
done
if [ -n "${zstd_notes:-}" ]; then
  echo
  echo "| items | native file compressed with | size | per event | time |"
  echo "|---|---|---|---|---|"
  printf '%s' "$zstd_notes"
fi
