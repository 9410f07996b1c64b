/*
 * lane_summary.h — one lane's states at several resolutions.
 *
 * Each bucket stores the share of its time spent in each state (1/255ths of
 * the bucket, so 8 bytes) and its put/get counts; level k+1 merges pairs of
 * level k. Only time up to the lane's last state event is summarised: the
 * state open since then is added by the query, because it grows every frame.
 * 12 bytes per bucket and about one finest bucket per 8-32 events keep the
 * summary near 1-2 bytes per event.
 */
#ifndef CONVEYOR_VIZ_LANE_SUMMARY_H
#define CONVEYOR_VIZ_LANE_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "timeline/lane_view.h"
#include "timeline/lod_pyramid.h"
#include "timeline/summary_grid.h"
#include "timeline/timeline.h"

#define CV_SHARE_FULL 255u

typedef struct cv_lane_bucket {
    uint8_t share[CV_STATE_COUNT]; /* 1/255ths of the bucket; >0 if the state was there at all */
    uint16_t puts;                 /* saturating */
    uint16_t gets;
} cv_lane_bucket;

typedef struct cv_lane_summary {
    cv_lod_pyramid lod;  /* buckets of cv_lane_bucket */
    size_t taken;        /* events summarised */
    size_t built_events; /* events when last built from scratch */
    int64_t latest_ns;   /* time of the latest event summarised */
    int current;         /* state since `since_ns`, -1 before the first state event */
    int64_t since_ns;
    /* Exact time per state in the finest bucket containing since_ns, which
     * later events may still add to; it is quantised into the bucket each time. */
    size_t open_bucket;
    int64_t open_ns[CV_STATE_COUNT];
} cv_lane_summary;

void cv_lane_summary_init(cv_lane_summary *summary);
void cv_lane_summary_free(cv_lane_summary *summary);

/* Take in events[summary->taken .. count); false (summary unusable) if out of memory. */
bool cv_lane_summary_update(cv_lane_summary *summary, const cv_event *events, size_t count);

/* The level to answer columns width_ns wide, or -1 if the summary cannot. */
int cv_lane_summary_level(const cv_lane_summary *summary, int64_t width_ns);

/* Columns over [t0, t1) from summary level `level`; end_ns closes the open state. */
void cv_lane_summary_columns(const cv_lane_summary *summary, int level, int64_t end_ns, int64_t t0,
                             int64_t t1, uint32_t n, cv_column *out);

size_t cv_lane_summary_bytes(const cv_lane_summary *summary);

#endif
