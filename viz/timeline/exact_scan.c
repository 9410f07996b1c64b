/*
 * exact_scan.c — columns, spans and fill computed straight from the events.
 *
 * A column walk keeps one running column: state time is added until a state
 * change or the column's end, instants are counted where they fall, and the
 * column is closed into a cv_column as soon as time passes its end. The
 * state open at the last event lasts until the trace's end time.
 */
#include "timeline/exact_scan.h"

#include "timeline/column_acc.h"
#include "timeline/event_search.h"
#include "timeline/item_span.h"

typedef struct column_walk {
    cv_column_edges edges;
    uint32_t n;
    uint32_t index; /* the column being filled */
    int64_t end;    /* its end time */
    cv_column_acc acc;
    cv_column *out;
} column_walk;

static void walk_next_column(column_walk *walk)
{
    walk->out[walk->index] = cv_column_acc_finish(&walk->acc);
    cv_column_acc_clear(&walk->acc);
    walk->index++;
    walk->end = walk->index < walk->n ? cv_column_edges_next(&walk->edges) : INT64_MAX;
}

/* Moves to the column containing t (t must be inside [t0, t1)). */
static void walk_reach(column_walk *walk, int64_t t)
{
    while (t >= walk->end && walk->index < walk->n)
        walk_next_column(walk);
}

static void walk_add_state(column_walk *walk, uint32_t state, int64_t from, int64_t to)
{
    while (from < to && walk->index < walk->n) {
        if (from >= walk->end) {
            walk_next_column(walk);
            continue;
        }
        int64_t stop = to < walk->end ? to : walk->end;
        walk->acc.state_weight[state] += stop - from;
        from = stop;
    }
}

void cv_exact_columns(const cv_lane_view *lane, int64_t t0, int64_t t1, uint32_t n, cv_column *out)
{
    column_walk walk = {cv_column_edges_start(t0, t1, n), n, 0, 0, {{0}, 0, 0}, out};
    walk.end = cv_column_edges_next(&walk.edges);

    size_t i = cv_events_lower_bound(lane->events, lane->count, t0);
    size_t state_index = cv_events_state_before(lane->events, i);
    int current = -1;
    int64_t since = t0;
    if (state_index != SIZE_MAX)
        current = (int)cv_event_kind(&lane->events[state_index]);

    for (; i < lane->count && lane->events[i].time_ns < t1; i++) {
        const cv_event *e = &lane->events[i];
        if (cv_event_is_state(e)) {
            if (current >= 0)
                walk_add_state(&walk, (uint32_t)current, since, e->time_ns);
            current = (int)cv_event_kind(e);
            since = e->time_ns;
            continue;
        }
        /* Columns passed on the way to the instant must get the state first. */
        if (current >= 0)
            walk_add_state(&walk, (uint32_t)current, since, e->time_ns);
        since = e->time_ns;
        walk_reach(&walk, e->time_ns);
        if (cv_event_kind(e) == CV_EVENT_PUT)
            walk.acc.puts++;
        else if (cv_event_kind(e) == CV_EVENT_GET)
            walk.acc.gets++;
    }
    int64_t stop = lane->end_ns < t1 ? lane->end_ns : t1;
    if (current >= 0)
        walk_add_state(&walk, (uint32_t)current, since, stop);
    while (walk.index < n)
        walk_next_column(&walk);
}

bool cv_exact_span_at(const cv_lane_view *lane, int64_t t, cv_span *out)
{
    cv_item_span span;
    if (t > lane->end_ns ||
        !cv_item_span_at(lane->events, lane->count, t, lane->end_ns, false, &span))
        return false;
    *out = (cv_span){span.state, span.start_ns, span.end_ns, span.item};
    return true;
}

uint32_t cv_exact_fill_before(const cv_trace *trace, const size_t *taken, int64_t t)
{
    int64_t latest = INT64_MIN;
    uint32_t fill = 0;
    for (uint32_t l = 0; l < trace->lane_count; l++) {
        const cv_event *events = trace->events[l].events;
        size_t i = cv_events_lower_bound(events, taken[l], t);
        size_t found = cv_events_transfer_before(events, i);
        if (found == SIZE_MAX)
            continue;
        const cv_event *e = &events[found];
        if (e->time_ns > latest) {
            latest = e->time_ns;
            fill = cv_event_fill(e);
        }
    }
    return fill;
}

/* Columns are filled in chunks so the per-column scratch fits on the stack. */
enum { FILL_CHUNK = 256 };

typedef struct fill_chunk {
    uint32_t high[FILL_CHUNK];
    uint32_t last[FILL_CHUNK];
    int64_t last_time[FILL_CHUNK]; /* INT64_MIN: nothing happened in the column */
} fill_chunk;

static void chunk_take_lane(fill_chunk *chunk, const cv_event *events, size_t count, int64_t t0,
                            int64_t span, uint32_t n, uint32_t first, uint32_t stop)
{
    int64_t from = cv_column_start(t0, span, n, first);
    int64_t to = cv_column_start(t0, span, n, stop);
    uint32_t column = first;
    int64_t column_end = cv_column_start(t0, span, n, column + 1);
    size_t i = cv_events_lower_bound(events, count, from);
    for (; i < count && events[i].time_ns < to; i++) {
        const cv_event *e = &events[i];
        if (!cv_event_is_handover(e))
            continue;
        while (e->time_ns >= column_end) {
            column++;
            column_end = cv_column_start(t0, span, n, column + 1);
        }
        uint32_t k = column - first;
        uint32_t fill = cv_event_fill(e);
        if (chunk->last_time[k] == INT64_MIN || fill > chunk->high[k])
            chunk->high[k] = fill;
        if (e->time_ns >= chunk->last_time[k]) {
            chunk->last_time[k] = e->time_ns;
            chunk->last[k] = fill;
        }
    }
}

void cv_exact_fill(const cv_trace *trace, const size_t *taken, int64_t t0, int64_t t1, uint32_t n,
                   uint32_t *out)
{
    int64_t span = t1 - t0;
    uint32_t level = cv_exact_fill_before(trace, taken, t0);
    fill_chunk chunk;
    for (uint32_t first = 0; first < n; first += FILL_CHUNK) {
        uint32_t stop = n - first < FILL_CHUNK ? n : first + FILL_CHUNK;
        for (uint32_t k = 0; k < stop - first; k++)
            chunk.last_time[k] = INT64_MIN;
        for (uint32_t l = 0; l < trace->lane_count; l++)
            chunk_take_lane(&chunk, trace->events[l].events, taken[l], t0, span, n, first, stop);
        for (uint32_t k = 0; k < stop - first; k++) {
            uint32_t high = level;
            if (chunk.last_time[k] != INT64_MIN) {
                if (chunk.high[k] > high)
                    high = chunk.high[k];
                level = chunk.last[k];
            }
            out[first + k] = high;
        }
    }
}
