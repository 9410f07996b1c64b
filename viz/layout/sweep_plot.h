/*
 * sweep_plot.h — where everything of a sweep's plot goes, and what it says.
 *
 * `conveyor sweep --png/--svg` draws two charts side by side against the
 * varied value (for instance the number of consumers): the median elapsed
 * time, and the speed-up over the first value with the ideal line (speed-up
 * = value / first value) beside it. One line per variant, each with its own
 * colour and marker shape, and a dashed vertical mark at this machine's core
 * count, where the lines of a CPU-bound scenario bend. Like layout.c this is
 * pure arithmetic: the PNG (render/draw_sweep.c) and the SVG writer
 * (export/sweep_svg.c) draw the same rectangles, points and words.
 *
 * The x axis is logarithmic (base 2) when every value is positive and the
 * largest is at least 8 times the smallest (1, 2, 4, ... 32), linear
 * otherwise; y starts at 0. Lines join a variant's points in increasing
 * value; a point with no completed run is left out and the line bridges it.
 */
#ifndef CONVEYOR_VIZ_LAYOUT_SWEEP_PLOT_H
#define CONVEYOR_VIZ_LAYOUT_SWEEP_PLOT_H

#include <stdbool.h>

#include "compare/sweep.h"
#include "layout/metrics.h"

#define CV_SWEEP_PLOT_TICKS_MAX 12

/* A tick: its pixel position along its axis and its words. */
typedef struct cv_plot_tick {
    float px;
    char label[24];
    bool labelled; /* false when the label would overlap its neighbour's */
} cv_plot_tick;

/* A point of a line, in pixels. */
typedef struct cv_plot_point {
    float x, y;
} cv_plot_point;

/* One chart: its frame (the area inside the axes), ticks, lines and marks. */
typedef struct cv_sweep_chart {
    char title[64]; /* "median elapsed time", "speed-up over 1" */
    cv_rect title_box;
    cv_rect frame;
    double y_max; /* the value at the frame's top; the bottom is 0 */
    cv_plot_tick x_ticks[CV_SWEEP_POINTS_MAX];
    int x_tick_count;
    cv_plot_tick y_ticks[CV_SWEEP_PLOT_TICKS_MAX];
    int y_tick_count;
    int y_label_right; /* y tick labels end here (right-aligned) */
    int x_label_top;   /* x tick labels start here */
    cv_rect x_title_box;
    /* Each variant's line, its points in increasing value (completed only). */
    cv_plot_point line[CV_SWEEP_VARIANTS_MAX][CV_SWEEP_POINTS_MAX];
    int line_count[CV_SWEEP_VARIANTS_MAX];
    /* The ideal speed-up (speed-up chart only; ideal_count 0 in the other). */
    cv_plot_point ideal[CV_SWEEP_POINTS_MAX];
    int ideal_count;
    bool cores_shown; /* the core count lies within the values' range */
    float cores_x;
    char cores_label[32];    /* "2 cores" */
    cv_rect cores_label_box; /* beside the mark's top */
} cv_sweep_chart;

/* What the legend shows, in order: the variants, then the ideal and the cores. */
typedef enum cv_sweep_legend_kind {
    CV_SWEEP_LEGEND_VARIANT = 0,
    CV_SWEEP_LEGEND_IDEAL,
    CV_SWEEP_LEGEND_CORES
} cv_sweep_legend_kind;

typedef struct cv_sweep_legend_entry {
    cv_sweep_legend_kind kind;
    int variant;    /* for CV_SWEEP_LEGEND_VARIANT */
    cv_rect sample; /* where the short line (and marker) goes */
    cv_rect label_box;
    char label[96];
} cv_sweep_legend_entry;

typedef struct cv_sweep_plot {
    float scale;
    int variant_count; /* lines per chart */
    int line_px;       /* a variant's line width */
    int marker_px;     /* a marker's radius */
    char title[160];
    cv_rect title_box;
    char facts[256]; /* "median of 3 runs per value · 2 cores on this machine · ..." */
    cv_rect facts_box;
    char x_title[128]; /* under each chart: the varied key */
    bool incomplete;   /* an interrupted sweep: the facts say so, in the warning colour */
    cv_sweep_legend_entry legend[CV_SWEEP_VARIANTS_MAX + 2];
    int legend_count;
    cv_sweep_chart elapsed;
    cv_sweep_chart speedup;
    bool x_log; /* the x axis is base-2 logarithmic */
} cv_sweep_plot;

typedef struct cv_sweep_plot_input {
    cv_rect bounds;
    float scale; /* text and line size; 0 = 1 */
    const cv_spacing *spacing;
    const cv_text_measurer *text;
    const cv_sweep *sweep;
    const char *scenario;        /* the scenario's name */
    const char *vary_key;        /* "consumers.count" */
    const char *const *values;   /* each value as given, by point */
    const char *const *variants; /* each variant's label */
    int cores;                   /* this machine's CPUs; 0 = unknown */
} cv_sweep_plot_input;

/* The scale for a plot height pixels tall when the user gave none: 1 at
 * 720, for a projector, within 0.8 and 2. */
float cv_sweep_plot_scale(int height);

/* Lay the plot out; every rectangle and point lies inside in->bounds. */
void cv_sweep_plot_layout(cv_sweep_plot *out, const cv_sweep_plot_input *in);

/* The order in which lines join the points: point indices by increasing
 * value (ties keep their order). Returns the point count. */
int cv_sweep_plot_order(const cv_sweep *sweep, int order[CV_SWEEP_POINTS_MAX]);

/* A marker's outline for variant (0: circle, 1: square, 2: triangle,
 * 3: diamond) centred at (x, y), about as big as a circle of radius r (no
 * vertex further than 1.5 r): up to 16 vertices into xs, ys;
 * returns how many. A circle is drawn as a 16-sided polygon. */
int cv_sweep_marker_outline(int variant, float x, float y, float r, float xs[16], float ys[16]);

#endif
