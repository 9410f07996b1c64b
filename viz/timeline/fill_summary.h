/*
 * fill_summary.h — the buffer's fill level over time, at several resolutions.
 *
 * The fill is one quantity for the whole run, but its samples (the fill after
 * each put or get) arrive in every lane's own events, and lanes are not
 * drained in step. Each bucket therefore keeps the highest fill seen in it and
 * the fill after its latest transfer together with that transfer's time, so
 * samples merge correctly whatever order the lanes deliver them in.
 */
#ifndef CONVEYOR_VIZ_FILL_SUMMARY_H
#define CONVEYOR_VIZ_FILL_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conveyor/trace.h"
#include "timeline/lod_pyramid.h"
#include "timeline/summary_grid.h"

typedef struct cv_fill_bucket {
    uint32_t high;     /* highest fill after a transfer in the bucket */
    uint32_t last;     /* fill after the bucket's latest transfer */
    int64_t last_time; /* INT64_MIN: no transfer in the bucket */
} cv_fill_bucket;

typedef struct cv_fill_summary {
    cv_lod_pyramid lod; /* buckets of cv_fill_bucket */
    uint32_t lane_count;
    size_t *taken;          /* events of each lane looked at */
    size_t transfers;       /* put/get events summarised */
    size_t built_transfers; /* transfers when last built from scratch */
    int64_t latest_ns;      /* time of the latest transfer summarised */
} cv_fill_summary;

bool cv_fill_summary_init(cv_fill_summary *summary, uint32_t lane_count);
void cv_fill_summary_free(cv_fill_summary *summary);

/* Take in each lane's events up to `counts`; false (summary unusable) if out of memory. */
bool cv_fill_summary_update(cv_fill_summary *summary, const cv_trace *trace, const size_t *counts);

/* The level to answer columns width_ns wide, or -1 if the summary cannot. */
int cv_fill_summary_level(const cv_fill_summary *summary, int64_t width_ns);

/* Highest fill level per column over [t0, t1), starting from the level `before` t0. */
void cv_fill_summary_columns(const cv_fill_summary *summary, int level, uint32_t before, int64_t t0,
                             int64_t t1, uint32_t n, uint32_t *out);

size_t cv_fill_summary_bytes(const cv_fill_summary *summary);

#endif
