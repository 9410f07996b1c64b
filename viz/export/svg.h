/*
 * svg.h — the run as an SVG picture, for slides and lab reports.
 *
 * The same picture as the PNG — laid out by the same layout (layout/layout.h)
 * with the same words — as vector graphics that stay sharp
 * when projected or printed. Lanes are drawn from the timeline model one
 * pixel column at a time, adjacent columns in the same state merged into one
 * shape, so the file's size follows the picture's width, not the number of
 * events (a 1M-event run stays well under 5 MB).
 */
#ifndef CONVEYOR_VIZ_SVG_H
#define CONVEYOR_VIZ_SVG_H

#include <stdint.h>
#include <stdio.h>

#include "conveyor/run_result.h"
#include "conveyor/status.h"
#include "conveyor/trace.h"
#include "layout/panes.h"
#include "layout/sweep_plot.h"
#include "render/theme.h"

/* Zero-initialised options are the defaults. */
typedef struct cv_svg_options {
    int width;              /* user units (pixels); 0 = 1600 */
    int height;             /* 0 = 900 */
    cv_theme_id theme;      /* CV_THEME_LIGHT (the zero value) suits print */
    int64_t range_start_ns; /* the time window drawn; both 0 = the whole run */
    int64_t range_end_ns;
    const char *title;           /* NULL or "" = the scenario's name */
    const cv_run_result *result; /* NULL = unknown: no explanation, counts from the trace */
    float scale;                 /* text and lane size; 0 = from the height, as the PNG's */
    bool arrows; /* an arrow from put to get for every item in view (thinned), as the PNG's */
} cv_svg_options;

/* Write trace as an SVG picture to path. Errors: CV_ERR_USAGE for a size out of
 * range or a time range that ends before it starts, CV_ERR_INPUT when the fonts cannot be opened
 * (they are measured to lay the picture out), CV_ERR_NOMEM, CV_ERR_IO (path unwritable). */
cv_status cv_svg_write(const char *path, const cv_trace *trace, const cv_svg_options *options,
                       cv_error *err);

/*
 * Write count (1..CV_PANES_MAX) runs stacked top to bottom, on one time axis
 * as cv_png_write_panes draws them; options->title and ->result are ignored
 * (each pane has its own). The default height is 600 per pane. Errors as
 * cv_svg_write.
 */
cv_status cv_svg_write_panes(const char *path, const cv_pane_source *panes, int count,
                             const cv_svg_options *options, cv_error *err);

/*
 * Write a sweep's plot as SVG, the picture cv_png_write_sweep draws (same
 * layout, fonts measured the same way, same colours): plot gives the sweep
 * and its words; options give size, theme and scale (range, title and result
 * are ignored). Errors as cv_svg_write.
 */
cv_status cv_svg_write_sweep(const char *path, const cv_sweep_plot_input *plot,
                             const cv_svg_options *options, cv_error *err);

/* Whether options can be drawn (size 320x200 to 16384x16384, as the PNG;
 * range): CV_ERR_USAGE saying what is wrong, so the command line can refuse
 * them before a run. */
cv_status cv_svg_check_options(const cv_svg_options *options, cv_error *err);

#endif
