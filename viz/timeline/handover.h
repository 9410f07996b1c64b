/*
 * handover.h — follow an item: where it was put and where it was got.
 *
 * A trace records the hand-over of every item twice: a PUT in the
 * producer's lane and a GET in the consumer's, each with the item's id. To
 * draw an arrow from one to the other the picture needs, from either end,
 * the other: this index keeps, per item id, the lane and time of its put
 * and of its first get (a race may get an item twice; the first get is the
 * hand-over, as in the Chrome trace's flow arrows). It takes in only the
 * events added since its last update, so a live run costs what it records
 * and a 1M-item replay is indexed once (about 24 bytes an item).
 *
 * The arrows in view are found without reading every event in view: the
 * visible time is cut into buckets (some pixels each) and of each bucket
 * only the earliest put of any producer lane is taken, found by binary
 * search in each lane, so a frame costs buckets x lanes x log(events)
 * however big the run, and yields at most one arrow per bucket; `thinned`
 * says when puts were left out.
 */
#ifndef CONVEYOR_VIZ_TIMELINE_HANDOVER_H
#define CONVEYOR_VIZ_TIMELINE_HANDOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conveyor/status.h"
#include "conveyor/trace.h"

/* One item's hand-over. get_lane is CV_HANDOVER_NONE while (or if ever) the
 * item is not got; put_lane likewise while its put is not recorded. */
#define CV_HANDOVER_NONE UINT32_MAX

typedef struct cv_handover {
    uint32_t item;
    uint32_t put_lane, get_lane;
    int64_t put_ns, get_ns;
} cv_handover;

typedef struct cv_handover_slot {
    int64_t put_ns, get_ns;
    uint32_t put_lane, get_lane;
} cv_handover_slot;

typedef struct cv_handover_index {
    const cv_trace *trace;
    uint32_t lane_count;
    size_t *next_event;      /* per lane: the first event not taken in yet */
    cv_handover_slot *items; /* by item id */
    size_t item_capacity;
    uint64_t ids_too_large; /* puts/gets whose id was beyond any sensible count (foreign
                               traces): left without an arrow */
} cv_handover_index;

/* Take in the trace's events recorded since the last update (all of them the
 * first time, or when the trace is another one). Errors: CV_ERR_NOMEM. */
cv_status cv_handover_update(cv_handover_index *index, const cv_trace *trace, cv_error *err);
void cv_handover_free(cv_handover_index *index);

/* The hand-over of item `item`; false if neither its put nor its get is known. */
bool cv_handover_find(const cv_handover_index *index, uint32_t item, cv_handover *out);

/* The put or get event of `lane` closest to t_ns within tolerance_ns (a tick
 * under the mouse), as its item's hand-over; false if none. */
bool cv_handover_at(const cv_handover_index *index, uint32_t lane, int64_t t_ns,
                    int64_t tolerance_ns, cv_handover *out);

/*
 * Hand-overs put in [t0_ns, t1_ns): of each bucket of bucket_ns, the earliest
 * put of the producer lanes below lane_limit, into out (at most max) in time
 * order. *thinned is set when a bucket held more puts than the one taken, or
 * out was full. Returns how many were written.
 */
size_t cv_handover_in_view(const cv_handover_index *index, int64_t t0_ns, int64_t t1_ns,
                           int64_t bucket_ns, uint32_t lane_limit, cv_handover *out, size_t max,
                           bool *thinned);

#endif
