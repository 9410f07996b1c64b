/*
 * png.h — the run as a PNG picture, made without a display.
 *
 * The renderer that draws the window draws into an offscreen software
 * surface, which SDL2_image writes as PNG: header, legend, lanes, buffer fill
 * strip and time axis, the same picture a teacher saw live. It needs no X
 * server, so --headless runs and CI can make pictures for slides and reports.
 */
#ifndef CONVEYOR_VIZ_PNG_H
#define CONVEYOR_VIZ_PNG_H

#include <stdint.h>

#include "conveyor/run_result.h"
#include "conveyor/status.h"
#include "conveyor/trace.h"
#include "layout/panes.h"
#include "layout/sweep_plot.h"
#include "render/theme.h"

/* Zero-initialised options are the defaults. */
typedef struct cv_png_options {
    int width;              /* pixels; 0 = 1600 */
    int height;             /* pixels; 0 = 900 */
    cv_theme_id theme;      /* CV_THEME_LIGHT (the zero value) suits print */
    float scale;            /* text and lane size; 0 = from the height (900 px -> 1.125) */
    int64_t range_start_ns; /* the time window drawn; both 0 = the whole run */
    int64_t range_end_ns;
    bool arrows; /* an arrow from put to get for every item in view (thinned) */
} cv_png_options;

/* Draw trace (and result, if not NULL, for the outcome banner) into path. */
cv_status cv_png_write(const char *path, const cv_trace *trace, const cv_run_result *result,
                       const cv_png_options *options, cv_error *err);

/*
 * Draw count (1..CV_PANES_MAX) runs stacked top to bottom into path, on one
 * time axis (layout/panes.h): the same seconds per pixel in every pane, t = 0
 * at the same column. Each pane has its title (the variant) and subtitle (its
 * result) instead of the scenario's name and description. The default height
 * is 600 pixels per pane. Errors as cv_png_write.
 */
cv_status cv_png_write_panes(const char *path, const cv_pane_source *panes, int count,
                             const cv_png_options *options, cv_error *err);

/*
 * Draw a sweep's plot (layout/sweep_plot.h) into path: elapsed time and
 * speed-up against the varied value, one line per variant, the ideal line
 * and the core-count mark. plot gives the sweep and its words; its bounds,
 * scale, spacing and text are the writer's (from options: size, theme, scale;
 * the range is ignored). Default 1600x900. Errors as cv_png_write.
 */
cv_status cv_png_write_sweep(const char *path, const cv_sweep_plot_input *plot,
                             const cv_png_options *options, cv_error *err);

/* Whether options can be drawn (size, range): CV_ERR_USAGE saying what is
 * wrong, so the command line can refuse them before a run. */
cv_status cv_png_check_options(const cv_png_options *options, cv_error *err);

#endif
