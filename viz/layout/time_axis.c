/*
 * time_axis.c — time to pixel columns and back (see time_axis.h). Columns are
 * floored so a moment always falls in the column that contains it.
 */
#include "layout/time_axis.h"

#include <assert.h>
#include <math.h>

cv_time_axis cv_time_axis_fit(int64_t t0_ns, int64_t t1_ns, int width_px)
{
    int64_t span = t1_ns - t0_ns;
    return (cv_time_axis){t0_ns, width_px > 0 && span > 0 ? (double)span / width_px : 1.0};
}

int cv_time_axis_x(const cv_time_axis *axis, int plot_x, int64_t t_ns)
{
    assert(axis->ns_per_px > 0);
    /* In double, so no time or range overflows, and clamped (NaN to the low
     * end too) so the result and sums of two results fit in an int. */
    double column = floor(((double)t_ns - (double)axis->t0_ns) / axis->ns_per_px);
    if (!(column >= -CV_TIME_AXIS_MAX_COLUMNS))
        column = -CV_TIME_AXIS_MAX_COLUMNS;
    if (column > CV_TIME_AXIS_MAX_COLUMNS)
        column = CV_TIME_AXIS_MAX_COLUMNS;
    return plot_x + (int)column;
}

int64_t cv_time_axis_t(const cv_time_axis *axis, int plot_x, int x)
{
    return axis->t0_ns + (int64_t)((x - plot_x) * axis->ns_per_px);
}

int64_t cv_time_axis_end(const cv_time_axis *axis, int width_px)
{
    return axis->t0_ns + (int64_t)ceil(axis->ns_per_px * width_px);
}
