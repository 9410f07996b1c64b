/*
 * baseline_buffer.h — the textbook semaphore bounded buffer, untraced: the
 * yardstick the engine's probe effect is measured against.
 *
 * Same three semaphores as the engine (empty slots, full slots, a binary lock),
 * same backends (pthreads with pshared 0; fork() with pshared 1 over shared
 * memory), same shapes, work = none. Nothing else: no ledger, no clock reads,
 * no trace, no stop flag. Producers and consumers split the items statically,
 * as the textbook does, and consumers add up the ids they take so a broken
 * run is caught by one comparison at the end, not by per-item bookkeeping.
 */
#ifndef CONVEYOR_BENCH_BASELINE_BUFFER_H
#define CONVEYOR_BENCH_BASELINE_BUFFER_H

#include <stdbool.h>
#include <stdint.h>

#include "conveyor/scenario.h"

typedef struct cv_baseline_shape {
    cv_backend backend;
    uint32_t producers;
    uint32_t consumers;
    uint32_t buffer_slots;
    uint64_t items;
} cv_baseline_shape;

typedef struct cv_baseline_result {
    double elapsed_s; /* from the first spawn request to the last worker reaped */
    bool sum_ok;      /* consumers took exactly the ids 0..items-1 (by their sum) */
} cv_baseline_result;

/* Run once; false (with errno set) if memory, a semaphore or a worker could not be made. */
bool cv_baseline_run(const cv_baseline_shape *shape, cv_baseline_result *out);

#endif
