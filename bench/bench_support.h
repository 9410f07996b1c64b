/*
 * bench_support.h — what the benchmarks share: scenarios built in code, one
 * engine run reduced to the numbers a benchmark needs, medians, and the
 * process's memory from /proc/self/status.
 *
 * Benchmarks are programs, not tests: they print tables for people (and for
 * bench/run-all.sh, which pastes them into docs/performance.md).
 */
#ifndef CONVEYOR_BENCH_SUPPORT_H
#define CONVEYOR_BENCH_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conveyor/engine.h"
#include "conveyor/scenario.h"
#include "support/simple_scenario.h"

/* What one run of the engine gave. */
typedef struct cv_bench_run {
    bool started; /* cv_engine_start succeeded */
    cv_outcome outcome;
    bool ledger_ok;
    double elapsed_s; /* the engine's own run clock: first spawn request to the end */
    uint64_t items_consumed;
    uint64_t event_count;
    uint64_t dropped_events;
    double median_spawn_ns;
    double max_work_s;              /* the busiest worker's time in the `work` state */
    int64_t last_block_ns;          /* deadlocks: when the last worker entered its final wait */
    double state_s[CV_STATE_COUNT]; /* time in each state, summed over workers */
    double poll_cpu_s; /* CPU time of the thread that polled (collected) from start to end */
    char explanation[1024];
} cv_bench_run;

/* Public engine options: traced or not. */
cv_engine_options cv_bench_engine_options(bool untraced);

/* Run a scenario to its end with cv_bench_engine_options; untraced turns the
 * trace off. Every run here takes the engine's private knobs from the
 * environment: CONVEYOR_RING_EVENTS, CONVEYOR_SPIN_NS and
 * CONVEYOR_TRACE_RESERVE_BYTES (unset = the engine's defaults). Never prints. */
cv_bench_run cv_bench_engine_run(const cv_scenario *scenario, bool untraced);

/* The same with the public engine options given. */
cv_bench_run cv_bench_engine_run_with(const cv_scenario *scenario,
                                      const cv_engine_options *options);

/* Poll the engine every poll_ns instead of cv_engine_run_to_end's interval (0 = the
 * engine's own loop); for experiments on what the collector's wake-ups cost. */
void cv_bench_set_poll_ns(int64_t poll_ns);

/* Median of n values (n > 0); sorts a copy. */
double cv_bench_median(const double *values, size_t n);

/* A field of /proc/self/status in kB ("VmRSS", "VmHWM"), or -1. */
long cv_bench_status_kb(const char *field);

/* CLOCK_MONOTONIC in seconds. */
double cv_bench_now_s(void);

/* This thread's CPU time in seconds: a measurement on a shared machine should
 * not be charged for the time other processes held the core. */
double cv_bench_thread_cpu_s(void);

#endif
