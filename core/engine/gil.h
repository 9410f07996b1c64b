/*
 * gil.h — an emulated Python GIL: a FIFO lock that a worker holds while it
 * "runs Python", gives up around every blocking wait and I/O sleep, and hands
 * over between slices of CPU work when someone is waiting (CPython's forced
 * switch after switch_interval). With threads every worker shares one; with
 * processes each has its own, so processes run in parallel.
 */
#ifndef CONVEYOR_GIL_H
#define CONVEYOR_GIL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "conveyor/status.h"
#include "worker.h"

/* A FIFO ticket lock, so a forced switch really switches. Lives in the
 * shared region (an array of them, see cv_region_gil). */
typedef struct cv_gil {
    pthread_mutex_t mutex;
    pthread_cond_t changed;
    uint64_t next_ticket;
    uint64_t now_serving;
    _Atomic uint32_t waiting; /* workers queued for it, read without the mutex */
} cv_gil;

/* CV_ERR_SYSTEM or CV_ERR_NOMEM (err filled) if pthread refuses its mutex
 * or condition variable. */
cv_status cv_gil_init(cv_gil *gil, bool process_shared, cv_error *err);
void cv_gil_destroy(cv_gil *gil);

/* Take the worker's GIL, recording wait-gil if it must wait. False on stop. */
bool cv_gil_acquire(cv_worker *worker);
void cv_gil_release(cv_worker *worker);

/* Between slices of CPU work: let a waiting worker run first. False on stop. */
bool cv_gil_yield_if_wanted(cv_worker *worker);

#endif
