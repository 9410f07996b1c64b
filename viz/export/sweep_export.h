/*
 * sweep_export.h — a scaling sweep as files: CSV with every run (point,
 * variant, repeat) and JSON with the same plus the medians and speed-ups.
 */
#ifndef CONVEYOR_VIZ_EXPORT_SWEEP_EXPORT_H
#define CONVEYOR_VIZ_EXPORT_SWEEP_EXPORT_H

#include "compare/sweep.h"
#include "conveyor/status.h"

/* When each run began and ended (seconds since the sweep began) and how. */
typedef struct cv_sweep_run_time {
    double started_s;
    double ended_s;
    const char *outcome; /* "completed", "deadlock", ... */
} cv_sweep_run_time;

/* What the numbers are about. */
typedef struct cv_sweep_labels {
    const char *scenario;
    const char *vary_key;                        /* "consumers.count" */
    const char *values[CV_SWEEP_POINTS_MAX];     /* as given */
    const char *variants[CV_SWEEP_VARIANTS_MAX]; /* "as written", "run.gil=on", ... */
    int cores;                                   /* this machine's online CPUs */
    const cv_sweep_run_time (*times)[CV_SWEEP_VARIANTS_MAX][CV_SWEEP_REPEAT_MAX]; /* [point] */
} cv_sweep_labels;

/* `point,value,variant,repeat,elapsed_s,outcome,started_s,ended_s`, one row per run done.
 * CV_ERR_IO on failure (the file is then not left half-written). */
cv_status cv_sweep_write_csv(const char *path, const cv_sweep *sweep, const cv_sweep_labels *labels,
                             cv_error *err);

/* One JSON object: scenario, vary_key, values, variants, repeat, cores,
 * complete, and "points" (per point and variant: median_elapsed_s, speedup,
 * ideal_speedup, runs with their times). Errors as the CSV's, or CV_ERR_NOMEM. */
cv_status cv_sweep_write_report(const char *path, const cv_sweep *sweep,
                                const cv_sweep_labels *labels, cv_error *err);

#endif
