/*
 * worker.h — one producer or consumer: its slot in the shared region and the
 * private context its code runs with (the buffer, the GIL and the work model
 * take it); the loop itself is in worker_loop.c, above all of them.
 *
 * A worker runs the same code as a thread or as a forked process. Its
 * context lives on its own stack; everything it shares lives in the region.
 * It records through its probe (probe.h): time, state changes, put and get.
 */
#ifndef CONVEYOR_WORKER_H
#define CONVEYOR_WORKER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "conveyor/scenario.h"
#include "probe.h"
#include "region.h"

/* A worker's shared status. Set by the parent before the worker starts,
 * then written by the worker and read by the parent's watchdog and summary.
 * A line per worker, so workers do not slow each other down writing their
 * own state. */
typedef struct cv_worker_slot {
    _Alignas(64) uint32_t index;
    uint32_t role;  /* cv_role */
    uint32_t group; /* index into the scenario's groups */
    uint32_t gil;   /* which GIL this worker's "process" uses */
    int64_t spawn_request_ns;
    _Atomic int64_t os_id;
    _Atomic int64_t first_instruction_ns;
    _Atomic uint64_t items;
    _Atomic uint32_t finished; /* 1 once it left its loop normally */
    cv_probe_shared probe;     /* its state now, and time per state */
    cv_gate gate;              /* step mode: where it is held (gate.c) */
} cv_worker_slot;

struct cv_gil;

typedef struct cv_worker {
    cv_probe probe;
    cv_control *control;
    cv_worker_slot *slot;
    struct cv_gil *gil; /* NULL when the GIL is off */
    const cv_scenario *scenario;
    const cv_group *group;
    uint32_t index;
    cv_role role;
    double iterations_per_ns;
    uint64_t rng;
    bool holds_gil;
} cv_worker;

/* The parent, just before it asks for worker `index`: publish and record its
 * spawn state from now on the run's clock. */
void cv_worker_mark_spawn(cv_control *control, uint32_t index);

/* Prepare a worker's context; called in the worker itself. */
void cv_worker_init(cv_worker *worker, cv_control *control, const cv_scenario *scenario,
                    uint32_t index, double iterations_per_us);

static inline bool cv_worker_should_stop(const cv_worker *worker)
{
    return atomic_load_explicit(&worker->control->stop, memory_order_relaxed) != 0;
}

/* The same, in the shape timed waits take (give_up(arg)). */
bool cv_worker_stop_requested(void *worker);

/* Hold here while the run is paused; false if a stop came instead. */
bool cv_worker_hold_if_paused(cv_worker *worker);

#endif
