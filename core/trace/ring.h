/*
 * ring.h — a single-producer single-consumer ring of trace events.
 *
 * Each worker owns one ring in the shared region and is its only writer; the
 * parent's collector is its only reader. Head and tail are free-running
 * 64-bit counters on separate cache lines; the writer publishes an event with
 * a release store of head, the reader frees space with a release store of
 * tail. A full ring never blocks the worker: the event is dropped and counted.
 * No locks and, on the hot path, no system calls; the ring holds no
 * pointers, so it works the same in a private mapping (threads) and a shared
 * one (processes).
 *
 * A ring three quarters full means the collector has not had a core for a
 * while (with more busy workers than cores the scheduler can leave it
 * waiting for several milliseconds): the writer then yields the CPU, at most
 * once per sixteenth of the ring, so that the collector can run before
 * events are dropped (256 processes, work = none: 10-50 k events dropped in
 * one run in five without it).
 */
#ifndef CONVEYOR_RING_H
#define CONVEYOR_RING_H

#include <assert.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conveyor/trace.h"

typedef struct cv_ring {
    /* Written by the worker. */
    _Alignas(64) _Atomic uint64_t head;
    uint64_t cached_tail; /* the worker's last look at tail, to avoid re-reading it */
    uint64_t yield_at;    /* the head at which a nearly full ring may yield again */
    _Atomic uint64_t dropped;
    /* Written by the collector. */
    _Alignas(64) _Atomic uint64_t tail;
    /* Set once before the worker starts. */
    _Alignas(64) uint32_t capacity; /* a power of two */
    uint32_t mask;
    uint32_t high_water; /* three quarters of capacity */
    _Alignas(64) cv_event events[];
} cv_ring;

/* Bytes needed for a ring of `capacity` events (a power of two). */
size_t cv_ring_bytes(uint32_t capacity);

/* Initialise a ring in memory of cv_ring_bytes(capacity). */
void cv_ring_init(cv_ring *ring, uint32_t capacity);

/* Writer side, out of line: the ring looked at least three quarters full. */
bool cv_ring_make_room(cv_ring *ring, uint64_t head);

/* Writer side: record one event, or drop and count it if the ring is full. */
static inline bool cv_ring_push(cv_ring *ring, cv_event event)
{
    uint64_t head = atomic_load_explicit(&ring->head, memory_order_relaxed);
    if (head - ring->cached_tail >= ring->high_water && !cv_ring_make_room(ring, head))
        return false;
    assert(head - ring->cached_tail < ring->capacity);
    ring->events[head & ring->mask] = event;
    atomic_store_explicit(&ring->head, head + 1, memory_order_release);
    return true;
}

/*
 * Reader side: copy out up to max_events pending events into out, in order,
 * and free their space. Returns the number copied.
 */
size_t cv_ring_drain(cv_ring *ring, cv_event *out, size_t max_events);

/* Rings laid out one after another, `stride` bytes apart (as many workers'
 * rings are in the engine's region). */
typedef struct cv_ring_array {
    char *base;
    size_t stride;
    uint32_t count;
} cv_ring_array;

static inline cv_ring *cv_ring_array_at(const cv_ring_array *rings, uint32_t index)
{
    assert(index < rings->count);
    return (cv_ring *)(rings->base + rings->stride * index);
}

/* Events waiting to be drained. */
uint64_t cv_ring_pending(cv_ring *ring);

uint64_t cv_ring_dropped(cv_ring *ring);

#endif
