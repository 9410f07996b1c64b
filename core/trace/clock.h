/*
 * clock.h — the run's clock: CLOCK_MONOTONIC nanoseconds since the run
 * started, with paused time taken out so a paused run shows no gap.
 */
#ifndef CONVEYOR_CLOCK_H
#define CONVEYOR_CLOCK_H

#include <stdint.h>
#include <time.h>

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

#endif
