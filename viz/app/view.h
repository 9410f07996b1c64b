/*
 * view.h — which stretch of time the window shows, and how keys and the
 * mouse move it.
 *
 * Three modes: FIT shows the whole run from 0 to its end and grows with a
 * live run (what a class sees first); FOLLOW keeps the zoom and slides so the
 * live edge (or replay playhead) stays at the right; FREE is wherever the
 * user zoomed or dragged to. Zooming keeps the time under the cursor still,
 * like every map and every trace viewer.
 */
#ifndef CONVEYOR_VIZ_VIEW_H
#define CONVEYOR_VIZ_VIEW_H

#include <stdbool.h>
#include <stdint.h>

typedef enum cv_view_mode { CV_VIEW_FIT = 0, CV_VIEW_FOLLOW, CV_VIEW_FREE } cv_view_mode;

typedef struct cv_view {
    cv_view_mode mode;
    int64_t t0_ns;
    int64_t t1_ns;
} cv_view;

#define CV_VIEW_MIN_SPAN_NS 1000ll      /* 1 µs across the plot at most zoom */
#define CV_VIEW_FIT_MIN_NS 1000000000ll /* a young live run is shown on a 1 s axis */

/* Place the view for this frame: FIT and FOLLOW track end_ns (live edge or
 * playhead); final says end_ns will not grow any more. */
void cv_view_track(cv_view *view, int64_t end_ns, bool final);

/* Zoom by factor (>1 zooms in) keeping anchor_ns where it is, as far as the
 * view stays on the run (0 to run_end_ns); the view becomes FREE. */
void cv_view_zoom(cv_view *view, double factor, int64_t anchor_ns, int64_t run_end_ns);

/* Slide by delta_ns (positive shows later times), stopping at the run's start
 * and a little after run_end_ns, as FIT shows it; the view becomes FREE. */
void cv_view_pan(cv_view *view, int64_t delta_ns, int64_t run_end_ns);

/* The view a window opens on: --range (FREE) when range_end_ns > range_start_ns,
 * else FIT for a live run, or the whole recording (run_end_ns) for a replay. */
cv_view cv_view_opening(int64_t range_start_ns, int64_t range_end_ns, bool live,
                        int64_t run_end_ns);

/* The time at a fraction (0 = left edge, 1 = right edge) of the view. */
int64_t cv_view_time_at(const cv_view *view, double fraction);

#endif
