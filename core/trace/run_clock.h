/*
 * run_clock.h — a run's clock: CLOCK_MONOTONIC nanoseconds since the run
 * started, with paused time taken out so a paused run shows no gap.
 *
 * It lives in memory every worker sees (the engine embeds it in its shared
 * control block); it holds no pointers, so it reads the same in every
 * process. Workers read it with cv_run_clock_read (the cheap counter, see
 * tsc.h); the parent, which also pauses and resumes it, with cv_run_clock_now.
 */
#ifndef CONVEYOR_RUN_CLOCK_H
#define CONVEYOR_RUN_CLOCK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "tsc.h"

typedef struct cv_run_clock {
    cv_tsc_map tsc; /* how workers read CLOCK_MONOTONIC cheaply */
    int64_t start_mono_ns;
    _Atomic int64_t paused_total_ns;
    _Atomic int64_t pause_started_mono_ns;
    _Atomic uint32_t paused;
} cv_run_clock;

/* Time zero is now; calibrates the counter on first use (about 50 ms). */
void cv_run_clock_start(cv_run_clock *clock);

/* The run's time now, for the parent: a pause still going on is left out. */
int64_t cv_run_clock_now(const cv_run_clock *clock);

/* Pause (true) or resume (false); a repeated call changes nothing. Only
 * one thread (the parent's) may pause and resume. */
void cv_run_clock_set_paused(cv_run_clock *clock, bool paused);

static inline bool cv_run_clock_paused(const cv_run_clock *clock)
{
    return atomic_load_explicit(&clock->paused, memory_order_relaxed) != 0;
}

/* The run's time for a worker: one counter read, paused time so far left
 * out. The caller keeps it from going backwards (see cv_probe_now). */
static inline int64_t cv_run_clock_read(const cv_run_clock *clock)
{
    return cv_tsc_mono_ns(&clock->tsc) - clock->start_mono_ns -
           atomic_load_explicit(&clock->paused_total_ns, memory_order_relaxed);
}

#endif
