/*
 * gil.h — an emulated Python GIL: a FIFO lock that a worker holds while it
 * "runs Python", gives up around every blocking wait and I/O sleep, and hands
 * over between slices of CPU work when someone is waiting (CPython's forced
 * switch after switch_interval). With threads every worker shares one; with
 * processes each has its own, so processes run in parallel.
 */
#ifndef CONVEYOR_GIL_H
#define CONVEYOR_GIL_H

#include <stdbool.h>

#include "conveyor/status.h"
#include "region.h"
#include "worker.h"

cv_status cv_gil_init(cv_gil *gil, bool process_shared, cv_error *err);
void cv_gil_destroy(cv_gil *gil);

/* Take the worker's GIL, recording wait-gil if it must wait. False on stop. */
bool cv_gil_acquire(cv_worker *worker);
void cv_gil_release(cv_worker *worker);

/* Between slices of CPU work: let a waiting worker run first. False on stop. */
bool cv_gil_yield_if_wanted(cv_worker *worker);

#endif
