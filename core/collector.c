/*
 * collector.c — moving events from the workers' rings into the trace, in
 * the parent, while the run goes on. Each ring is drained straight into the
 * end of its lane (one copy per event); the only shared state touched is
 * each ring's head (read) and tail (written).
 */
#include "collector.h"

#include "engine_internal.h"
#include "fault.h"

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

cv_status cv_collector_drain(cv_engine *engine, cv_error *err)
{
    uint64_t dropped = 0;
    for (uint32_t i = 0; i < engine->worker_count; i++) {
        cv_ring *ring = cv_region_ring(engine->control, i);
        if (!cv_collect_ring(ring, &engine->trace, i))
            return cv_fail(err, CV_ERR_NOMEM, "", 0,
                           "out of memory for the trace (%llu events so far)",
                           (unsigned long long)engine->trace.event_count);
        dropped += cv_ring_dropped(ring);
    }
    engine->trace.dropped_events = dropped;
    return CV_OK;
}
