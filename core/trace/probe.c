/*
 * probe.c — state changes (see probe.h). The time of the state being left
 * is added up here, by the worker itself, before the new state is published
 * with a release store, so a reader that sees the new state also sees when
 * it began.
 */
#include "probe.h"

void cv_probe_init(cv_probe *probe, const cv_run_clock *clock, cv_ring *ring,
                   cv_probe_shared *shared, bool traced, int64_t spawn_ns)
{
    *probe = (cv_probe){
        .clock = clock,
        .ring = ring,
        .shared = shared,
        .last_time_ns = spawn_ns,
        .state_since_ns = spawn_ns,
        .state = CV_STATE_SPAWN,
        .traced = traced,
    };
}

void cv_probe_mark_spawn(cv_probe_shared *shared, cv_ring *ring, bool traced, int64_t now_ns)
{
    atomic_store(&shared->state, CV_STATE_SPAWN);
    atomic_store(&shared->state_since_ns, now_ns);
    if (traced)
        cv_ring_push(ring, cv_event_make(now_ns, CV_STATE_SPAWN, 0, 0));
}

void cv_probe_set_state(cv_probe *probe, cv_state state)
{
    if (state != probe->state)
        cv_probe_set_state_since(probe, state, cv_probe_now(probe));
}

void cv_probe_set_state_since(cv_probe *probe, cv_state state, int64_t since)
{
    assert((unsigned)state < CV_STATE_COUNT);
    if (state == probe->state)
        return;
    /* `done` is final, and a state cannot begin before the one it ends. */
    assert(probe->state != CV_STATE_DONE);
    assert(since >= probe->state_since_ns);
    cv_probe_shared *shared = probe->shared;
    shared->state_ns[probe->state] += since - probe->state_since_ns;
    probe->state = state;
    probe->state_since_ns = since;
    atomic_store_explicit(&shared->state_since_ns, since, memory_order_relaxed);
    atomic_store_explicit(&shared->state, (uint32_t)state, memory_order_release);
    if (probe->traced)
        cv_ring_push(probe->ring, cv_event_make(since, (uint32_t)state, 0, 0));
}
