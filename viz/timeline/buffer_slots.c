/*
 * buffer_slots.c — the buffer's contents at a moment (see buffer_slots.h).
 * Each lane is searched with a binary search for the moment, then read
 * backwards; the newest put across lanes is taken first, like merging sorted
 * lists from their ends.
 */
#include "timeline/buffer_slots.h"

#include <stdbool.h>
#include <stddef.h>

/* Index of the first event after t_ns in the lane. */
static size_t upper_bound(const cv_lane_events *lane, int64_t t_ns)
{
    size_t lo = 0, hi = lane->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (lane->events[mid].time_ns <= t_ns)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/*
 * Walks back are bounded: a lane that has not put or got anything for this
 * many events is not holding the answer, and an unbounded walk over a long
 * idle lane would cost as much as the trace.
 */
#define MAX_WALK_EVENTS 256

/* One past the last put before index end in the lane (0 if there is none nearby). */
static size_t previous_put(const cv_lane_events *lane, size_t end)
{
    size_t limit = end > MAX_WALK_EVENTS ? end - MAX_WALK_EVENTS : 0;
    while (end > limit && cv_event_kind(&lane->events[end - 1]) != CV_EVENT_PUT)
        end--;
    return end > limit ? end : 0;
}

uint32_t cv_buffer_slots_at(const cv_trace *trace, int64_t t_ns, uint32_t *items,
                            uint32_t max_items, uint32_t *item_count)
{
    *item_count = 0;
    /* The fill after the latest put/get at or before t_ns, over all lanes. */
    uint32_t fill = 0;
    int64_t fill_time = INT64_MIN;
    enum { MAX_LANES_WALKED = 1024 };
    size_t cursor[MAX_LANES_WALKED];
    uint32_t lanes = trace->lane_count < MAX_LANES_WALKED ? trace->lane_count : MAX_LANES_WALKED;
    for (uint32_t i = 0; i < lanes; i++) {
        const cv_lane_events *lane = &trace->events[i];
        size_t end = upper_bound(lane, t_ns);
        cursor[i] = end;
        size_t k = end;
        size_t limit = end > MAX_WALK_EVENTS ? end - MAX_WALK_EVENTS : 0;
        while (k > limit && !cv_event_is_handover(&lane->events[k - 1]))
            k--;
        if (k == limit)
            k = 0;
        if (k > 0 && lane->events[k - 1].time_ns >= fill_time) {
            fill_time = lane->events[k - 1].time_ns;
            fill = cv_event_fill(&lane->events[k - 1]);
        }
    }
    uint32_t wanted = fill < max_items ? fill : max_items;
    /* Collect the newest `wanted` puts, newest first, then reverse. */
    for (uint32_t i = 0; i < lanes; i++) {
        bool producer = trace->lanes[i].role == CV_ROLE_PRODUCER;
        cursor[i] = producer ? previous_put(&trace->events[i], cursor[i]) : 0;
    }
    while (*item_count < wanted) {
        int best = -1;
        int64_t best_time = INT64_MIN;
        for (uint32_t i = 0; i < lanes; i++) {
            if (cursor[i] == 0)
                continue;
            int64_t t = trace->events[i].events[cursor[i] - 1].time_ns;
            if (best < 0 || t > best_time) {
                best = (int)i;
                best_time = t;
            }
        }
        if (best < 0)
            break;
        const cv_lane_events *lane = &trace->events[best];
        items[(*item_count)++] = lane->events[cursor[best] - 1].item;
        cursor[best] = previous_put(lane, cursor[best] - 1);
    }
    for (uint32_t a = 0, b = *item_count; a + 1 < b; a++, b--) {
        uint32_t tmp = items[a];
        items[a] = items[b - 1];
        items[b - 1] = tmp;
    }
    return fill;
}
