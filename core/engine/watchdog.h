/*
 * watchdog.h — deadlock detection, in the parent. Progress is the number of
 * puts plus gets; if it has not moved for the deadlock timeout and every
 * worker still alive has been in a wait state that long, nobody can ever
 * wake anybody: that is a deadlock. The watchdog only looks (at the region)
 * and returns a verdict; the engine stops the run and writes the verdict's
 * explanation into its result.
 */
#ifndef CONVEYOR_WATCHDOG_H
#define CONVEYOR_WATCHDOG_H

#include <stdbool.h>
#include <stdint.h>

#include "conveyor/trace.h"
#include "conveyor/types.h"
#include "region.h"

typedef struct cv_watchdog {
    int64_t timeout_ns; /* the scenario's deadlock_timeout */
    uint64_t last_progress;
    int64_t last_progress_ns; /* run clock */
    cv_sync sync;             /* the condvar modes are explained by who sleeps where */
} cv_watchdog;

typedef struct cv_deadlock_verdict {
    int32_t lock_holder;    /* the worker holding the buffer lock, or CV_NO_WORKER */
    bool asleep_on_condvar; /* every live worker sleeps on a condition variable */
    /* "C0 holds the buffer lock and waits for an item; P0 and P1 wait for the lock", or
     * "all workers asleep on a condition variable, nobody left to signal: ..." */
    char explanation[1024];
} cv_deadlock_verdict;

/* Look once, at run time now_ns. True (verdict filled) if the run is
 * deadlocked: every one of the worker_count workers has started (`started`),
 * and every live one has been blocked with no progress for the timeout.
 * Lanes give the workers' names. */
bool cv_watchdog_check(cv_watchdog *watchdog, cv_control *control, uint32_t started, int64_t now_ns,
                       const cv_lane_info *lanes, cv_deadlock_verdict *verdict);

#endif
