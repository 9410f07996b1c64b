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
#include "ready.h"
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
    int64_t last_event_ns; /* the lane's latest event (state, put or get): ready starts after */
    cv_state state;
    bool traced;          /* false: keep the state accounting, record no events */
    cv_ready_probe ready; /* time runnable but off a core (ready.h) */
} cv_probe;

/* A probe in the spawn state since spawn_ns (see cv_probe_mark_spawn);
 * called by the worker itself, in its own thread: it opens that thread's
 * scheduler statistics (ready.h). */
void cv_probe_init(cv_probe *probe, const cv_run_clock *clock, cv_ring *ring,
                   cv_probe_shared *shared, bool traced, int64_t spawn_ns);

/* Release what cv_probe_init opened; the worker calls it as it ends. */
void cv_probe_close(cv_probe *probe);

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

/* Enter a state: account the time of the old one, publish, record an event.
 * Leaving `work` after the worker's own code ran CV_READY_MIN_NS or more
 * since the lane's last event first asks the kernel whether it was
 * preempted there (its end is then `ready`). */
void cv_probe_set_state(cv_probe *probe, cv_state state);

/* The same, for a state the worker entered at `since` (a time it read from
 * cv_probe_now after its last state change). */
void cv_probe_set_state_since(cv_probe *probe, cv_state state, int64_t since);

/* A sleep (a blocking wait, an I/O step, the GIL) has just ended and the
 * worker runs again: if it waited for a core once woken, the end of the
 * sleep becomes `ready` (ready.h). Call before anything else is recorded. */
void cv_probe_resume_after_sleep(cv_probe *probe);

/* Inside a `cpu` step: mark where the CPU-clock comparison starts (after
 * checking the worker's own code before it), then check every
 * CV_READY_CHECK_NS of work; a stretch with less CPU time than wall time is
 * split into `work` and `ready`. check returns true if it drew any. */
void cv_probe_mark_cpu(cv_probe *probe);
bool cv_probe_check_cpu(cv_probe *probe);

/* In `work`, the worker's own code since the lane's last event took at least
 * CV_READY_MIN_NS (up to `now`): if it was preempted there, draw the wait
 * for a core as `ready` ending at `now`, and `work` again from `now`. */
void cv_probe_note_long_gap(cv_probe *probe, int64_t now);

/* Record a put or get stamped now, with the item and the fill read from
 * *fill_source after the clock (NULL: `fill` as given). Only a put or get
 * that comes CV_READY_MIN_NS or more after the lane's last event asks the
 * kernel anything; back-to-back ones cost a comparison. */
static inline void cv_probe_record_instant(cv_probe *probe, uint32_t kind, uint32_t item,
                                           uint32_t fill, const _Atomic uint32_t *fill_source)
{
    assert(kind == CV_EVENT_PUT || kind == CV_EVENT_GET);
    if (!probe->traced)
        return;
    int64_t now = cv_probe_now(probe);
    if (fill_source)
        fill = atomic_load_explicit(fill_source, memory_order_relaxed);
    if (now - probe->last_event_ns >= CV_READY_MIN_NS)
        cv_probe_note_long_gap(probe, now);
    probe->last_event_ns = now;
    cv_ring_push(probe->ring, cv_event_make(now, kind, item,
                                            fill > CV_EVENT_FILL_MAX ? CV_EVENT_FILL_MAX : fill));
}

/* Record a put or get with the item and the buffer's fill after it. */
static inline void cv_probe_instant(cv_probe *probe, uint32_t kind, uint32_t item, uint32_t fill)
{
    cv_probe_record_instant(probe, kind, item, fill, NULL);
}

/*
 * The same for a hand-over recorded after the fact (the engine stamps a put
 * or get after posting its semaphore, off the path to the other side): the
 * fill is read from the buffer's shared count after the clock, so it is the
 * fill at the stamp. Read inside the lock instead, a put stamped after the
 * consumer had already taken its item (and stamped the get earlier) drew the
 * item in the buffer after it was gone, until the next hand-over.
 */
static inline void cv_probe_instant_fill_now(cv_probe *probe, uint32_t kind, uint32_t item,
                                             const _Atomic uint32_t *fill_now)
{
    cv_probe_record_instant(probe, kind, item, 0, fill_now);
}

#endif
