/*
 * probe.h — what a worker records about itself: the time, its state changes
 * and its instants (put, get). The leaf every part of a worker's code
 * records through (the buffer, the GIL, the work model, the worker loop).
 *
 * A probe writes events into one ring and publishes its current state in a
 * small shared part (cv_probe_shared) that a watchdog may read; it also
 * keeps the time spent per state itself, so a summary stays exact even when
 * the ring drops events. It knows only a run clock, a ring and that shared
 * part, not where they live: the engine keeps them in its shared region, and
 * a tracer library can keep them anywhere.
 */
#ifndef CONVEYOR_PROBE_H
#define CONVEYOR_PROBE_H

#include <assert.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "conveyor/trace.h"
#include "ring.h"
#include "run_clock.h"

/* The probe's part of a worker's shared status. */
typedef struct cv_probe_shared {
    _Atomic uint32_t state;           /* cv_state now */
    _Atomic int64_t state_since_ns;   /* when it entered it */
    int64_t state_ns[CV_STATE_COUNT]; /* read by others only after the worker ended */
} cv_probe_shared;

typedef struct cv_probe {
    const cv_run_clock *clock;
    cv_ring *ring;
    cv_probe_shared *shared;
    int64_t last_time_ns;
    int64_t state_since_ns;
    cv_state state;
    bool traced; /* false: keep the state accounting, record no events */
} cv_probe;

/* A probe in the spawn state since spawn_ns (see cv_probe_mark_spawn);
 * called by the worker itself. */
void cv_probe_init(cv_probe *probe, const cv_run_clock *clock, cv_ring *ring,
                   cv_probe_shared *shared, bool traced, int64_t spawn_ns);

/* Before a worker exists: publish and record its spawn state from now_ns
 * (the requester's clock read). */
void cv_probe_mark_spawn(cv_probe_shared *shared, cv_ring *ring, bool traced, int64_t now_ns);

/* The run's clock as this worker sees it: never goes backwards. */
static inline int64_t cv_probe_now(cv_probe *probe)
{
    int64_t now = cv_run_clock_read(probe->clock);
    if (now < probe->last_time_ns)
        now = probe->last_time_ns;
    probe->last_time_ns = now;
    return now;
}

/* Enter a state: account the time of the old one, publish, record an event. */
void cv_probe_set_state(cv_probe *probe, cv_state state);

/* The same, for a state the worker entered at `since` (a time it read from
 * cv_probe_now after its last state change). */
void cv_probe_set_state_since(cv_probe *probe, cv_state state, int64_t since);

/* Record a put or get with the item and the buffer's fill after it. */
static inline void cv_probe_instant(cv_probe *probe, uint32_t kind, uint32_t item, uint32_t fill)
{
    assert(kind == CV_EVENT_PUT || kind == CV_EVENT_GET);
    if (probe->traced)
        cv_ring_push(probe->ring,
                     cv_event_make(cv_probe_now(probe), kind, item,
                                   fill > CV_EVENT_FILL_MAX ? CV_EVENT_FILL_MAX : fill));
}

#endif
