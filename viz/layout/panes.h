/*
 * panes.h — several runs stacked in one picture, on one time axis.
 *
 * A comparison (`conveyor compare`, `conveyor view A B`) draws one pane per
 * run, top to bottom. For the contrast to be honest a one-second bar must be
 * as long in every pane and t = 0 must sit at the same column, so every pane
 * gets the same lane label column (the widest pane's) and therefore the same
 * plot left edge and width, and all share one cv_time_axis. This is pure
 * computation, used by the window and by the PNG and SVG writers alike.
 */
#ifndef CONVEYOR_VIZ_LAYOUT_PANES_H
#define CONVEYOR_VIZ_LAYOUT_PANES_H

#include <stdint.h>

#include "conveyor/engine.h"
#include "layout/layout.h"
#include "layout/time_axis.h"

#define CV_PANES_MAX 4

/* One run of a comparison, as the picture writers take it. */
typedef struct cv_pane_source {
    const cv_trace *trace;
    const cv_run_result *result; /* NULL when unknown (a replayed trace) */
    const char *title;           /* the variant: "run.backend=processes" */
    const char *subtitle;        /* the one-line result: elapsed, items/s, speed-up */
} cv_pane_source;

/* The text and lane scale of a pane pane_h pixels tall, when the user gave
 * none: readable in a 600-pixel pane, never smaller than 0.8 nor over 1.25. */
float cv_panes_scale(int pane_h);

/* Split bounds into count (1..CV_PANES_MAX) panes stacked top to bottom with
 * gap_px between them: equal heights, the rounding remainder to the last.
 * Every pane lies inside bounds and no two overlap. */
void cv_panes_split(cv_rect bounds, int count, int gap_px, cv_rect out[]);

/* Lay out count panes from their inputs (each with its own bounds, trace and
 * caption): the label column is the widest pane's in all of them, so panes
 * of the same width get the same plot left edge and width. */
void cv_panes_layout(cv_layout out[], const cv_layout_input in[], int count);

/* The one time axis of stacked panes: t0_ns at the plot's left edge, and
 * t1_ns (the longest run's end, or a zoomed view's) at the right edge of
 * the narrowest plot. */
cv_time_axis cv_panes_time_axis(const cv_layout layouts[], int count, int64_t t0_ns, int64_t t1_ns);

#endif
