/*
 * time_axis.h — the mapping from time to pixel columns, as a value.
 *
 * A time axis is where it starts and how many nanoseconds one pixel column
 * holds. It is a value and not part of a pane, so panes stacked in one window
 * can share one (the same seconds per pixel, aligned at the same time) while
 * each has its own plot rectangle.
 */
#ifndef CONVEYOR_VIZ_LAYOUT_TIME_AXIS_H
#define CONVEYOR_VIZ_LAYOUT_TIME_AXIS_H

#include <stdint.h>

typedef struct cv_time_axis {
    int64_t t0_ns;    /* the time at the plot's left edge */
    double ns_per_px; /* > 0 */
} cv_time_axis;

/* The axis that shows t0_ns..t1_ns across width_px columns (1 ns per column if empty). */
cv_time_axis cv_time_axis_fit(int64_t t0_ns, int64_t t1_ns, int width_px);

/* How far cv_time_axis_x goes either side of plot_x: far beyond any picture
 * (16384 wide at most), near enough that callers may add and subtract two
 * results as ints. */
#define CV_TIME_AXIS_MAX_COLUMNS (1 << 24)

/* The column x of time t_ns in a plot whose left edge is at plot_x (computed
 * in double and clamped to CV_TIME_AXIS_MAX_COLUMNS either side), and back. */
int cv_time_axis_x(const cv_time_axis *axis, int plot_x, int64_t t_ns);
int64_t cv_time_axis_t(const cv_time_axis *axis, int plot_x, int x);

/* The time at the right edge of a plot width_px wide. */
int64_t cv_time_axis_end(const cv_time_axis *axis, int width_px);

#endif
