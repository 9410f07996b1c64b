/*
 * tracer_collect.h — the opening process's side of a trace: a thread that
 * moves every lane's ring into the collected trace each millisecond and
 * notices lanes whose process died before `done`.
 */
#ifndef CONVEYOR_TRACER_COLLECT_H
#define CONVEYOR_TRACER_COLLECT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "conveyor/status.h"
#include "conveyor/trace.h"
#include "tracer_shared.h"

/* How a lane's process ended, when it ended before `done`. */
typedef struct cv_tracer_lane_end {
    bool died;       /* the lane's process ended before `done` */
    int exit_signal; /* the signal that killed it, or 0 (unknown, or it exited) */
    int exit_code;   /* its exit status if it exited, else 0 */
} cv_tracer_lane_end;

typedef struct cv_tracer_collector {
    cv_trace trace; /* max_lanes lanes; lane i is the tracer's lane i */
    char *path;     /* where cv_tracer_close writes */
    char title[CV_NAME_MAX];
    uint32_t buffer_slots;
    cv_tracer_lane_end *ends; /* max_lanes of them */
    pthread_t thread;
    bool thread_running;
    _Atomic bool stop;
    cv_status status; /* the first failure while collecting (CV_ERR_NOMEM), else CV_OK */
    cv_error error;
} cv_tracer_collector;

/* Make the collector of `tracer` (its rings and lanes laid out) and start
 * its thread. CV_ERR_NOMEM, CV_ERR_SYSTEM (no thread), err filled. */
cv_status cv_tracer_collector_start(struct cv_tracer *tracer, cv_error *err);

/* Stop the thread, then collect what is left and close the lanes of
 * processes that ended. Returns the first collection failure. */
cv_status cv_tracer_collector_finish(struct cv_tracer *tracer, cv_error *err);

/* Free the collector and its trace. */
void cv_tracer_collector_free(struct cv_tracer *tracer);

#endif
