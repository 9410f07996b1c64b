/*
 * scenario_values.h — private: turning the text of one scenario value into
 * data. Each reader returns true and stores the value, or returns false and
 * writes why into `why` (a phrase that quotes the text and names the
 * allowed range, e.g. "junk 'x' after the number in '4x'; expected a whole
 * number from 1 to 1000000"); the loader adds the key and the place.
 */
#ifndef CONVEYOR_SCENARIO_VALUES_H
#define CONVEYOR_SCENARIO_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conveyor/scenario.h"

/* A whole number in [min, max]. */
bool cv_value_uint(const char *text, uint64_t min, uint64_t max, uint64_t *out, char *why,
                   size_t why_size);

/* A duration (see duration.h) in [min_ns, max_ns]. */
bool cv_value_duration(const char *text, int64_t min_ns, int64_t max_ns, int64_t *out_ns, char *why,
                       size_t why_size);

/* on|off, true|false, yes|no, 1|0. */
bool cv_value_bool(const char *text, bool *out, char *why, size_t why_size);

/* One of names[0..count); *out is its index. Suggests the closest name. */
bool cv_value_choice(const char *text, const char *const *names, size_t count, int *out, char *why,
                     size_t why_size);

/* A fixed duration or uniform(a, b), exp(mean), normal(mean, stddev), each at most 1 h. */
bool cv_value_duration_spec(const char *text, cv_duration_spec *out, char *why, size_t why_size);

/* `none` or comma separated `cpu D` / `io D` steps, at most CV_MAX_STEPS. */
bool cv_value_work(const char *text, cv_step steps[CV_MAX_STEPS], uint32_t *step_count, char *why,
                   size_t why_size);

/* Free text of 1..max_length-1 bytes with no control characters. */
bool cv_value_text(const char *text, size_t max_length, char *out, char *why, size_t why_size);

#endif
