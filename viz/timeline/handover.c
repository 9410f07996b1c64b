/*
 * handover.c — the item -> (put, get) index and the arrows in view (see
 * handover.h). Item ids are dense counters in conveyor's own runs, so the
 * index is an array by id, grown by doubling; an id far beyond what the
 * trace could hold (a foreign trace's) is counted and skipped, never
 * allocated for.
 */
#include "timeline/handover.h"

#include <stdlib.h>
#include <string.h>

#include "timeline/event_search.h"

/* Puts and gets looked at past a bucket's first put to tell if it had more. */
#define THINNED_LOOKAHEAD 8
/* Events read in a bucket for its first put, at most: a worker changes state
 * a few times around each put, so a bucket with a put has it within these. */
#define PUT_SEARCH_EVENTS 64

static const cv_handover_slot empty_slot = {0, 0, CV_HANDOVER_NONE, CV_HANDOVER_NONE};

void cv_handover_free(cv_handover_index *index)
{
    free(index->next_event);
    free(index->items);
    memset(index, 0, sizeof *index);
}

static bool reset(cv_handover_index *index, const cv_trace *trace)
{
    cv_handover_free(index);
    index->trace = trace;
    index->lane_count = trace->lane_count;
    index->next_event = calloc(trace->lane_count ? trace->lane_count : 1, sizeof(size_t));
    return index->next_event != NULL;
}

/* Room for item ids below `need`; false when out of memory. */
static bool grow(cv_handover_index *index, size_t need)
{
    if (need <= index->item_capacity)
        return true;
    size_t capacity = index->item_capacity ? index->item_capacity : 1024;
    while (capacity < need)
        capacity *= 2;
    cv_handover_slot *items = realloc(index->items, capacity * sizeof *items);
    if (!items)
        return false;
    for (size_t i = index->item_capacity; i < capacity; i++)
        items[i] = empty_slot;
    index->items = items;
    index->item_capacity = capacity;
    return true;
}

static bool take_in(cv_handover_index *index, uint32_t lane, const cv_event *e, uint64_t id_limit)
{
    if ((uint64_t)e->item >= id_limit) {
        index->ids_too_large++;
        return true;
    }
    if (!grow(index, (size_t)e->item + 1))
        return false;
    cv_handover_slot *slot = &index->items[e->item];
    if (cv_event_kind(e) == CV_EVENT_PUT) {
        if (slot->put_lane == CV_HANDOVER_NONE) {
            slot->put_lane = lane;
            slot->put_ns = e->time_ns;
        }
    } else if (slot->get_lane == CV_HANDOVER_NONE || e->time_ns < slot->get_ns) {
        slot->get_lane = lane;
        slot->get_ns = e->time_ns;
    }
    return true;
}

cv_status cv_handover_update(cv_handover_index *index, const cv_trace *trace, cv_error *err)
{
    bool same = index->trace == trace && index->lane_count == trace->lane_count;
    for (uint32_t lane = 0; same && lane < trace->lane_count; lane++)
        same = index->next_event[lane] <= trace->events[lane].count; /* not a new run's trace */
    if (!same && !reset(index, trace))
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the item arrows");
    /* Every put and get has an id; a run with N events has fewer than N items,
     * so ids beyond this come from elsewhere and get no arrow. */
    uint64_t id_limit = 2 * trace->event_count + 4096;
    for (uint32_t lane = 0; lane < trace->lane_count; lane++) {
        const cv_lane_events *events = &trace->events[lane];
        for (size_t i = index->next_event[lane]; i < events->count; i++) {
            const cv_event *e = &events->events[i];
            if (!cv_event_is_handover(e))
                continue;
            if (!take_in(index, lane, e, id_limit)) {
                index->next_event[lane] = i;
                return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the item arrows");
            }
        }
        index->next_event[lane] = events->count;
    }
    return CV_OK;
}

bool cv_handover_find(const cv_handover_index *index, uint32_t item, cv_handover *out)
{
    if (item >= index->item_capacity)
        return false;
    const cv_handover_slot *slot = &index->items[item];
    if (slot->put_lane == CV_HANDOVER_NONE && slot->get_lane == CV_HANDOVER_NONE)
        return false;
    *out = (cv_handover){item, slot->put_lane, slot->get_lane, slot->put_ns, slot->get_ns};
    return true;
}

bool cv_handover_at(const cv_handover_index *index, uint32_t lane, int64_t t_ns,
                    int64_t tolerance_ns, cv_handover *out)
{
    if (!index->trace || lane >= index->lane_count)
        return false;
    const cv_lane_events *events = &index->trace->events[lane];
    size_t count = index->next_event[lane]; /* only what the index has taken in */
    size_t i = cv_events_lower_bound(events->events, count, t_ns - tolerance_ns);
    const cv_event *best = NULL;
    int64_t best_distance = 0;
    for (; i < count && events->events[i].time_ns <= t_ns + tolerance_ns; i++) {
        const cv_event *e = &events->events[i];
        if (!cv_event_is_handover(e))
            continue;
        int64_t distance = e->time_ns > t_ns ? e->time_ns - t_ns : t_ns - e->time_ns;
        if (!best || distance < best_distance) {
            best = e;
            best_distance = distance;
        }
    }
    return best && cv_handover_find(index, best->item, out);
}

/* The first put of events[from..count) before t_ns, within PUT_SEARCH_EVENTS
 * events; SIZE_MAX if none (*gave_up: there were more events to read). */
static size_t first_put_before(const cv_event *events, size_t from, size_t count, int64_t t_ns,
                               bool *gave_up)
{
    size_t end = count - from > PUT_SEARCH_EVENTS ? from + PUT_SEARCH_EVENTS : count;
    size_t i = from;
    for (; i < end && events[i].time_ns < t_ns; i++)
        if (cv_event_kind(&events[i]) == CV_EVENT_PUT)
            return i;
    *gave_up = i == end && i < count && events[i].time_ns < t_ns;
    return SIZE_MAX;
}

/* Whether another put follows `at` before t_ns (looking a few hand-overs on). */
static bool more_puts_before(const cv_event *events, size_t at, size_t count, int64_t t_ns)
{
    int looked = 0;
    for (size_t i = at + 1; i < count && events[i].time_ns < t_ns; i++) {
        if (cv_event_kind(&events[i]) == CV_EVENT_PUT)
            return true;
        if (cv_event_is_handover(&events[i]) && ++looked > THINNED_LOOKAHEAD)
            return true; /* a busy bucket: call it thinned rather than read on */
    }
    return false;
}

size_t cv_handover_in_view(const cv_handover_index *index, int64_t t0_ns, int64_t t1_ns,
                           int64_t bucket_ns, uint32_t lane_limit, cv_handover *out, size_t max,
                           bool *thinned)
{
    *thinned = false;
    size_t n = 0;
    if (!index->trace || bucket_ns <= 0 || t1_ns <= t0_ns)
        return 0;
    uint32_t lanes = lane_limit < index->lane_count ? lane_limit : index->lane_count;
    for (int64_t b0 = t0_ns; b0 < t1_ns; b0 += bucket_ns) {
        int64_t b1 = b0 + bucket_ns < t1_ns ? b0 + bucket_ns : t1_ns;
        /* The bucket's earliest put over all producer lanes. */
        const cv_event *first = NULL;
        int puts_seen = 0;
        for (uint32_t lane = 0; lane < lanes; lane++) {
            if (index->trace->lanes[lane].role != CV_ROLE_PRODUCER)
                continue;
            const cv_event *events = index->trace->events[lane].events;
            size_t count = index->next_event[lane];
            size_t from = cv_events_lower_bound(events, count, b0);
            bool gave_up = false;
            size_t at = first_put_before(events, from, count, b1, &gave_up);
            if (gave_up)
                *thinned = true;
            if (at == SIZE_MAX)
                continue;
            puts_seen++;
            if (more_puts_before(events, at, count, b1))
                *thinned = true;
            if (!first || events[at].time_ns < first->time_ns)
                first = &events[at];
        }
        if (puts_seen > 1)
            *thinned = true;
        if (!first)
            continue;
        if (n == max) {
            *thinned = true;
            return n;
        }
        if (cv_handover_find(index, first->item, &out[n]))
            n++;
    }
    return n;
}
