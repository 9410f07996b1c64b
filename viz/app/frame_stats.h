/*
 * frame_stats.h — frame times of the window, for --verbose and the bench.
 *
 * The window promises a smooth picture whatever the trace size, so it keeps
 * every frame's duration and reports the count, the median and the 99th
 * percentile at exit; the median says "usually", p99 says "the stutters".
 */
#ifndef CONVEYOR_VIZ_FRAME_STATS_H
#define CONVEYOR_VIZ_FRAME_STATS_H

#include <stddef.h>

typedef struct cv_frame_stats {
    double *ms;
    size_t count;
    size_t capacity;
} cv_frame_stats;

/* Record one frame's duration in milliseconds (dropped if memory runs out). */
void cv_frame_stats_add(cv_frame_stats *stats, double ms);
/* The q-quantile (0.5 = median, 0.99 = p99) of the recorded frames; 0 if none. */
double cv_frame_stats_quantile(const cv_frame_stats *stats, double q);
void cv_frame_stats_free(cv_frame_stats *stats);

#endif
