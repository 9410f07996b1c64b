/*
 * region.h — the one mapping that workers share: control block, buffer
 * slots, item ledger, per-worker status and per-worker trace rings.
 *
 * The same layout serves both backends. Threads get it as private anonymous
 * memory and process-private semaphores; processes get it from shm_open +
 * mmap(MAP_SHARED), unlinked as soon as it is mapped so that nothing can be
 * left in /dev/shm, with process-shared semaphores. Nothing in the region is
 * a pointer: parts are found by byte offsets from the region's base, which
 * stay valid wherever each process maps it.
 */
#ifndef CONVEYOR_REGION_H
#define CONVEYOR_REGION_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conveyor/status.h"
#include "conveyor/trace.h"
#include "futex_sem.h"
#include "ring.h"
#include "tsc.h"

#define CV_REGION_MAGIC 0x636f6e7665796f72ull /* "conveyor" */
#define CV_NO_WORKER (-1)

/* What a worker is blocked on, for the deadlock explanation. */
typedef struct cv_worker_slot {
    /* Set by the parent before the worker starts. A line per worker, so
     * workers do not slow each other down writing their own state. */
    _Alignas(64) uint32_t index;
    uint32_t role;  /* cv_role */
    uint32_t group; /* index into the scenario's groups */
    uint32_t gil;   /* which GIL this worker's "process" uses */
    int64_t spawn_request_ns;
    /* Written by the worker, read by the parent's watchdog and summary. */
    _Atomic int64_t os_id;
    _Atomic int64_t first_instruction_ns;
    _Atomic uint32_t state;         /* cv_state now */
    _Atomic int64_t state_since_ns; /* when it entered it */
    _Atomic uint64_t items;
    _Atomic uint32_t finished;        /* 1 once it left its loop normally */
    int64_t state_ns[CV_STATE_COUNT]; /* read by the parent only after the worker ended */
} cv_worker_slot;

/* The emulated GIL: a FIFO ticket lock, so a forced switch really switches. */
typedef struct cv_gil {
    pthread_mutex_t mutex;
    pthread_cond_t changed;
    uint64_t next_ticket;
    uint64_t now_serving;
    _Atomic uint32_t waiting; /* workers queued for it, read without the mutex */
} cv_gil;

typedef struct cv_control {
    uint64_t magic;
    size_t total_bytes;

    /* Layout: byte offsets from the region's base. */
    size_t slots_offset;   /* _Atomic uint32_t[buffer_slots] */
    size_t ledger_offset;  /* _Atomic uint8_t[2 * ledger_items]: puts then gets */
    size_t workers_offset; /* cv_worker_slot[worker_count] */
    size_t gils_offset;    /* cv_gil[gil_count] */
    size_t rings_offset;   /* worker_count rings of ring_stride bytes */
    size_t ring_stride;
    uint32_t ring_capacity;

    /* The run's shape, copied from the scenario. */
    uint32_t worker_count;
    uint32_t producer_count;
    uint32_t consumer_count;
    uint32_t buffer_slots;
    uint32_t gil_count;
    uint64_t ledger_items;
    uint64_t items_target;
    int64_t duration_ns;
    int64_t spin_ns; /* see cv_engine_options */
    bool traced;
    bool process_shared;

    /* The clock. */
    cv_tsc_map tsc; /* how workers read CLOCK_MONOTONIC cheaply */
    int64_t start_mono_ns;
    _Atomic int64_t paused_total_ns;
    _Atomic int64_t pause_started_mono_ns;
    _Atomic uint32_t paused;
    _Atomic uint32_t stop;
    _Atomic uint32_t starting; /* 1 while workers are still being started: nobody spins */

    /* Progress: see buffer.c for how consumers use these to finish. Each
     * side's counters have a cache line of their own: sharing one made every
     * item bounce it between the producer's core and the consumer's. */
    _Alignas(64) _Atomic uint64_t produce_claimed;  /* producers: next item id to make */
    _Alignas(64) _Atomic uint64_t items_put;        /* producers write, consumers read */
    _Alignas(64) _Atomic uint64_t consume_reserved; /* consumers */
    _Atomic uint64_t items_got;
    _Alignas(64) _Atomic uint32_t producers_alive; /* written once per producer */
    _Atomic uint32_t production_closed;

    /* The bounded buffer. Each semaphore on its own cache line: waiting
     * workers retry them, and a post to one should not disturb the others. */
    _Alignas(64) cv_sem empty;        /* free slots */
    _Alignas(64) cv_sem full;         /* filled slots */
    _Alignas(64) cv_sem lock;         /* binary: the buffer lock */
    _Alignas(64) _Atomic uint32_t in; /* next slot to fill; these four under the lock */
    _Atomic uint32_t out;             /* next slot to take */
    _Atomic uint32_t count;           /* items in the buffer */
    _Atomic int32_t lock_holder;      /* worker index holding the buffer lock, or CV_NO_WORKER */

    /* sync = condvar: the other classic solution. */
    pthread_mutex_t cv_mutex;
    pthread_cond_t cv_not_full;
    pthread_cond_t cv_not_empty;
} cv_control;

typedef struct cv_region {
    void *base;
    size_t bytes;
    bool shared;
} cv_region;

/* Sizes for laying out a region. */
typedef struct cv_region_shape {
    uint32_t worker_count;
    uint32_t buffer_slots;
    uint32_t gil_count;
    uint64_t ledger_items;
    uint32_t ring_capacity;
} cv_region_shape;

/* Map a zeroed region big enough for shape, with the layout filled in. */
cv_status cv_region_create(const cv_region_shape *shape, bool shared, cv_region *out,
                           cv_error *err);
void cv_region_destroy(cv_region *region);

static inline cv_control *cv_region_control(const cv_region *region)
{
    return (cv_control *)region->base;
}

static inline cv_worker_slot *cv_region_worker(cv_control *control, uint32_t index)
{
    return (cv_worker_slot *)((char *)control + control->workers_offset) + index;
}

static inline cv_ring *cv_region_ring(cv_control *control, uint32_t index)
{
    return (cv_ring *)((char *)control + control->rings_offset + control->ring_stride * index);
}

static inline _Atomic uint32_t *cv_region_slots(cv_control *control)
{
    return (_Atomic uint32_t *)((char *)control + control->slots_offset);
}

static inline cv_gil *cv_region_gil(cv_control *control, uint32_t index)
{
    return (cv_gil *)((char *)control + control->gils_offset) + index;
}

static inline _Atomic uint8_t *cv_region_ledger(cv_control *control)
{
    return (_Atomic uint8_t *)((char *)control + control->ledger_offset);
}

#endif
