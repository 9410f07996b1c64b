/*
 * region.h — the one mapping that workers share: control block, buffer
 * slots, item ledger, per-worker slots, GILs and per-worker trace rings.
 *
 * The same layout serves both backends. Threads get it as private anonymous
 * memory and process-private semaphores; processes get it from shm_open +
 * mmap(MAP_SHARED), unlinked as soon as it is mapped so that nothing can be
 * left in /dev/shm, with process-shared semaphores. Nothing in the region is
 * a pointer: parts are found by byte offsets from the region's base, which
 * stay valid wherever each process maps it.
 *
 * The region owns the layout, not the parts: each module defines its own
 * shared fields (the run clock, the buffer's state, a worker's slot, a GIL)
 * and the region embeds them in the control block or lays out arrays of
 * them, sized by the engine. So this header names the per-worker slot and
 * the GIL only by their tags.
 */
#ifndef CONVEYOR_REGION_H
#define CONVEYOR_REGION_H

#include <assert.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buffer_state.h"
#include "conveyor/status.h"
#include "gate_state.h"
#include "ring.h"
#include "run_clock.h"

#define CV_REGION_MAGIC 0x636f6e7665796f72ull /* "conveyor" */

/* Ids whose ledger bytes are reserved in /dev/shm when the region is made,
 * and how far ahead of the ids claimed the parent keeps reserving: at the
 * engine's fastest, about 10 million items a second, 4 Mi ids (half of
 * it, when the next reservation is due) is 0.4 s, hundreds of polls. */
#define CV_LEDGER_AHEAD_ITEMS (8ull * 1024 * 1024)

struct cv_worker_slot; /* worker.h */
struct cv_gil;         /* gil.h */

typedef struct cv_control {
    uint64_t magic;
    size_t total_bytes;

    /* Layout: byte offsets from the region's base, and element sizes. */
    size_t slots_offset;   /* _Atomic uint32_t[buffer_slots] */
    size_t ledger_offset;  /* _Atomic uint8_t[2 * ledger_items]: puts then gets */
    size_t workers_offset; /* worker_count worker slots of worker_bytes */
    size_t worker_bytes;
    size_t gils_offset; /* gil_count GILs of gil_bytes */
    size_t gil_bytes;
    size_t rings_offset; /* worker_count rings of ring_stride bytes */
    size_t ring_stride;
    uint32_t ring_capacity;

    /* The run's shape, copied from the scenario. */
    uint32_t worker_count;
    uint32_t producer_count;
    uint32_t consumer_count;
    uint32_t buffer_slots;
    uint32_t gil_count;
    uint64_t ledger_items;
    /* Ids whose ledger bytes are reserved in /dev/shm: producers make no id at
     * or beyond it (processes backend; every id otherwise). See
     * cv_region_reserve_ledger. */
    _Atomic uint64_t ledger_reserved_items;
    uint64_t items_target;
    int64_t duration_ns;
    int64_t spin_ns; /* how long a blocked worker retries before it sleeps */
    bool traced;
    bool process_shared;
    bool cores_limited;  /* workers confine themselves to cores_set (`[run] cores`) */
    cpu_set_t cores_set; /* plain bits: as valid in a forked child as in a thread */

    cv_run_clock clock;
    _Atomic uint32_t stop;
    _Atomic uint32_t starting; /* 1 while workers are still being started: nobody spins */

    cv_buffer_state buffer;
    cv_step_state step; /* step mode (gate.c) */
} cv_control;

typedef struct cv_region {
    void *base;
    size_t bytes;
    bool shared;
    int fd; /* the shared memory object, kept to reserve more ledger; -1 if none */
} cv_region;

/* Sizes for laying out a region. */
typedef struct cv_region_shape {
    uint32_t worker_count;
    size_t worker_bytes; /* sizeof(cv_worker_slot) */
    uint32_t buffer_slots;
    uint32_t gil_count;
    size_t gil_bytes; /* sizeof(cv_gil) */
    uint64_t ledger_items;
    uint32_t ring_capacity;
} cv_region_shape;

/* Map a zeroed region big enough for shape, with the layout filled in and
 * every ring initialised. CV_ERR_SYSTEM or CV_ERR_NOMEM (err filled) if the
 * OS refuses the memory: shm_open, ftruncate, a full /dev/shm, mmap. */
cv_status cv_region_create(const cv_region_shape *shape, bool shared, cv_region *out,
                           cv_error *err);
void cv_region_destroy(cv_region *region);

/*
 * A tmpfs object is sparse, and a page touched when /dev/shm is full kills
 * the toucher with SIGBUS. The region is reserved when created, except the
 * item ledger past its first CV_LEDGER_AHEAD_ITEMS ids; the parent calls this
 * as items are claimed (`claimed`, the ids handed out so far) to reserve
 * the ledger CV_LEDGER_AHEAD_ITEMS ahead, and producers wait at the
 * reserved limit (control->ledger_reserved_items). CV_OK when there is
 * enough room, or nothing to do; CV_ERR_SYSTEM when /dev/shm is full (the
 * message says after how many items and what to do): the run must then
 * stop, and no page past the limit is ever touched.
 */
cv_status cv_region_reserve_ledger(cv_region *region, uint64_t claimed, cv_error *err);

static inline cv_control *cv_region_control(const cv_region *region)
{
    cv_control *control = region->base;
    assert(control->magic == CV_REGION_MAGIC);
    return control;
}

static inline struct cv_worker_slot *cv_region_worker(cv_control *control, uint32_t index)
{
    assert(index < control->worker_count);
    return (struct cv_worker_slot *)((char *)control + control->workers_offset +
                                     control->worker_bytes * index);
}

static inline cv_ring_array cv_region_rings(cv_control *control)
{
    cv_ring_array rings = {(char *)control + control->rings_offset, control->ring_stride,
                           control->worker_count};
    return rings;
}

static inline cv_ring *cv_region_ring(cv_control *control, uint32_t index)
{
    assert(index < control->worker_count);
    return (cv_ring *)((char *)control + control->rings_offset + control->ring_stride * index);
}

static inline _Atomic uint32_t *cv_region_slots(cv_control *control)
{
    return (_Atomic uint32_t *)((char *)control + control->slots_offset);
}

static inline struct cv_gil *cv_region_gil(cv_control *control, uint32_t index)
{
    assert(index < control->gil_count);
    return (struct cv_gil *)((char *)control + control->gils_offset + control->gil_bytes * index);
}

static inline _Atomic uint8_t *cv_region_ledger(cv_control *control)
{
    return (_Atomic uint8_t *)((char *)control + control->ledger_offset);
}

#endif
