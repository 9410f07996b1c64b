/*
 * collector.c — moving events from the workers' rings into the trace, in
 * the parent, while the run goes on. Each ring is drained through a scratch
 * buffer and appended to its lane; the only shared state touched is each
 * ring's head (read) and tail (written).
 */
#include <stdlib.h>

#include "engine_internal.h"
#include "fault.h"
#include "ring.h"

#define SCRATCH_EVENTS 65536

cv_status cv_collector_drain(cv_engine *engine, cv_error *err)
{
    if (!engine->scratch) {
        engine->scratch = malloc(SCRATCH_EVENTS * sizeof *engine->scratch);
        if (!engine->scratch)
            return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the trace collector");
        engine->scratch_capacity = SCRATCH_EVENTS;
    }
    uint64_t dropped = 0;
    for (uint32_t i = 0; i < engine->worker_count; i++) {
        cv_ring *ring = cv_region_ring(engine->control, i);
        for (;;) {
            size_t count = cv_ring_drain(ring, engine->scratch, engine->scratch_capacity);
            if (count == 0)
                break;
            if (cv_fault_injected("trace"))
                return cv_fail(err, CV_ERR_NOMEM, "", 0,
                               "out of memory for the trace (%llu events so far)",
                               (unsigned long long)engine->trace.event_count);
            cv_status status = cv_trace_append(&engine->trace, i, engine->scratch, count, err);
            if (status != CV_OK)
                return status;
            if (count < engine->scratch_capacity)
                break;
        }
        dropped += cv_ring_dropped(ring);
    }
    engine->trace.dropped_events = dropped;
    return CV_OK;
}
