/*
 * rng.h — each worker's own random stream, for durations drawn from a
 * distribution. Seeded from the scenario's seed and the worker's index, so
 * a run draws the same durations every time, whichever backend runs it.
 */
#ifndef CONVEYOR_RNG_H
#define CONVEYOR_RNG_H

#include <stdint.h>

#include "conveyor/scenario.h"

/* Seed a worker's random stream (splitmix64 of seed and index). */
uint64_t cv_rng_seed(uint64_t seed, uint32_t index);

/* A duration for one step, drawn with the worker's random stream, in
 * [0, CV_MAX_DURATION_NS]. */
int64_t cv_draw_duration(const cv_duration_spec *spec, uint64_t *rng);

#endif
