/*
 * work.h — the work model: running a worker's steps.
 *
 * `cpu D` is an amount of computation: D times the calibrated iterations per
 * nanosecond of a loop that no compiler can shorten. On a shared core it
 * takes longer, which is the point. `io D` is a real sleep. Durations drawn
 * from a distribution use the worker's own random stream, seeded from the
 * scenario's seed and the worker's index, so runs are reproducible.
 */
#ifndef CONVEYOR_WORK_H
#define CONVEYOR_WORK_H

#include <stdbool.h>
#include <stdint.h>

#include "conveyor/scenario.h"
#include "worker.h"

/* The computation itself: `iterations` rounds of xorshift. */
uint64_t cv_burn(uint64_t iterations, uint64_t seed);

/* A duration for one step, drawn with the worker's random stream. */
int64_t cv_draw_duration(const cv_duration_spec *spec, uint64_t *rng);

/* Seed a worker's random stream (splitmix64 of seed and index). */
uint64_t cv_rng_seed(uint64_t seed, uint32_t index);

/* Run every step of the worker's group once; false if the run was stopped. */
bool cv_run_steps(cv_worker *worker);

#endif
