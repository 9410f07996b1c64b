/*
 * exact_scan.h — answers computed straight from the events.
 *
 * When few events fall in view (zoomed in), walking them is both exact and
 * cheap; the level-of-detail summaries take over only when a column would hold
 * many events. Hover (span_at) is always exact.
 */
#ifndef CONVEYOR_VIZ_EXACT_SCAN_H
#define CONVEYOR_VIZ_EXACT_SCAN_H

#include <stdbool.h>
#include <stdint.h>

#include "timeline/lane_view.h"
#include "timeline/timeline.h"

/* Columns of one lane over [t0, t1) (t1 > t0, n > 0) from its events. */
void cv_exact_columns(const cv_lane_view *lane, int64_t t0, int64_t t1, uint32_t n, cv_column *out);

/* The span of a lane containing t, cut at state changes and hand-overs
 * (item_span.h); false before the first state or after the end. */
bool cv_exact_span_at(const cv_lane_view *lane, int64_t t, cv_span *out);

/*
 * The buffer fill just before t: the fill after the latest put/get earlier
 * than t over all lanes (taken[l] events of lane l), or 0 before any.
 */
uint32_t cv_exact_fill_before(const cv_trace *trace, const size_t *taken, int64_t t);

/* Highest fill level per column over [t0, t1), walking every lane's transfers in view. */
void cv_exact_fill(const cv_trace *trace, const size_t *taken, int64_t t0, int64_t t1, uint32_t n,
                   uint32_t *out);

#endif
