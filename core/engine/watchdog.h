/*
 * watchdog.h — deadlock detection, in the parent. Progress is the number of
 * puts plus gets; if it has not moved for the deadlock timeout and every
 * worker still alive has been in a wait state that long, nobody can ever
 * wake anybody: that is a deadlock. If instead some worker is stopped
 * (SIGSTOP, or a debugger: /proc says T or t) while progress has stalled for
 * the timeout, the others wait for a worker that cannot run: that verdict
 * names it and the run fails. The watchdog only looks (at the region and
 * /proc) and returns a verdict; the engine stops the run and writes the
 * verdict's explanation into its result.
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

/* What the watchdog found; each kind is one way a run cannot go on. */
typedef enum cv_verdict_kind {
    CV_VERDICT_DEADLOCK, /* every live worker waits for another */
    CV_VERDICT_STOPPED,  /* a worker is stopped; the run fails (outcome failed) */
} cv_verdict_kind;

typedef struct cv_deadlock_verdict {
    cv_verdict_kind kind;
    int32_t lock_holder;    /* the worker holding the buffer lock, or CV_NO_WORKER */
    bool asleep_on_condvar; /* every live worker sleeps on a condition variable */
    /* "C0 holds the buffer lock and waits for an item; P0 and P1 wait for the lock", or
     * "all workers asleep on a condition variable, nobody left to signal: ..." */
    char explanation[1024];
} cv_deadlock_verdict;

/* Look once, at run time now_ns. True (verdict filled) if the run cannot go
 * on: every one of the worker_count workers has started (`started`), there
 * has been no progress for the timeout, and either some live worker is
 * stopped (CV_VERDICT_STOPPED) or every live one has been blocked that long
 * (CV_VERDICT_DEADLOCK). Lanes give the workers' names and OS ids. */
bool cv_watchdog_check(cv_watchdog *watchdog, cv_control *control, uint32_t started, int64_t now_ns,
                       const cv_lane_info *lanes, cv_deadlock_verdict *verdict);

#endif
