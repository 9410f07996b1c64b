#!/usr/bin/env bash
# The whole benchmark suite in one command: build in Release, run every
# benchmark, the Python comparison and the colleagues' frame-time and export
# benchmarks when their targets exist, then write docs/performance.md and the
# chart docs/img/throughput.png (gnuplot). Takes 5-10 minutes on 2 cores.
#
#   bench/run-all.sh                  BUILD_DIR (default build-release), RUNS (default 5)
#   REPORT_ONLY=1 bench/run-all.sh    rewrite the page and chart from the last results
#
# Benchmarks print Markdown; this script only assembles it, adds the machine,
# the date and the command, and turns two tables into the chart and the
# targets summary. Raw outputs stay in $BUILD_DIR/bench-results/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build=${BUILD_DIR:-build-release}
runs=${RUNS:-5}
out="$build/bench-results"
bin="$build/bench"
doc=docs/performance.md
chart=docs/img/throughput.png
command_line="${BUILD_DIR:+BUILD_DIR=$BUILD_DIR }${RUNS:+RUNS=$RUNS }bench/run-all.sh"

step() { printf '== %s\n' "$*" | tee -a "$out/run.log" >&2; }
mkdir -p "$out" docs/img
[ -n "${REPORT_ONLY:-}" ] || : >"$out/run.log"

measure() {
    step "configure and build ($build, Release)"
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCONVEYOR_WERROR=ON >/dev/null
    targets=$(cmake --build "$build" --target help | sed -n 's/^\.\.\. \([a-z_]*\).*/\1/p')
    have() { grep -qx "$1" <<<"$targets"; }
    wanted=(engine_bench fidelity_bench tracer_bench)
    for extra in timeline_bench window_bench export_bench; do
        have "$extra" && wanted+=("$extra")
    done
    cmake --build "$build" -j2 --target "${wanted[@]}" >/dev/null

    # Benchmarks append a row per issue target they measure (bench/targets.c).
    CONVEYOR_BENCH_TARGETS="$(cd "$out" && pwd)/targets.md"
    export CONVEYOR_BENCH_TARGETS
    : >"$CONVEYOR_BENCH_TARGETS"
    load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    started=$(date -u '+%Y-%m-%d %H:%M UTC')
    t0=$(date +%s)

    # Each benchmark's stdout is Markdown for the page; stderr (progress) goes to a log.
    # A benchmark that misses a target exits 1: that is a result, not a reason to stop.
    run() {
        local name=$1
        shift
        step "$name: $*"
        local rc=0
        "$@" >"$out/$name.md" 2>"$out/$name.log" || rc=$?
        echo "$rc" >"$out/$name.rc"
        if [ "$rc" -gt 1 ]; then
            echo "   $name failed (exit $rc); see $out/$name.log" >&2
        fi
    }

    run probe "$bin/engine_bench" probe --runs "$runs" --data "$out/probe.tsv"
    run event-cost "$bin/engine_bench" event-cost
    run tracer-cost "$bin/tracer_bench"
    run memory "$bin/engine_bench" memory
    run scale "$bin/engine_bench" scale
    run fidelity "$bin/fidelity_bench" --runs "$runs"
    run python python3 bench/python_queues.py --runs "$runs" --data "$out/python.tsv"
    if [ -x "$bin/timeline_bench" ]; then run timeline "$bin/timeline_bench"; fi
    # The window's frame time needs a display: a virtual one (Xvfb) when there is none.
    if [ -x "$bin/window_bench" ]; then
        if [ -n "${DISPLAY:-}" ]; then
            run window "$bin/window_bench"
        elif command -v xvfb-run >/dev/null; then
            run window xvfb-run -a -s "-screen 0 1600x1000x24" "$bin/window_bench"
        else
            run window "$bin/window_bench" --no-window
        fi
    fi
    if [ -x "$bin/export_bench" ]; then run export "$bin/export_bench"; fi

    load_after=$(cut -d' ' -f1-3 /proc/loadavg)
    minutes=$(( ($(date +%s) - t0 + 59) / 60 ))
    declare -p load_before load_after started minutes command_line >"$out/meta.env"
}

if [ -n "${REPORT_ONLY:-}" ]; then
    # shellcheck disable=SC1091
    source "$out/meta.env"
else
    measure
fi

# ---------------------------------------------------------------- the chart
# One row per backend/shape/buffer: conveyor traced, textbook, Python queue.
awk -F'\t' '
    /^#/ { next }
    FNR == NR { py[$1 "|" $2 "|" $3] = $4; next }
    { key = $1 "|" $2 "|" $3; print $1 "\t" $2 "/" $3 "\t" $5 "\t" $4 "\t" (key in py ? py[key] : "NaN") }
' "$out/python.tsv" "$out/probe.tsv" >"$out/chart.tsv"
grep '^threads' "$out/chart.tsv" | cut -f2- >"$out/chart-threads.tsv"
grep '^processes' "$out/chart.tsv" | cut -f2- >"$out/chart-processes.tsv"

step "chart: $chart"
gnuplot <<EOF
set terminal pngcairo size 1400,900 font "DejaVu Sans,12"
set output "$chart"
set datafile separator "\t"
set multiplot layout 2,1 title "Throughput by shape (P×C / buffer slots), work = none, median of $runs runs — higher is better\n{/*0.8 $(nproc) cores, $(date -u +%Y-%m-%d); log scale}"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.9 border -1
set boxwidth 0.9
set logscale y
set format y "10^{%L}"
set yrange [1000:*]
set grid ytics
set ylabel "items / s"
set key outside right top vertical
set xtics nomirror
set title "threads: conveyor (traced) vs textbook semaphores vs Python queue.Queue"
plot "$out/chart-threads.tsv" using 2:xtic(1) title "conveyor traced" lc rgb "#0072B2", \
     "" using 3 title "textbook buffer" lc rgb "#999999", \
     "" using 4 title "queue.Queue" lc rgb "#E69F00"
set title "processes: conveyor (traced) vs textbook semaphores vs Python multiprocessing.Queue"
plot "$out/chart-processes.tsv" using 2:xtic(1) title "conveyor traced" lc rgb "#0072B2", \
     "" using 3 title "textbook buffer" lc rgb "#999999", \
     "" using 4 title "mp.Queue" lc rgb "#E69F00"
unset multiplot
EOF

# ---------------------------------------------------------- targets summary
summary() {
    awk -F'\t' '
        /^#/ { next }
        FNR == NR { py[$1 "|" $2 "|" $3] = $4; next }
        {
            key = $1 "|" $2 "|" $3; tu = $7; tb = $8
            if (!($1 in min_tu) || tu < min_tu[$1]) { min_tu[$1] = tu; at_tu[$1] = $2 " buffer " $3 }
            if (!($1 in min_tb) || tb < min_tb[$1]) { min_tb[$1] = tb; at_tb[$1] = $2 " buffer " $3 }
            if (key in py && py[key] > 0) {
                r = $5 / py[key]
                if (!($1 in min_py) || r < min_py[$1]) { min_py[$1] = r; at_py[$1] = $2 " buffer " $3 }
            }
        }
        function verdict(ok) { return ok ? "yes" : "**no**" }
        END {
            print "| target | worst shape (threads) | met | worst shape (processes) | met |"
            print "|---|---|---|---|---|"
            printf "| traced ≥ 0.95 × untraced | %.2f at %s | %s | %.2f at %s | %s |\n", \
                min_tu["threads"], at_tu["threads"], verdict(min_tu["threads"] >= 0.95), \
                min_tu["processes"], at_tu["processes"], verdict(min_tu["processes"] >= 0.95)
            printf "| traced ≥ 0.85 × untraced (the floor) | %.2f at %s | %s | %.2f at %s | %s |\n", \
                min_tu["threads"], at_tu["threads"], verdict(min_tu["threads"] >= 0.85), \
                min_tu["processes"], at_tu["processes"], verdict(min_tu["processes"] >= 0.85)
            printf "| traced ≥ 0.85 × textbook (issue 3; goal 0.95) | %.2f at %s | %s | %.2f at %s | %s |\n", \
                min_tb["threads"], at_tb["threads"], verdict(min_tb["threads"] >= 0.85), \
                min_tb["processes"], at_tb["processes"], verdict(min_tb["processes"] >= 0.85)
            printf "| traced ≥ 1 × queue.Queue (threads), ≥ 10 × multiprocessing.Queue (processes) | %.1fx at %s | %s | %.1fx at %s | %s |\n", \
                min_py["threads"], at_py["threads"], verdict(min_py["threads"] >= 1), \
                min_py["processes"], at_py["processes"], verdict(min_py["processes"] >= 10)
        }
    ' "$out/python.tsv" "$out/probe.tsv"
}

# Ratios per shape against Python, for the comparison table.
python_table() {
    awk -F'\t' '
        /^#/ { next }
        FNR == NR { py[$1 "|" $2 "|" $3] = $4; next }
        {
            key = $1 "|" $2 "|" $3
            if (!(key in py)) next
            name = $1 == "threads" ? "queue.Queue" : "multiprocessing.Queue"
            printf "| %s | %s | %s | %.0f | %s %.0f | %.1fx | %.1fx |\n", $1, $2, $3, $5, name, py[key], \
                (py[key] > 0 ? $5 / py[key] : 0), (py[key] > 0 ? $4 / py[key] : 0)
        }
    ' "$out/python.tsv" "$out/probe.tsv"
}

section() {
    local name=$1
    if [ -s "$out/$name.md" ]; then cat "$out/$name.md"; else echo "_No output: see $out/$name.log._"; fi
}

verbatim() {
    local name=$1
    echo '```text'
    if [ -s "$out/$name.md" ]; then cat "$out/$name.md"; else echo "(no output: see $out/$name.log)"; fi
    echo '```'
}

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem_total=$(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)
python_version=$(python3 --version 2>&1)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)

step "writing $doc"
{
    cat <<EOF
# Performance

Written by \`$command_line\` on $started (about $minutes min). Everything below
comes from that one run; rerun the command to refresh it. Raw outputs are kept
in \`$build/bench-results/\`.

| machine | |
|---|---|
| cores (nproc) | $(nproc) |
| CPU | $cpu_model |
| memory | $mem_total |
| kernel | $(uname -r) ($(uname -m)) |
| compiler | $(cc --version | head -1) |
| Python | $python_version |
| build | Release (\`-O3 -DNDEBUG\`), commit $commit |
| load average (1/5/15 min) | before: $load_before; after: $load_after |

The machine is shared: other people's builds and tests ran at the same time.
That is why every comparison is interleaved and reported as a median, and why
the CPU-bound section starts by measuring how much CPU we were actually given.

![throughput by shape](img/throughput.png)

## Targets at a glance

$(summary)

| target | measured | met |
|---|---|---|
$(cat "$out/targets.md" 2>/dev/null)

## Probe effect: traced vs untraced vs the textbook buffer

\`engine_bench probe\`: the engine with \`work = none\`, traced and untraced
(\`cv_engine_options.untraced\`), against \`bench/baseline_buffer.c\` — the
textbook bounded buffer with the same three semaphores and nothing else (no
ledger, no clock reads, no stop flag; items split statically). Items per run
are picked by a pilot so a traced run takes about 0.3 s. Throughput is items
divided by the engine's own run clock (first spawn request to the end); the
textbook run is timed over the same span (first spawn to last join/reap).

$(section probe)

## Against Python's queues

\`bench/python_queues.py\`: \`queue.Queue(maxsize=buffer)\` with threads and
\`multiprocessing.Queue(maxsize=buffer)\` with forked processes, same shapes,
same static split of items, timed from the first start to the last join.

$(section python)

The last column is the untraced textbook buffer against the same Python queue:
the ratio plain semaphores can reach at that shape on this machine.

| backend | shape | buffer | conveyor traced items/s | Python items/s | conveyor / Python | textbook / Python |
|---|---|---:|---:|---:|---:|---:|
$(python_table)

## Cost per trace event

\`engine_bench event-cost\`: the workers' own inline hot path
(\`cv_probe_instant\`: \`cv_probe_now\` + \`cv_ring_push\`) in a tight loop on a
real region, timed on the thread's CPU clock, and the collector's path (ring →
lane, \`cv_collect_ring\` from \`core/collector.c\` itself).

$(section event-cost)

\`tracer_bench\`: the same events recorded by a program of your own through
libconveyor-tracer.so (docs/tracer.md), with its collecting thread running.

$(section tracer-cost)

## Memory per event

\`engine_bench memory\`: a traced threads run long enough to record 10 million
events, with the process's RSS from \`/proc/self/status\` before and after.

$(section memory)

## Scale

\`engine_bench scale\`: the largest runs each backend allows, traced, \`work = none\`.

$(section scale)

## Fidelity of the lessons

\`fidelity_bench\`: do the numbers the lessons claim come out on this machine?

$(section fidelity)
EOF
    if [ -f "$out/timeline.md" ]; then
        printf '\n## Timeline model: frame time vs events\n\n`timeline_bench` (written with the timeline model):\n\n'
        verbatim timeline
    fi
    if [ -f "$out/window.md" ]; then
        printf '\n## Window: frame time vs events\n\n`%s` (written with the window):\n\n' \
            "$(sed -n 's/^== window: //p' "$out/run.log" | sed "s|$bin/||; s|-s -screen 0 \([0-9x]*\)|-s \"-screen 0 \1\"|")"
        verbatim window
    fi
    if [ -f "$out/export.md" ]; then
        printf '\n## Exports\n\n`export_bench` (written with the exports):\n\n'
        verbatim export
    fi
    if [ -f bench/performance-notes.md ]; then
        printf '\n'
        cat bench/performance-notes.md
    fi
} >"$doc"

step "done in about $minutes min: $doc, $chart"
