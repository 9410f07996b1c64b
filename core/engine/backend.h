/*
 * backend.h — starting and ending workers, as threads of this process or as
 * forked processes. The only difference between the two: how a worker is
 * started and reaped (the region was already mapped private or shared).
 *
 * A backend knows the shared region and the scenario, never the engine: it
 * marks the spawn in the region (cv_worker_mark_spawn), starts the worker,
 * and reports how workers ended as data; the engine decides what that
 * means for the run and writes the summaries and the explanation.
 */
#ifndef CONVEYOR_BACKEND_H
#define CONVEYOR_BACKEND_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "conveyor/scenario.h"
#include "conveyor/status.h"
#include "region.h"

/* What every worker is started with. */
typedef struct cv_launch {
    cv_control *control;
    const cv_scenario *scenario;
    double iterations_per_us;
} cv_launch;

/* ---- threads ---- */

/* Mark worker `index`'s spawn and start it as a thread. CV_ERR_SYSTEM or
 * CV_ERR_NOMEM (err filled) if pthread_create refuses. */
cv_status cv_threads_start_worker(const cv_launch *launch, uint32_t index, pthread_t *thread,
                                  cv_error *err);
/* True once the first `started` workers have all left their loops. */
bool cv_threads_all_finished(cv_control *control, uint32_t started);
void cv_threads_join_all(const pthread_t *threads, uint32_t started);

/* ---- processes ---- */

typedef struct cv_procs {
    pid_t *pids;  /* one per worker */
    bool *reaped; /* one per worker */
    uint32_t reaped_count;
} cv_procs;

/* A worker process that ended abnormally, as waitpid told it. */
typedef struct cv_worker_death {
    uint32_t index;
    pid_t pid;
    int wait_status; /* 0 if waitpid itself failed */
    bool unexpected; /* the run was not stopping: the run must end for it */
} cv_worker_death;

/* Mark worker `index`'s spawn and fork it. CV_ERR_SYSTEM (err filled) if
 * fork refuses. */
cv_status cv_procs_start_worker(cv_procs *procs, const cv_launch *launch, uint32_t index,
                                cv_error *err);
/* Reap ended children without blocking. Each that ended abnormally and is
 * worth telling (any, while the run goes on; one killed by a signal other
 * than our SIGKILL, while it stops) is written to deaths (room for every
 * worker); returns how many. */
uint32_t cv_procs_reap(cv_procs *procs, cv_control *control, uint32_t started,
                       cv_worker_death *deaths);
void cv_procs_kill_all(const cv_procs *procs, uint32_t started);
bool cv_procs_all_reaped(const cv_procs *procs, uint32_t started);

#endif
