/*
 * tracer_shared.h — the tracer's memory, private to core/tracer.
 *
 * One shared anonymous mapping holds the trace's header (struct cv_tracer:
 * the run clock and how many lanes are taken), the lanes (each with the
 * probe its writer records through) and one ring per lane. A MAP_SHARED
 * anonymous mapping is inherited by fork() at the same address, so the
 * pointers in it (a probe's clock, ring and shared part) mean the same in
 * every child, and there is no /dev/shm name to leave behind. What only the
 * opening process uses (the collected trace, its thread) is on that
 * process's heap, behind `collector`.
 */
#ifndef CONVEYOR_TRACER_SHARED_H
#define CONVEYOR_TRACER_SHARED_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "conveyor/tracer.h"
#include "conveyor/types.h"
#include "probe.h"
#include "ring.h"
#include "run_clock.h"

/* The API's symbols are the only ones the shared library exports. */
#define CV_TRACER_EXPORT __attribute__((visibility("default")))

struct cv_tracer_lane {
    /* Written by the lane's own thread only. */
    _Alignas(64) cv_probe probe;
    cv_probe_shared shared;
    /* Set by the registering thread before `registered`, then read-only. */
    char name[CV_LANE_NAME_MAX];
    cv_role role;
    pid_t pid;                   /* the process that records on the lane */
    pid_t tid;                   /* its thread */
    pthread_t owner;             /* the same thread, cheap to compare on every call */
    _Atomic uint32_t registered; /* 1 once the fields above are set (release) */
    /* Calls refused because another thread made them (see tracer_lane.h). */
    _Atomic uint32_t foreign_calls;
};

struct cv_tracer_collector;

struct cv_tracer {
    cv_run_clock clock;
    pid_t opener_pid;
    uint32_t max_lanes;
    uint32_t ring_events;
    size_t ring_stride;
    size_t mapping_bytes;
    /* Held (across processes) while a lane is claimed and named, so that
     * two lanes of one name cannot both pass the check; robust, so that a
     * process killed while holding it does not stop the others. */
    pthread_mutex_t registering;
    _Atomic uint32_t lanes_claimed;        /* claimed lanes, named; at most max_lanes */
    struct cv_tracer_lane *lanes;          /* max_lanes of them, in the mapping */
    char *rings;                           /* max_lanes rings, ring_stride apart, in the mapping */
    struct cv_tracer_collector *collector; /* the opener's heap; only it looks */
};

/* Opened in this process (or in its parent before fork) and not closed. */
bool cv_tracer_is_open(const struct cv_tracer *tracer);

static inline cv_ring *cv_tracer_ring(const struct cv_tracer *tracer, uint32_t lane)
{
    return (cv_ring *)(tracer->rings + tracer->ring_stride * lane);
}

/* Lanes claimed so far, in registration order (read `registered` before
 * any field but the name). */
static inline uint32_t cv_tracer_lanes_taken(const struct cv_tracer *tracer)
{
    uint32_t taken = atomic_load(&tracer->lanes_claimed);
    return taken < tracer->max_lanes ? taken : tracer->max_lanes;
}

#endif
