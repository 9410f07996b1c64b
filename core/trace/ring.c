/*
 * ring.c — the reader side of the per-worker event ring (see ring.h). The
 * acquire load of head pairs with the worker's release store, so every event
 * below head is fully written before we copy it; the release store of tail
 * tells the worker those slots may be reused.
 */
#include "ring.h"

#include <assert.h>
#include <sched.h>
#include <string.h>

size_t cv_ring_bytes(uint32_t capacity)
{
    size_t bytes = sizeof(cv_ring) + (size_t)capacity * sizeof(cv_event);
    return (bytes + 63) & ~(size_t)63;
}

void cv_ring_init(cv_ring *ring, uint32_t capacity)
{
    assert(capacity >= 2 && (capacity & (capacity - 1)) == 0);
    memset(ring, 0, sizeof *ring);
    ring->capacity = capacity;
    ring->mask = capacity - 1;
    ring->high_water = capacity - capacity / 4;
}

bool cv_ring_make_room(cv_ring *ring, uint64_t head)
{
    ring->cached_tail = atomic_load_explicit(&ring->tail, memory_order_acquire);
    uint64_t used = head - ring->cached_tail;
    if (used >= ring->capacity) {
        atomic_store_explicit(&ring->dropped,
                              atomic_load_explicit(&ring->dropped, memory_order_relaxed) + 1,
                              memory_order_relaxed);
        return false;
    }
    if (used >= ring->high_water && head >= ring->yield_at) {
        ring->yield_at = head + ring->capacity / 16;
        sched_yield();
    }
    return true;
}

size_t cv_ring_drain(cv_ring *ring, cv_event *out, size_t max_events)
{
    uint64_t tail = atomic_load_explicit(&ring->tail, memory_order_relaxed);
    uint64_t head = atomic_load_explicit(&ring->head, memory_order_acquire);
    assert(head - tail <= ring->capacity);
    uint64_t available = head - tail;
    size_t count = available < max_events ? (size_t)available : max_events;
    size_t start = (size_t)(tail & ring->mask);
    size_t first = count;
    if (start + first > ring->capacity)
        first = ring->capacity - start;
    memcpy(out, ring->events + start, first * sizeof *out);
    memcpy(out + first, ring->events, (count - first) * sizeof *out);
    atomic_store_explicit(&ring->tail, tail + count, memory_order_release);
    return count;
}

uint64_t cv_ring_pending(cv_ring *ring)
{
    return atomic_load_explicit(&ring->head, memory_order_acquire) -
           atomic_load_explicit(&ring->tail, memory_order_relaxed);
}

uint64_t cv_ring_dropped(cv_ring *ring)
{
    return atomic_load_explicit(&ring->dropped, memory_order_relaxed);
}
