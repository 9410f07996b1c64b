/*
 * types.c — the printed names of states, backends, roles and sync modes.
 * These strings are part of the file formats (reports, traces, scenarios),
 * so they live in one place.
 */
#include "conveyor/types.h"

#include <string.h>

static const char *const state_names[CV_STATE_COUNT] = {
    [CV_STATE_SPAWN] = "spawn",         [CV_STATE_WORK] = "work",
    [CV_STATE_READY] = "ready",         [CV_STATE_IO] = "io",
    [CV_STATE_WAIT_SLOT] = "wait-slot", [CV_STATE_WAIT_ITEM] = "wait-item",
    [CV_STATE_WAIT_LOCK] = "wait-lock", [CV_STATE_WAIT_GIL] = "wait-gil",
    [CV_STATE_DONE] = "done",
};

const char *const cv_backend_names[CV_BACKEND_COUNT] = {
    [CV_BACKEND_THREADS] = "threads",
    [CV_BACKEND_PROCESSES] = "processes",
};

const char *const cv_sync_names[CV_SYNC_COUNT] = {
    [CV_SYNC_SEMAPHORES] = "semaphores",   [CV_SYNC_NO_MUTEX] = "no-mutex",
    [CV_SYNC_MUTEX_FIRST] = "mutex-first", [CV_SYNC_CONDVAR] = "condvar",
    [CV_SYNC_ONE_CONDVAR] = "one-condvar", [CV_SYNC_CONDVAR_IF] = "condvar-if",
};

const char *cv_state_name(cv_state state)
{
    if ((unsigned)state >= CV_STATE_COUNT)
        return "unknown";
    return state_names[state];
}

bool cv_state_from_name(const char *name, cv_state *out)
{
    for (int i = 0; i < CV_STATE_COUNT; i++) {
        if (strcmp(name, state_names[i]) == 0) {
            *out = (cv_state)i;
            return true;
        }
    }
    return false;
}

const char *cv_backend_name(cv_backend backend)
{
    if ((unsigned)backend >= CV_BACKEND_COUNT)
        return "unknown";
    return cv_backend_names[backend];
}

const char *cv_role_name(cv_role role)
{
    return role == CV_ROLE_CONSUMER ? "consumer" : "producer";
}

const char *cv_sync_name(cv_sync sync)
{
    if ((unsigned)sync >= CV_SYNC_COUNT)
        return "unknown";
    return cv_sync_names[sync];
}

static const char *const step_op_names[CV_STEP_COUNT] = {
    [CV_STEP_NONE] = "none",
    [CV_STEP_CLAIM] = "claim",
    [CV_STEP_WAIT_EMPTY] = "wait empty",
    [CV_STEP_WAIT_FULL] = "wait full",
    [CV_STEP_LOCK] = "lock",
    [CV_STEP_READ_IN] = "read in",
    [CV_STEP_PUT] = "put",
    [CV_STEP_READ_OUT] = "read out",
    [CV_STEP_GET] = "get",
    [CV_STEP_UNLOCK] = "unlock",
    [CV_STEP_POST_FULL] = "post full",
    [CV_STEP_POST_EMPTY] = "post empty",
    [CV_STEP_WAIT_NOT_FULL] = "wait not full",
    [CV_STEP_WAIT_NOT_EMPTY] = "wait not empty",
    [CV_STEP_RELOCK] = "relock",
    [CV_STEP_SIGNAL_NOT_FULL] = "signal not full",
    [CV_STEP_SIGNAL_NOT_EMPTY] = "signal not empty",
    [CV_STEP_CLOSE] = "close",
};

const char *cv_step_op_name(cv_step_op op)
{
    if ((unsigned)op >= CV_STEP_COUNT)
        return "unknown";
    return step_op_names[op];
}

bool cv_step_op_from_name(const char *name, cv_step_op *out)
{
    for (int op = CV_STEP_NONE + 1; op < CV_STEP_COUNT; op++) {
        if (strcmp(name, step_op_names[op]) == 0) {
            *out = (cv_step_op)op;
            return true;
        }
    }
    return false;
}
