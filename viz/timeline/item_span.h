/*
 * item_span.h — a lane's spans, one per state and item: the unit that the
 * tooltip, the CSV and the Chrome trace all show.
 *
 * A worker's state changes are not enough to tell its items apart: a
 * consumer that finds the buffer never empty stays in `work` for hundreds of
 * items, and an I/O step carries no item at all. So a span ends at every
 * state change and at every put or get that moves the worker on to another
 * item (one that leaves it on the same item, such as a consumer's get after
 * the wait named by it, does not cut), and each span is named by the item it
 * is about:
 *
 * - a span that begins at a get is about that item (the consumer now works
 *   on it), and so is everything after it until the consumer waits again;
 * - a span spent waiting (for a slot, an item or the lock) is about the item
 *   whose put or get ends the wait, and so is the rest of the way to it;
 * - a producer's span between two puts is about the item of the second;
 * - `spawn` and `done`, and a wait that nothing ends (a deadlock, the end of
 *   production), are about no item.
 *
 * The rules read only the lane's own events, so they hold for every trace
 * conveyor reads: a live run, a replay, and a program traced by hand. Naming
 * a span looks at a few events around it (at most CV_ITEM_SPAN_SEARCH each
 * way), never the whole lane.
 */
#ifndef CONVEYOR_VIZ_ITEM_SPAN_H
#define CONVEYOR_VIZ_ITEM_SPAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conveyor/trace.h"

#define CV_NO_ITEM UINT32_MAX

/* Events looked at, each way, to name a span's item; past it, none is named. */
#define CV_ITEM_SPAN_SEARCH 4096

typedef struct cv_item_span {
    cv_state state;
    size_t begin;     /* index of the event that begins it: a state change, or a put/get */
    size_t next;      /* index of the event that begins the next span, or the event count */
    int64_t start_ns; /* the time of events[begin] */
    int64_t end_ns;   /* the next span's start; for the last span, the end given */
    uint32_t item;    /* the item the span is about, or CV_NO_ITEM */
} cv_item_span;

/* Whether a span may begin at events[index] (index < count): every state
 * change, and a put or get that comes later than the event before it (one at
 * the very time of a state change belongs to the span that change begins).
 * A put or get begins one only if it moves the worker on to another item. */
bool cv_item_span_begins(const cv_event *events, size_t count, size_t index);

/* Walks a lane's spans in order, each named, in time proportional to the
 * events walked. */
typedef struct cv_item_span_walk {
    const cv_event *events;
    size_t count;
    int64_t end_ns;       /* where the lane's last span ends */
    bool done_is_instant; /* a last span in `done` ends where it begins instead */
    size_t at;            /* where the next span begins (count: no more) */
    cv_state state;       /* the state in force there */
    bool at_named;        /* its item is known already (at_item) */
    uint32_t at_item;
} cv_item_span_walk;

/* Start at the lane's first state change (events before it belong to no
 * span). end_ns and done_is_instant as in the struct. */
void cv_item_span_walk_start(cv_item_span_walk *walk, const cv_event *events, size_t count,
                             int64_t end_ns, bool done_is_instant);

/* The next span into *out; false when there are no more. */
bool cv_item_span_walk_next(cv_item_span_walk *walk, cv_item_span *out);

/* The span in force at t (the last one beginning at or before t); false
 * before the lane's first state change. end_ns and done_is_instant as for a
 * walk. Costs a binary search and a step back to the state in force. */
bool cv_item_span_at(const cv_event *events, size_t count, int64_t t, int64_t end_ns,
                     bool done_is_instant, cv_item_span *out);

#endif
