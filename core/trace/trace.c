/*
 * trace.c — the collected trace: one growable, time-ordered event array per
 * lane.
 *
 * Lane arrays are mapped with mmap rather than taken from malloc, for two
 * reasons. They grow by doubling with mremap, which moves pages instead of
 * copying them. And they are marked MADV_DONTFORK: worker processes forked
 * after the engine has mapped trace memory ahead (cv_trace_prepare) inherit
 * none of it, so fork() does not copy its page tables and the collector's
 * later writes do not become copy-on-write faults.
 */
#include "conveyor/trace.h"

#include "trace_grow.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

cv_status cv_trace_init(cv_trace *trace, uint32_t lane_count, cv_error *err)
{
    memset(trace, 0, sizeof *trace);
    trace->lanes = calloc(lane_count ? lane_count : 1, sizeof *trace->lanes);
    trace->events = calloc(lane_count ? lane_count : 1, sizeof *trace->events);
    if (!trace->lanes || !trace->events) {
        cv_trace_free(trace);
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for a trace of %u lanes",
                       lane_count);
    }
    trace->lane_count = lane_count;
    return CV_OK;
}

static size_t page_size(void)
{
    return (size_t)sysconf(_SC_PAGESIZE);
}

static size_t bytes_for(size_t capacity)
{
    size_t page = page_size();
    return (capacity * sizeof(cv_event) + page - 1) & ~(page - 1);
}

static bool grow(cv_lane_events *lane, size_t needed)
{
    if (needed <= lane->capacity)
        return true;
    size_t capacity = lane->capacity ? lane->capacity : 1024;
    while (capacity < needed)
        capacity *= 2;
    void *events;
    if (lane->events) {
        events =
            mremap(lane->events, bytes_for(lane->capacity), bytes_for(capacity), MREMAP_MAYMOVE);
    } else {
        events = mmap(NULL, bytes_for(capacity), PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (events != MAP_FAILED)
            madvise(events, bytes_for(capacity), MADV_DONTFORK);
    }
    if (events == MAP_FAILED)
        return false;
    lane->events = events;
    lane->capacity = capacity;
    return true;
}

/*
 * Fresh memory is mapped a page at a time as it is first written, one page
 * fault each. A large batch about to be written gets its pages mapped in one
 * call instead, which costs about a third less (the collector moves millions
 * of events a second). Best effort: without MADV_POPULATE_WRITE (Linux
 * 5.14) the pages fault in as usual.
 */
#define POPULATE_MIN_BYTES (64 * 1024)

static void map_ahead(void *start, size_t bytes)
{
#ifdef MADV_POPULATE_WRITE
    if (bytes < POPULATE_MIN_BYTES)
        return;
    uintptr_t page = (uintptr_t)page_size();
    uintptr_t from = ((uintptr_t)start + page - 1) & ~(page - 1);
    uintptr_t to = ((uintptr_t)start + bytes) & ~(page - 1);
    if (to > from)
        madvise((void *)from, to - from, MADV_POPULATE_WRITE);
#else
    (void)start;
    (void)bytes;
#endif
}

bool cv_trace_prepare(cv_trace *trace, uint32_t lane, size_t count)
{
    assert(lane < trace->lane_count);
    cv_lane_events *dest = &trace->events[lane];
    if (!grow(dest, dest->count + count))
        return false;
    map_ahead(dest->events + dest->count, count * sizeof *dest->events);
    return true;
}

cv_event *cv_trace_reserve(cv_trace *trace, uint32_t lane, size_t count)
{
    if (!cv_trace_prepare(trace, lane, count))
        return NULL;
    return trace->events[lane].events + trace->events[lane].count;
}

void cv_trace_commit(cv_trace *trace, uint32_t lane, size_t count)
{
    assert(lane < trace->lane_count);
    if (count == 0)
        return;
    cv_lane_events *dest = &trace->events[lane];
    assert(dest->count + count <= dest->capacity);
    dest->count += count;
    trace->event_count += count;
    int64_t last = dest->events[dest->count - 1].time_ns;
    if (last > trace->end_ns)
        trace->end_ns = last;
}

cv_status cv_trace_append(cv_trace *trace, uint32_t lane, const cv_event *events, size_t count,
                          cv_error *err)
{
    if (count == 0)
        return CV_OK;
    cv_event *dest = cv_trace_reserve(trace, lane, count);
    if (!dest)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the trace (%llu events so far)",
                       (unsigned long long)trace->event_count);
    memcpy(dest, events, count * sizeof *events);
    cv_trace_commit(trace, lane, count);
    return CV_OK;
}

void cv_trace_free(cv_trace *trace)
{
    if (trace->events) {
        for (uint32_t i = 0; i < trace->lane_count; i++)
            if (trace->events[i].events)
                munmap(trace->events[i].events, bytes_for(trace->events[i].capacity));
    }
    free(trace->events);
    free(trace->lanes);
    memset(trace, 0, sizeof *trace);
}

void cv_trace_lane_state_times(const cv_trace *trace, uint32_t lane, int64_t end_ns,
                               int64_t out_ns[CV_STATE_COUNT])
{
    memset(out_ns, 0, sizeof(int64_t) * CV_STATE_COUNT);
    const cv_lane_events *lane_events = &trace->events[lane];
    int current = -1;
    int64_t since = 0;
    for (size_t i = 0; i < lane_events->count; i++) {
        const cv_event *e = &lane_events->events[i];
        if (!cv_event_is_state(e))
            continue;
        if (e->time_ns > end_ns)
            break;
        if (current >= 0)
            out_ns[current] += e->time_ns - since;
        current = (int)cv_event_kind(e);
        since = e->time_ns;
    }
    if (current >= 0 && current != CV_STATE_DONE && end_ns > since)
        out_ns[current] += end_ns - since;
}
