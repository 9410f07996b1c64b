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

bool cv_sleep_until_sliced(int64_t deadline_ns, bool (*give_up)(void *), void *arg)
{
    for (;;) {
        int64_t now = cv_mono_ns();
        if (now >= deadline_ns)
            return true;
        int64_t step = deadline_ns - now < CV_WAIT_SLICE_NS ? deadline_ns - now : CV_WAIT_SLICE_NS;
        cv_sleep_until_mono(now + step);
        if (give_up(arg))
            return false;
    }
}
