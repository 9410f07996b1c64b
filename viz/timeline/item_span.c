/*
 * item_span.c — a lane's spans cut at state changes and hand-overs, each
 * named by the item it is about (the rules are in item_span.h).
 */
#include "timeline/item_span.h"

#include "timeline/event_search.h"

static bool is_wait(uint32_t kind)
{
    return kind == CV_STATE_WAIT_SLOT || kind == CV_STATE_WAIT_ITEM || kind == CV_STATE_WAIT_LOCK;
}

bool cv_item_span_begins(const cv_event *events, size_t count, size_t index)
{
    if (index >= count)
        return false;
    const cv_event *e = &events[index];
    if (cv_event_is_state(e))
        return true;
    return cv_event_is_handover(e) && index > 0 && e->time_ns > events[index - 1].time_ns;
}

/* The item of the first put or get from index `from` on, unless the worker
 * ends first. */
static uint32_t item_ahead(const cv_event *events, size_t count, size_t from)
{
    size_t stop = count - from > CV_ITEM_SPAN_SEARCH ? from + CV_ITEM_SPAN_SEARCH : count;
    for (size_t i = from; i < stop; i++) {
        if (cv_event_is_handover(&events[i]))
            return events[i].item;
        if (cv_event_kind(&events[i]) == CV_STATE_DONE)
            return CV_NO_ITEM;
    }
    return CV_NO_ITEM;
}

static uint32_t name_span(const cv_event *events, size_t count, size_t begin, cv_state state)
{
    if (state == CV_STATE_SPAWN || state == CV_STATE_DONE)
        return CV_NO_ITEM;
    /* The hand-over the span begins with: its first event, or one at the
     * very time of the state change that begins it. */
    int64_t start = events[begin].time_ns;
    for (size_t i = begin; i < count && events[i].time_ns == start; i++) {
        if (i > begin && cv_event_is_state(&events[i]))
            break;
        if (cv_event_kind(&events[i]) == CV_EVENT_GET)
            return events[i].item;
        if (cv_event_kind(&events[i]) == CV_EVENT_PUT)
            return item_ahead(events, count, i + 1);
    }
    if (is_wait(state))
        return item_ahead(events, count, begin + 1);
    /* Otherwise it continues what came before: the item last got, or, after
     * a put or a wait, the way to the next hand-over. */
    size_t low = begin > CV_ITEM_SPAN_SEARCH ? begin - CV_ITEM_SPAN_SEARCH : 0;
    for (size_t j = begin; j-- > low;) {
        uint32_t kind = cv_event_kind(&events[j]);
        if (kind == CV_EVENT_GET)
            return events[j].item;
        if (kind == CV_EVENT_PUT || is_wait(kind) || kind == CV_STATE_SPAWN)
            return item_ahead(events, count, begin + 1);
    }
    return low == 0 ? item_ahead(events, count, begin + 1) : CV_NO_ITEM;
}

static size_t next_begin(const cv_event *events, size_t count, size_t begin)
{
    size_t i = begin + 1;
    while (i < count && !cv_item_span_begins(events, count, i))
        i++;
    return i;
}

/* Where the span that begins at `begin` (in `state`, about `item`) ends: at
 * the next state change, or at the next put or get that moves the worker on
 * to another item; one that leaves it on the same item (a consumer's get
 * after the wait that named it) does not cut. *next_item: the item of the
 * span a put or get begins there (it was named to decide), else unknown. */
static size_t span_next(const cv_event *events, size_t count, size_t begin, cv_state state,
                        uint32_t item, bool *next_named, uint32_t *next_item)
{
    size_t next = next_begin(events, count, begin);
    *next_named = false;
    while (next < count && !cv_event_is_state(&events[next])) {
        *next_item = name_span(events, count, next, state);
        if (*next_item != item) {
            *next_named = true;
            break;
        }
        next = next_begin(events, count, next);
    }
    return next;
}

/* The span beginning at `begin`, about `item` (named by the caller). */
static void fill_span(const cv_event *events, size_t count, size_t begin, cv_state state,
                      uint32_t item, int64_t end_ns, bool done_is_instant, cv_item_span *out,
                      bool *next_named, uint32_t *next_item)
{
    size_t next = span_next(events, count, begin, state, item, next_named, next_item);
    int64_t start = events[begin].time_ns;
    int64_t end = end_ns;
    if (next < count)
        end = events[next].time_ns;
    else if ((done_is_instant && state == CV_STATE_DONE) || end_ns < start)
        end = start;
    *out = (cv_item_span){
        .state = state,
        .begin = begin,
        .next = next,
        .start_ns = start,
        .end_ns = end,
        .item = item,
    };
}

void cv_item_span_walk_start(cv_item_span_walk *walk, const cv_event *events, size_t count,
                             int64_t end_ns, bool done_is_instant)
{
    size_t first = 0;
    while (first < count && !cv_event_is_state(&events[first]))
        first++;
    *walk = (cv_item_span_walk){
        .events = events,
        .count = count,
        .end_ns = end_ns,
        .done_is_instant = done_is_instant,
        .at = first,
        .state = first < count ? (cv_state)cv_event_kind(&events[first]) : CV_STATE_SPAWN,
    };
}

bool cv_item_span_walk_next(cv_item_span_walk *walk, cv_item_span *out)
{
    if (walk->at >= walk->count)
        return false;
    if (cv_event_is_state(&walk->events[walk->at]))
        walk->state = (cv_state)cv_event_kind(&walk->events[walk->at]);
    /* A span begun by a put or get was named when the last one ended. */
    uint32_t item = walk->at_named ? walk->at_item
                                   : name_span(walk->events, walk->count, walk->at, walk->state);
    fill_span(walk->events, walk->count, walk->at, walk->state, item, walk->end_ns,
              walk->done_is_instant, out, &walk->at_named, &walk->at_item);
    walk->at = out->next;
    return true;
}

bool cv_item_span_at(const cv_event *events, size_t count, int64_t t, int64_t end_ns,
                     bool done_is_instant, cv_item_span *out)
{
    /* The last event at or before t. */
    size_t after = t == INT64_MAX ? count : cv_events_lower_bound(events, count, t + 1);
    if (after == 0)
        return false;
    size_t begin = after - 1;
    while (begin > 0 && !cv_item_span_begins(events, count, begin))
        begin--;
    size_t state_index =
        cv_event_is_state(&events[begin]) ? begin : cv_events_state_before(events, begin);
    if (state_index == SIZE_MAX)
        return false;
    cv_state state = (cv_state)cv_event_kind(&events[state_index]);
    /* A put or get that leaves the worker on the same item began no span:
     * step back to where this one began. */
    uint32_t item = name_span(events, count, begin, state);
    while (begin > state_index) {
        size_t previous = begin - 1;
        while (previous > state_index && !cv_item_span_begins(events, count, previous))
            previous--;
        if (name_span(events, count, previous, state) != item)
            break;
        begin = previous;
    }
    bool next_named;
    uint32_t next_item;
    fill_span(events, count, begin, state, item, end_ns, done_is_instant, out, &next_named,
              &next_item);
    return true;
}
