#!/usr/bin/env python3
"""python_queues.py — what a student would otherwise use: Python's own queues.

queue.Queue with threads and multiprocessing.Queue with processes, in the
shapes of bench/engine_bench (P producers x P consumers, maxsize = buffer),
no work per item, the items split statically between workers like the
textbook buffer in bench/baseline_buffer.c. Items per shape are picked by a
pilot so a run takes about --target-s seconds; items/s is the median of
--runs runs, timed from starting the first worker to joining the last (the
same window conveyor's engine reports). Consumers add up the ids they take
and the sum is checked, so a broken run cannot pass for a fast one.

    python3 bench/python_queues.py [--runs 5] [--target-s 0.3] [--data FILE]

Prints a Markdown table on stdout; --data writes backend, shape, buffer and
items/s as tab-separated lines for bench/run-all.sh's chart.
"""

import argparse
import multiprocessing
import queue
import statistics
import sys
import threading
import time

SIDES = (1, 2, 4)
BUFFERS = (1, 16, 1024)


def share(items, workers, index):
    return items // workers + (1 if index < items % workers else 0)


def producer(q, index, producers, items):
    for item in range(index, items, producers):
        q.put(item)


def thread_consumer(q, count, sums, index):
    total = 0
    for _ in range(count):
        total += q.get()
    sums[index] = total


def process_consumer(q, count, results):
    total = 0
    for _ in range(count):
        total += q.get()
    results.put(total)


def run_threads(side, buffer, items):
    q = queue.Queue(maxsize=buffer)
    sums = [0] * side
    workers = [threading.Thread(target=producer, args=(q, i, side, items)) for i in range(side)]
    workers += [
        threading.Thread(target=thread_consumer, args=(q, share(items, side, i), sums, i))
        for i in range(side)
    ]
    start = time.monotonic()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.monotonic() - start
    return elapsed, sum(sums) == items * (items - 1) // 2


def run_processes(side, buffer, items):
    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue(maxsize=buffer)
    results = ctx.Queue()
    workers = [ctx.Process(target=producer, args=(q, i, side, items)) for i in range(side)]
    workers += [
        ctx.Process(target=process_consumer, args=(q, share(items, side, i), results))
        for i in range(side)
    ]
    start = time.monotonic()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.monotonic() - start
    total = sum(results.get() for _ in range(side))
    ok = total == items * (items - 1) // 2 and all(w.exitcode == 0 for w in workers)
    return elapsed, ok


def pick_items(run, side, buffer, target_s):
    items = 500
    while True:
        elapsed, _ = run(side, buffer, items)
        if elapsed >= 0.05 or items >= 10_000_000:
            break
        items *= 4
    return max(500, int(items * target_s / elapsed) // 100 * 100)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--target-s", type=float, default=0.3)
    parser.add_argument("--data", help="write tab-separated results here")
    args = parser.parse_args()

    rows = []
    failures = 0
    print("| backend | Python queue | shape | buffer | items/run | items/s (median) |")
    print("|---|---|---|---:|---:|---:|")
    for backend, run, name in (
        ("threads", run_threads, "queue.Queue"),
        ("processes", run_processes, "multiprocessing.Queue"),
    ):
        for side in SIDES:
            for buffer in BUFFERS:
                print(f"python: {backend} {side}x{side} buffer {buffer} ...", file=sys.stderr)
                items = pick_items(run, side, buffer, args.target_s)
                rates = []
                for _ in range(args.runs):
                    elapsed, ok = run(side, buffer, items)
                    if not ok:
                        failures += 1
                        print(f"python_queues: a {backend} run lost items", file=sys.stderr)
                        continue
                    rates.append(items / elapsed)
                rate = statistics.median(rates) if rates else 0.0
                rows.append((backend, f"{side}x{side}", buffer, rate))
                print(f"| {backend} | {name} | {side}x{side} | {buffer} | {items} | {rate:.0f} |",
                      flush=True)
    print(f"\nPython {sys.version.split()[0]}; medians of {args.runs} runs; "
          f"{failures} failed run(s).")
    if args.data:
        with open(args.data, "w", encoding="utf-8") as out:
            out.write("# backend\tshape\tbuffer\titems_per_s\n")
            for backend, shape, buffer, rate in rows:
                out.write(f"{backend}\t{shape}\t{buffer}\t{rate:.0f}\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
