/*
 * worker.h — one producer or consumer: its private context and the few
 * operations the buffer and GIL code need from it (recording a state change
 * or an instant, checking for stop and pause).
 *
 * A worker runs the same code as a thread or as a forked process. Its
 * context lives on its own stack; everything it shares lives in the region.
 */
#ifndef CONVEYOR_WORKER_H
#define CONVEYOR_WORKER_H

#include <stdbool.h>
#include <stdint.h>

#include "clock.h"
#include "conveyor/scenario.h"
#include "region.h"

typedef struct cv_worker {
    cv_control *control;
    cv_worker_slot *slot;
    cv_ring *ring;
    cv_gil *gil; /* NULL when the GIL is off */
    const cv_scenario *scenario;
    const cv_group *group;
    uint32_t index;
    cv_role role;
    double iterations_per_ns;
    uint64_t rng;
    int64_t last_time_ns;
    int64_t state_since_ns;
    cv_state state;
    bool traced;
    bool holds_gil;
} cv_worker;

/* Prepare a worker's context; called in the worker itself. */
void cv_worker_init(cv_worker *worker, cv_control *control, const cv_scenario *scenario,
                    uint32_t index, double iterations_per_us);

/* Run the worker to its end (the body of a thread or a child process). */
void cv_worker_run(cv_worker *worker);

/* The run's clock as this worker sees it: never goes backwards. */
static inline int64_t cv_worker_now(cv_worker *worker)
{
    cv_control *control = worker->control;
    int64_t now = cv_tsc_mono_ns(&control->tsc) - control->start_mono_ns -
                  atomic_load_explicit(&control->paused_total_ns, memory_order_relaxed);
    if (now < worker->last_time_ns)
        now = worker->last_time_ns;
    worker->last_time_ns = now;
    return now;
}

static inline bool cv_worker_should_stop(const cv_worker *worker)
{
    return atomic_load_explicit(&worker->control->stop, memory_order_relaxed) != 0;
}

/* Enter a state: account the time of the old one, publish, record an event. */
void cv_worker_set_state(cv_worker *worker, cv_state state);

/* The same, for a state the worker entered at `since` (a time it read from
 * cv_worker_now after its last state change). */
void cv_worker_set_state_since(cv_worker *worker, cv_state state, int64_t since);

/* Record a put or get with the item and the buffer's fill after it. */
static inline void cv_worker_instant(cv_worker *worker, uint32_t kind, uint32_t item, uint32_t fill)
{
    if (worker->traced)
        cv_ring_push(worker->ring,
                     cv_event_make(cv_worker_now(worker), kind, item,
                                   fill > CV_EVENT_FILL_MAX ? CV_EVENT_FILL_MAX : fill));
}

/* Hold here while the run is paused; false if a stop came instead. */
bool cv_worker_hold_if_paused(cv_worker *worker);

#endif
