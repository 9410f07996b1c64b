/*
 * lane_view.h — one lane as the model last saw it.
 *
 * The model answers from a snapshot taken at the last cv_timeline_update: the
 * events counted then and the trace's end time then. The event pointer is
 * fetched from the trace on every query because the live trace's arrays move
 * when they grow; only counts and indices are kept between frames.
 */
#ifndef CONVEYOR_VIZ_LANE_VIEW_H
#define CONVEYOR_VIZ_LANE_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "conveyor/trace.h"

typedef struct cv_lane_view {
    const cv_event *events;
    size_t count;   /* events taken in by the last update */
    int64_t end_ns; /* the trace's end time at the last update */
} cv_lane_view;

#endif
