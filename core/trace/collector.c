/*
 * collector.c — moving events from the workers' rings into the trace, in
 * the parent, while the run goes on. Each ring is drained straight into the
 * end of its lane (one copy per event); the only shared state touched is
 * each ring's head (read) and tail (written). The lanes' memory is mapped
 * before the run starts, as far as the scenario lets us foresee it: the
 * collector shares two cores with the workers, and page faults were most of
 * its cost.
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

/*
 * A lane records one put or get per item it handles, and a state change into
 * and out of each I/O step: share * (1 + 2 * I/O steps), a quarter more for
 * waits and an uneven share. What is not foreseen (a long wait-heavy run)
 * is mapped as it comes, as before.
 */
static uint64_t expected_events(const cv_scenario *scenario, const cv_control *control,
                                const cv_lane_info *lane)
{
    uint32_t side =
        lane->role == CV_ROLE_PRODUCER ? control->producer_count : control->consumer_count;
    const cv_group *group = &scenario->groups[lane->group];
    uint64_t share = scenario->items / (side ? side : 1);
    uint64_t per_item = 1;
    for (uint32_t s = 0; s < group->step_count; s++)
        per_item += group->steps[s].kind == CV_STEP_IO ? 2 : 0;
    return share * per_item / 4 * 5 + 256;
}

void cv_collector_map_ahead(cv_engine *engine)
{
    int64_t limit = engine->options.trace_reserve_bytes;
    if (limit < 0 || engine->options.untraced)
        return;
    uint64_t budget = limit ? (uint64_t)limit : CV_DEFAULT_TRACE_RESERVE_BYTES;
    cv_trace *trace = &engine->trace;
    double wanted = 0;
    for (uint32_t i = 0; i < trace->lane_count; i++)
        wanted += (double)expected_events(&engine->scenario, engine->control, &trace->lanes[i]);
    double scale = wanted * sizeof(cv_event) > (double)budget
                       ? (double)budget / (wanted * sizeof(cv_event))
                       : 1.0;
    for (uint32_t i = 0; i < trace->lane_count; i++) {
        double events =
            (double)expected_events(&engine->scenario, engine->control, &trace->lanes[i]) * scale;
        if (!cv_trace_prepare(trace, i, (size_t)events))
            return; /* best effort: the collector maps the rest as it goes */
    }
}
