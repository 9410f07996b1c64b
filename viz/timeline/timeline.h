/*
 * timeline.h — the timeline model: what to draw in each pixel column.
 *
 * A cv_timeline indexes a cv_trace (live or replayed) so that the renderer and
 * the SVG writer can ask "what was lane L doing between t0 and t1, split into
 * N columns" at a cost that depends on N, not on the number of events. Spans
 * narrower than a column merge into the column's dominant state (the state
 * that covered most of it), the way Tracy and Perfetto draw zoomed-out
 * tracks. The model never copies events; it keeps per-lane summaries at
 * several resolutions and extends them as the live trace grows.
 */
#ifndef CONVEYOR_VIZ_TIMELINE_H
#define CONVEYOR_VIZ_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conveyor/trace.h"

typedef struct cv_timeline cv_timeline;

#define CV_COLUMN_EMPTY 0xffu /* no state known in this column (before spawn / after the end) */

/* One pixel column of one lane. */
typedef struct cv_column {
    uint8_t state; /* dominant cv_state, or CV_COLUMN_EMPTY */
    uint8_t mixed; /* 1 if more than one state shared the column */
    uint16_t puts; /* put events in the column (saturating) */
    uint16_t gets; /* get events in the column (saturating) */
} cv_column;

/* Columns whose state is `done` become empty: a dead worker's lane ends
 * where it died (its `done` marks the death, not a finished job). */
static inline void cv_column_forget_done(cv_column *columns, uint32_t count)
{
    for (uint32_t c = 0; c < count; c++)
        if (columns[c].state == CV_STATE_DONE)
            columns[c].state = CV_COLUMN_EMPTY;
}

/* One span: a state, cut where the worker moves on to another item
 * (item_span.h), for hover. */
typedef struct cv_span {
    cv_state state;
    int64_t start_ns;
    int64_t end_ns; /* == trace end_ns for the open last span */
    uint32_t item;  /* the item the span is about (item_span.h), or UINT32_MAX */
} cv_span;

/* Index a trace. The trace must outlive the model. */
cv_timeline *cv_timeline_create(const cv_trace *trace);
void cv_timeline_destroy(cv_timeline *timeline);

/* Take in events appended to the trace since the last call (cheap when few). */
void cv_timeline_update(cv_timeline *timeline);

/* Columns for lane over [t0_ns, t1_ns), `columns` entries written to out. */
void cv_timeline_query(const cv_timeline *timeline, uint32_t lane, int64_t t0_ns, int64_t t1_ns,
                       uint32_t columns, cv_column *out);

/* The span of lane at time t; false if none (before the first state change). */
bool cv_timeline_span_at(const cv_timeline *timeline, uint32_t lane, int64_t t_ns, cv_span *out);

/* Buffer fill level per column over [t0, t1): the highest fill seen in each
 * column (the fill before the column if nothing happened in it). */
void cv_timeline_fill_query(const cv_timeline *timeline, int64_t t0_ns, int64_t t1_ns,
                            uint32_t columns, uint32_t *out_fill);

/* Bytes the model holds besides the trace (its summaries), for memory budgets. */
size_t cv_timeline_memory_bytes(const cv_timeline *timeline);

#endif
