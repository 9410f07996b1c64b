/*
 * tracer_lane.h — what the recording calls and the blocking wrappers share
 * about a lane: whether it still records, and which states are valid.
 */
#ifndef CONVEYOR_TRACER_LANE_H
#define CONVEYOR_TRACER_LANE_H

#include <stdbool.h>

#include "tracer_shared.h"

/*
 * A lane that may still record: not NULL, not done, and called from the
 * thread that registered it. A lane's ring has one writer; a second thread
 * recording on it would tear events, and its `ready` would be measured on
 * the wrong thread. Such a call records nothing and is counted, and
 * cv_tracer_close names the lane (a student's program seldom checks each
 * call's status, and always checks close's). pthread_self() is a register
 * read; a child process using a lane its parent registered shows the same
 * pthread_t and is not caught (getpid() would cost a system call a call).
 */
static inline bool cv_tracer_lane_recording(cv_tracer_lane *lane)
{
    if (!lane || lane->probe.state == CV_STATE_DONE)
        return false;
    if (__builtin_expect(!pthread_equal(lane->owner, pthread_self()), 0)) {
        atomic_fetch_add_explicit(&lane->foreign_calls, 1, memory_order_relaxed);
        return false;
    }
    return true;
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
