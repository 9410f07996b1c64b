/*
 * lane_stats.h — per-worker statistics for the stats column, kept up to date
 * cheaply while the trace grows.
 *
 * The numbers are the same as cv_trace_lane_state_times (time per state up to
 * a moment, an open state counted up to it) plus the items each worker put or
 * got. Recomputing them over the whole trace every frame would cost as much
 * as the trace is long, so the model remembers how far it has read each lane
 * and only reads new events. Moving the moment back (scrubbing a replay)
 * or moving where the counting starts (cv_lane_stats_count_from) starts over.
 */
#ifndef CONVEYOR_VIZ_TIMELINE_LANE_STATS_H
#define CONVEYOR_VIZ_TIMELINE_LANE_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "conveyor/status.h"
#include "conveyor/trace.h"

typedef struct cv_lane_stat {
    uint64_t items;                   /* puts or gets from from_ns up to the moment */
    int64_t state_ns[CV_STATE_COUNT]; /* time per state from from_ns up to the moment */
    /* Where reading stopped: the next event, the state open there and since when. */
    size_t next_event;
    int open_state; /* -1 before the first state event */
    int64_t open_since_ns;
    int64_t closed_ns[CV_STATE_COUNT];
} cv_lane_stat;

typedef struct cv_lane_stats {
    const cv_trace *trace;
    uint32_t lane_count;
    cv_lane_stat *lanes;
    int64_t from_ns; /* where counting starts (a --range's start); 0 = the run's start */
    int64_t until_ns;
} cv_lane_stats;

/* Count from from_ns on (a picture of --range START:END counts from START,
 * so its columns describe the time it shows); 0, the default, is the run's
 * start. A change starts the counting over at the next update. */
void cv_lane_stats_count_from(cv_lane_stats *stats, int64_t from_ns);

/* Bring every lane up to until_ns (events at until_ns included; those before
 * from_ns are not counted, and a state counts only its time after from_ns).
 * Fails with CV_ERR_NOMEM only. */
cv_status cv_lane_stats_update(cv_lane_stats *stats, const cv_trace *trace, int64_t until_ns,
                               cv_error *err);
void cv_lane_stats_free(cv_lane_stats *stats);

/* Bit s set: some lane has spent time in state s up to the moment (the open
 * state counts once it has begun). */
uint32_t cv_lane_stats_states_seen(const cv_lane_stats *stats);

/* The most items any of the first `lanes` lanes has handled up to the
 * moment (what the items column's bars are scaled to). */
uint64_t cv_lane_stats_most_items(const cv_lane_stats *stats, uint32_t lanes);

#endif
