/*
 * schedule.h — schedule files: the steps of a step-mode run, one a line, so
 * that `conveyor run --schedule FILE` replays the same interleaving.
 *
 *     # comments start with # (or ;), anywhere on a line
 *     set run.items=8        # scenario overrides, before the first step
 *     C0 lock                # LANE OPERATION: the lane's name, then the step
 *     P0: claim              # (a colon after the lane is allowed)
 *     run                    # optional, last: everyone runs freely from here
 *
 * Operations are cv_step_op_name's words (types.h). Lane names are checked
 * against the scenario's lanes (cv_scenario_lane_names) before the run, by
 * cv_schedule_resolve.
 */
#ifndef CONVEYOR_SCHEDULE_H
#define CONVEYOR_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#include "conveyor/status.h"
#include "conveyor/step.h"
#include "conveyor/types.h"

#define CV_SCHEDULE_LINE_MAX 256

typedef struct cv_schedule_step {
    char lane[CV_LANE_NAME_MAX]; /* "" for `run` */
    cv_step_op op;               /* CV_STEP_NONE for `run` */
    uint32_t line;
} cv_schedule_step;

typedef struct cv_schedule {
    char path[CV_ERROR_FILE_MAX];
    cv_schedule_step *steps;
    size_t count;
    char (*sets)[CV_SCHEDULE_LINE_MAX]; /* "run.items=8", in order */
    uint32_t *set_lines;                /* the line of each `set`, for its errors */
    size_t set_count;
} cv_schedule;

/* How cv_schedule_load_file names standard input ("-") in its errors. */
#define CV_SCHEDULE_STDIN_NAME "(standard input)"

/* Read a schedule file ("-": standard input, named CV_SCHEDULE_STDIN_NAME
 * in errors and in the schedule's path). CV_ERR_USAGE with err's file and line for the first
 * line that is not a comment, a `set`, a step or a final `run` ("unknown
 * step 'wiat full' (one of: …)", "`set` after the first step", "a step after
 * `run`", "line longer than 255 characters"); CV_ERR_SYSTEM if the file
 * cannot be read; CV_ERR_NOMEM. Free with cv_schedule_free. */
cv_status cv_schedule_load_file(const char *path, cv_schedule *out, cv_error *err);

/* The same from text in memory (path only names it in errors). */
cv_status cv_schedule_parse(const char *text, size_t size, const char *path, cv_schedule *out,
                            cv_error *err);

void cv_schedule_free(cv_schedule *schedule);

/* The schedule's steps as the engine takes them (out: schedule->count
 * entries), lane names looked up in lane_names (the run's lanes in
 * order, as the engine names them). CV_ERR_USAGE naming file and
 * line for a lane the run does not have ("no lane 'P7' (this run has P0,
 * P1, C0)"). */
cv_status cv_schedule_resolve(const cv_schedule *schedule, const char *const *lane_names,
                              uint32_t lane_count, cv_step_record *out, cv_error *err);

/* Whether a worker under sync ever stops at op (docs/scenarios.md's table:
 * `wait empty` only with semaphores, `lock` never in no-mutex, ...). */
bool cv_step_op_in_sync(cv_step_op op, cv_sync sync);

/* Every step of the schedule one that sync can take, checked before the
 * run (a step valid for the mode that cannot be taken when its turn comes
 * is the run's failure instead). CV_ERR_USAGE naming file and line of the
 * first that is not ("`wait full` is never a step under sync = one-condvar:
 * it has no semaphores, ..."); CV_OK otherwise. */
cv_status cv_schedule_check_sync(const cv_schedule *schedule, cv_sync sync, cv_error *err);

#endif
