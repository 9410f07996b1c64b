/*
 * step.h — step mode's vocabulary (the calls are in engine.h): the student
 * is the scheduler. Every worker stops
 * before each synchronisation operation (a semaphore wait or post, the lock,
 * a condition wait or signal, put, get, taking an item id) and goes on only
 * when told to take that one step; a schedule replays the steps taken.
 *
 * Types only, shared by the engine and the schedule language (a header of
 * the base layer). Turned on with cv_engine_options.step. The engine lets one worker move at
 * a time and waits until it reaches its next gate, so a run's interleaving,
 * and with it its outcome and ledger, is decided by the steps alone. When
 * nobody can advance, cv_engine_poll ends the run as a deadlock at once.
 */
#ifndef CONVEYOR_STEP_H
#define CONVEYOR_STEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conveyor/types.h"

/* A step: worker (lane index) does op. CV_STEP_RUN_FREELY as worker: step
 * mode ends, everyone runs freely. line: where a schedule said so (0: not
 * from a schedule). */
#define CV_STEP_RUN_FREELY UINT32_MAX
typedef struct cv_step_record {
    uint32_t worker;
    cv_step_op op;
    uint32_t line;
} cv_step_record;

/* One worker, as step mode sees it. */
#define CV_STEP_WHY_MAX 96
typedef struct cv_step_choice {
    cv_step_op op;             /* what it would do next; CV_STEP_NONE if not at a gate */
    bool can_advance;          /* it may take that step now */
    bool finished;             /* it has ended */
    bool gil_bound;            /* the GIL alone holds it back */
    char why[CV_STEP_WHY_MAX]; /* why it cannot advance: "full = 0", "GIL held by P0" */
} cv_step_choice;

typedef enum cv_step_phase {
    CV_STEP_OFF,    /* not in step mode (never, or it was ended) */
    CV_STEP_MOVING, /* a step is under way, or workers are still starting */
    CV_STEP_WAITING /* every worker is at a gate or ended: choose */
} cv_step_phase;

#endif
