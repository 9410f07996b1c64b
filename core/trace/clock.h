/*
 * clock.h — CLOCK_MONOTONIC nanoseconds, and sleeping on it: to a deadline,
 * or in slices so that a sleeper notices a request to give up.
 */
#ifndef CONVEYOR_CLOCK_H
#define CONVEYOR_CLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* How long one timed wait or sleep lasts before the sleeper looks at the
 * stop flag again: a stop request is answered within this. */
#define CV_WAIT_SLICE_NS 20000000

static inline int64_t cv_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static inline struct timespec cv_timespec_from_ns(int64_t ns)
{
    struct timespec ts = {(time_t)(ns / 1000000000), (long)(ns % 1000000000)};
    return ts;
}

/* Sleep until an absolute CLOCK_MONOTONIC time; EINTR is retried. */
void cv_sleep_until_mono(int64_t deadline_ns);

/* Sleep for a short while (used by pause holds and poll loops). */
void cv_sleep_ns(int64_t ns);

/* Sleep until deadline_ns in slices of at most CV_WAIT_SLICE_NS, asking
 * give_up(arg) after each; returns false as soon as it says yes, true at the
 * deadline. */
bool cv_sleep_until_sliced(int64_t deadline_ns, bool (*give_up)(void *), void *arg);

#endif
