/*
 * tracer_lane.h — what the recording calls and the blocking wrappers share
 * about a lane: whether it still records, and which states are valid.
 */
#ifndef CONVEYOR_TRACER_LANE_H
#define CONVEYOR_TRACER_LANE_H

#include <stdbool.h>

#include "tracer_shared.h"

/* A lane that may still record: not NULL and not done. */
static inline bool cv_tracer_lane_recording(const cv_tracer_lane *lane)
{
    return lane && lane->probe.state != CV_STATE_DONE;
}

/* One of cv_tracer_state's values. */
static inline bool cv_tracer_state_valid(cv_tracer_state state)
{
    return (state >= CV_TRACER_WORK && state <= CV_TRACER_WAIT_LOCK) || state == CV_TRACER_DONE;
}

/* A state a blocked call waits in. */
static inline bool cv_tracer_state_is_wait(cv_tracer_state state)
{
    return state == CV_TRACER_WAIT_SLOT || state == CV_TRACER_WAIT_ITEM ||
           state == CV_TRACER_WAIT_LOCK;
}

#endif
