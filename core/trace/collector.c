/*
 * collector.c — moving events from the workers' rings into the trace while
 * the run goes on. Each ring is drained straight into the end of its lane
 * (one copy per event); the only shared state touched is each ring's head
 * (read) and tail (written). The lanes' memory is mapped before the run
 * starts, as far as the caller can foresee it: the collector shares the
 * cores with the workers, and page faults were most of its cost.
 */
#include "collector.h"

#include "fault.h"
#include "trace_grow.h"

bool cv_collect_ring(cv_ring *ring, cv_trace *trace, uint32_t lane)
{
    /* A busy worker adds events while we copy: go round again, but stop
     * after a ring's worth so a fast writer cannot keep us here. */
    uint64_t moved = 0;
    for (uint64_t pending; moved < ring->capacity && (pending = cv_ring_pending(ring)) > 0;) {
        cv_event *dest = cv_trace_reserve(trace, lane, (size_t)pending);
        if (!dest || cv_fault_injected("trace"))
            return false;
        size_t count = cv_ring_drain(ring, dest, (size_t)pending);
        cv_trace_commit(trace, lane, count);
        moved += count;
    }
    return true;
}

cv_status cv_collect_rings(const cv_ring_array *rings, cv_trace *trace, cv_error *err)
{
    uint64_t dropped = 0;
    for (uint32_t i = 0; i < rings->count; i++) {
        cv_ring *ring = cv_ring_array_at(rings, i);
        if (!cv_collect_ring(ring, trace, i))
            return cv_fail(err, CV_ERR_NOMEM, "", 0,
                           "out of memory for the trace (%llu events so far)",
                           (unsigned long long)trace->event_count);
        dropped += cv_ring_dropped(ring);
    }
    trace->dropped_events = dropped;
    return CV_OK;
}

void cv_collector_map_ahead(cv_trace *trace, uint64_t (*expected)(void *ctx, uint32_t lane),
                            void *ctx, uint64_t budget_bytes)
{
    double wanted = 0;
    for (uint32_t i = 0; i < trace->lane_count; i++)
        wanted += (double)expected(ctx, i);
    double scale = wanted * sizeof(cv_event) > (double)budget_bytes
                       ? (double)budget_bytes / (wanted * sizeof(cv_event))
                       : 1.0;
    for (uint32_t i = 0; i < trace->lane_count; i++) {
        double events = (double)expected(ctx, i) * scale;
        if (!cv_trace_prepare(trace, i, (size_t)events))
            return; /* best effort: the collector maps the rest as it goes */
    }
}
