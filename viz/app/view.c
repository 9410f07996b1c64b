/*
 * view.c — time-range arithmetic for the window (see view.h). Spans are
 * clamped so the view can neither collapse to nothing nor wander off to
 * times so large that pixel arithmetic overflows.
 */
#include "app/view.h"

#include <math.h>

/* The right edge sits a little after the live edge so new bars have room. */
#define FOLLOW_MARGIN 0.04

static int64_t max_span(int64_t run_end_ns)
{
    int64_t end = run_end_ns > CV_VIEW_FIT_MIN_NS ? run_end_ns : CV_VIEW_FIT_MIN_NS;
    return end * 10;
}

void cv_view_track(cv_view *view, int64_t end_ns, bool final)
{
    if (view->mode == CV_VIEW_FIT) {
        view->t0_ns = 0;
        view->t1_ns = end_ns + end_ns / 50;
        /* A young live run sits on a 1 s axis instead of zooming wildly as it starts. */
        if (!final && view->t1_ns < CV_VIEW_FIT_MIN_NS)
            view->t1_ns = CV_VIEW_FIT_MIN_NS;
        if (view->t1_ns < CV_VIEW_MIN_SPAN_NS)
            view->t1_ns = CV_VIEW_MIN_SPAN_NS;
    } else if (view->mode == CV_VIEW_FOLLOW) {
        int64_t span = view->t1_ns - view->t0_ns;
        view->t1_ns = end_ns + (int64_t)(span * FOLLOW_MARGIN);
        view->t0_ns = view->t1_ns - span;
    }
}

/* The time FIT shows: the run and 2 % after it. */
static int64_t run_extent(int64_t run_end_ns)
{
    int64_t extent = run_end_ns + run_end_ns / 50;
    return extent > CV_VIEW_MIN_SPAN_NS ? extent : CV_VIEW_MIN_SPAN_NS;
}

/* Slide the view back onto the run: never before 0, never past its extent
 * (a view wider than the run starts at 0). */
static void keep_on_run(cv_view *view, int64_t run_end_ns)
{
    int64_t extent = run_extent(run_end_ns);
    int64_t span = view->t1_ns - view->t0_ns;
    int64_t t0 = view->t0_ns;
    if (t0 + span > extent)
        t0 = extent - span;
    if (t0 < 0)
        t0 = 0;
    view->t0_ns = t0;
    view->t1_ns = t0 + span;
}

void cv_view_zoom(cv_view *view, double factor, int64_t anchor_ns, int64_t run_end_ns)
{
    if (factor <= 0)
        return;
    double span = (double)(view->t1_ns - view->t0_ns) / factor;
    double limit = (double)max_span(run_end_ns);
    if (span < CV_VIEW_MIN_SPAN_NS)
        span = CV_VIEW_MIN_SPAN_NS;
    if (span > limit)
        span = limit;
    double old_span = (double)(view->t1_ns - view->t0_ns);
    double fraction = old_span > 0 ? (double)(anchor_ns - view->t0_ns) / old_span : 0.5;
    view->t0_ns = anchor_ns - (int64_t)llround(fraction * span);
    view->t1_ns = view->t0_ns + (int64_t)llround(span);
    keep_on_run(view, run_end_ns);
    view->mode = CV_VIEW_FREE;
}

void cv_view_pan(cv_view *view, int64_t delta_ns, int64_t run_end_ns)
{
    view->t0_ns += delta_ns;
    view->t1_ns += delta_ns;
    keep_on_run(view, run_end_ns);
    view->mode = CV_VIEW_FREE;
}

cv_view cv_view_opening(int64_t range_start_ns, int64_t range_end_ns, bool live, int64_t run_end_ns)
{
    if (range_end_ns > range_start_ns && range_start_ns >= 0) {
        int64_t end = range_end_ns - range_start_ns < CV_VIEW_MIN_SPAN_NS
                          ? range_start_ns + CV_VIEW_MIN_SPAN_NS
                          : range_end_ns;
        return (cv_view){CV_VIEW_FREE, range_start_ns, end};
    }
    if (live)
        return (cv_view){CV_VIEW_FIT, 0, 0};
    return (cv_view){CV_VIEW_FREE, 0, run_extent(run_end_ns) + 1};
}

int64_t cv_view_time_at(const cv_view *view, double fraction)
{
    return view->t0_ns + (int64_t)llround(fraction * (double)(view->t1_ns - view->t0_ns));
}
