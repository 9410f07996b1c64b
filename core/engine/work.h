/*
 * work.h — the work model: running a worker's steps.
 *
 * `cpu D` is an amount of computation: D times the calibrated iterations per
 * nanosecond of a loop that no compiler can shorten. On a shared core it
 * takes longer, which is the point. `io D` is a real sleep. Durations drawn
 * from a distribution use the worker's own random stream (rng.h), so runs
 * are reproducible.
 */
#ifndef CONVEYOR_WORK_H
#define CONVEYOR_WORK_H

#include <stdbool.h>
#include <stdint.h>

#include "worker.h"

/* The computation itself: `iterations` rounds of xorshift. */
uint64_t cv_burn(uint64_t iterations, uint64_t seed);

/* Run every step of the worker's group once; false if the run was stopped. */
bool cv_run_steps(cv_worker *worker);

#endif
