/*
 * clock.c — sleeping on CLOCK_MONOTONIC. Absolute deadlines keep a sleep
 * from stretching when a signal interrupts it.
 */
#include "clock.h"

#include <errno.h>

void cv_sleep_until_mono(int64_t deadline_ns)
{
    struct timespec ts = cv_timespec_from_ns(deadline_ns);
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
}

void cv_sleep_ns(int64_t ns)
{
    if (ns > 0)
        cv_sleep_until_mono(cv_mono_ns() + ns);
}
