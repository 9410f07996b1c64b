/*
 * timeline.c — the timeline model: per-lane summaries plus the choice, per
 * query, between walking the events and reading a summary.
 *
 * A query walks the events when few fall in view (at most a few per column:
 * exact, and as cheap as the summary); otherwise it reads the summary level
 * whose buckets are no wider than a column, so its cost follows the number of
 * columns, not of events. Everything answers from the snapshot taken at the
 * last update, so the picture never mixes two moments.
 */
#include "timeline/timeline.h"

#include <assert.h>
#include <stdlib.h>

#include "timeline/event_search.h"
#include "timeline/exact_scan.h"
#include "timeline/fill_summary.h"
#include "timeline/lane_summary.h"

/* Walk the events when at most this many fall in view per column. */
enum { EXACT_EVENTS_PER_COLUMN = 4 };

struct cv_timeline {
    const cv_trace *trace;
    uint32_t lane_count;
    int64_t end_ns;         /* the trace's end at the last update */
    size_t *taken;          /* events of each lane taken in at the last update */
    cv_lane_summary *lanes; /* lane_count entries */
    cv_fill_summary fill;
};

cv_timeline *cv_timeline_create(const cv_trace *trace)
{
    cv_timeline *timeline = calloc(1, sizeof *timeline);
    if (!timeline)
        return NULL;
    timeline->trace = trace;
    timeline->lane_count = trace->lane_count;
    size_t lanes = trace->lane_count ? trace->lane_count : 1;
    timeline->taken = calloc(lanes, sizeof *timeline->taken);
    timeline->lanes = calloc(lanes, sizeof *timeline->lanes);
    bool fill_ok = cv_fill_summary_init(&timeline->fill, trace->lane_count);
    if (!timeline->taken || !timeline->lanes || !fill_ok) {
        cv_fill_summary_free(&timeline->fill);
        free(timeline->lanes);
        free(timeline->taken);
        free(timeline);
        return NULL;
    }
    for (uint32_t l = 0; l < timeline->lane_count; l++)
        cv_lane_summary_init(&timeline->lanes[l]);
    cv_timeline_update(timeline);
    return timeline;
}

void cv_timeline_destroy(cv_timeline *timeline)
{
    if (!timeline)
        return;
    for (uint32_t l = 0; l < timeline->lane_count; l++)
        cv_lane_summary_free(&timeline->lanes[l]);
    cv_fill_summary_free(&timeline->fill);
    free(timeline->lanes);
    free(timeline->taken);
    free(timeline);
}

/*
 * A summary that ran out of memory is left unusable and queries fall back to
 * walking events (slower, still right); the next update tries again.
 */
void cv_timeline_update(cv_timeline *timeline)
{
    const cv_trace *trace = timeline->trace;
    /* A trace's lanes are fixed when it is made; only their events grow. */
    assert(trace->lane_count == timeline->lane_count);
    for (uint32_t l = 0; l < timeline->lane_count; l++) {
        timeline->taken[l] = trace->events[l].count;
        cv_lane_summary_update(&timeline->lanes[l], trace->events[l].events,
                               trace->events[l].count);
    }
    cv_fill_summary_update(&timeline->fill, trace, timeline->taken);
    timeline->end_ns = trace->end_ns;
}

static cv_lane_view lane_view(const cv_timeline *timeline, uint32_t lane)
{
    cv_lane_view view = {timeline->trace->events[lane].events, timeline->taken[lane],
                         timeline->end_ns};
    return view;
}

static size_t events_between(const cv_lane_view *view, int64_t t0, int64_t t1)
{
    return cv_events_lower_bound(view->events, view->count, t1) -
           cv_events_lower_bound(view->events, view->count, t0);
}

void cv_timeline_query(const cv_timeline *timeline, uint32_t lane, int64_t t0_ns, int64_t t1_ns,
                       uint32_t columns, cv_column *out)
{
    if (columns == 0)
        return;
    if (lane >= timeline->lane_count || t1_ns <= t0_ns) {
        cv_column empty = {CV_COLUMN_EMPTY, 0, 0, 0};
        for (uint32_t c = 0; c < columns; c++)
            out[c] = empty;
        return;
    }
    cv_lane_view view = lane_view(timeline, lane);
    const cv_lane_summary *summary = &timeline->lanes[lane];
    int level = cv_lane_summary_level(summary, (t1_ns - t0_ns) / columns);
    assert(level < 0 || (uint32_t)level < summary->lod.level_count);
    bool few = events_between(&view, t0_ns, t1_ns) <= (size_t)EXACT_EVENTS_PER_COLUMN * columns;
    if (few || level < 0)
        cv_exact_columns(&view, t0_ns, t1_ns, columns, out);
    else
        cv_lane_summary_columns(summary, level, timeline->end_ns, t0_ns, t1_ns, columns, out);
}

bool cv_timeline_span_at(const cv_timeline *timeline, uint32_t lane, int64_t t_ns, cv_span *out)
{
    if (lane >= timeline->lane_count)
        return false;
    cv_lane_view view = lane_view(timeline, lane);
    return cv_exact_span_at(&view, t_ns, out);
}

void cv_timeline_fill_query(const cv_timeline *timeline, int64_t t0_ns, int64_t t1_ns,
                            uint32_t columns, uint32_t *out_fill)
{
    if (columns == 0)
        return;
    if (t1_ns <= t0_ns) {
        for (uint32_t c = 0; c < columns; c++)
            out_fill[c] = 0;
        return;
    }
    size_t in_view = 0;
    for (uint32_t l = 0; l < timeline->lane_count; l++) {
        cv_lane_view view = lane_view(timeline, l);
        in_view += events_between(&view, t0_ns, t1_ns);
    }
    int level = cv_fill_summary_level(&timeline->fill, (t1_ns - t0_ns) / columns);
    if (in_view <= (size_t)EXACT_EVENTS_PER_COLUMN * columns || level < 0) {
        cv_exact_fill(timeline->trace, timeline->taken, t0_ns, t1_ns, columns, out_fill);
        return;
    }
    uint32_t before = cv_exact_fill_before(timeline->trace, timeline->taken, t0_ns);
    cv_fill_summary_columns(&timeline->fill, level, before, t0_ns, t1_ns, columns, out_fill);
}

size_t cv_timeline_memory_bytes(const cv_timeline *timeline)
{
    size_t bytes = sizeof *timeline + timeline->lane_count * sizeof *timeline->taken;
    for (uint32_t l = 0; l < timeline->lane_count; l++)
        bytes += cv_lane_summary_bytes(&timeline->lanes[l]);
    return bytes + cv_fill_summary_bytes(&timeline->fill);
}
