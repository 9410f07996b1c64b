/*
 * sweep.h — the numbers of a scaling sweep (`conveyor sweep`): the elapsed
 * time of every run at every point (a value of the varied key) for every
 * variant, and what is made of them: the median of the repeats, the speed-up
 * and whether each point is complete.
 *
 * Plain data and arithmetic, no running and no printing, so the command, the
 * exports and the tests share one definition. The speed-up of a variant at
 * a point is its own median at the first point over its median there
 * (T(first) / T(N)): how much adding workers helped that variant. The ideal
 * is the value over the first value (for consumers.count, N).
 */
#ifndef CONVEYOR_VIZ_COMPARE_SWEEP_H
#define CONVEYOR_VIZ_COMPARE_SWEEP_H

#include <stdbool.h>

#define CV_SWEEP_POINTS_MAX 16
#define CV_SWEEP_VARIANTS_MAX 4
#define CV_SWEEP_REPEAT_MAX 20

/* One run: how long it took and whether it completed (only those count). */
typedef struct cv_sweep_sample {
    double elapsed_s;
    bool completed;
} cv_sweep_sample;

typedef struct cv_sweep {
    int point_count;
    int variant_count;
    int repeat;
    double values[CV_SWEEP_POINTS_MAX]; /* the varied key's value at each point */
    cv_sweep_sample samples[CV_SWEEP_POINTS_MAX][CV_SWEEP_VARIANTS_MAX][CV_SWEEP_REPEAT_MAX];
    int recorded[CV_SWEEP_POINTS_MAX][CV_SWEEP_VARIANTS_MAX];
    int busy_runs; /* runs during which other programs took the run's cores (machine.busy) */
} cv_sweep;

/* An empty sweep of these dimensions (each within its _MAX, at least 1). */
void cv_sweep_init(cv_sweep *sweep, int point_count, int variant_count, int repeat);

/* Record one run; false when that point and variant already has `repeat`. */
bool cv_sweep_record(cv_sweep *sweep, int point, int variant, cv_sweep_sample sample);

/* The median elapsed time of the completed runs (mean of the middle two for
 * an even count), or 0 when none completed. */
double cv_sweep_median_s(const cv_sweep *sweep, int point, int variant);

/* T(first point) / T(point) for the variant; 0 when either median is 0. */
double cv_sweep_speedup(const cv_sweep *sweep, int point, int variant);

/* The ideal speed-up at a point: its value over the first point's. */
double cv_sweep_ideal(const cv_sweep *sweep, int point);

/* Every variant at this point has all its repeats (completed or not). */
bool cv_sweep_point_complete(const cv_sweep *sweep, int point);

/* Every point complete: false after an interrupted sweep. */
bool cv_sweep_complete(const cv_sweep *sweep);

#endif
