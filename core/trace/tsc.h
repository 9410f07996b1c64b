/*
 * tsc.h — reading the run's clock cheaply on the workers' hot path.
 *
 * clock_gettime(CLOCK_MONOTONIC) costs ~35 ns in a VM, and a put or get is
 * recorded on every item: that read is most of tracing's cost. Where the CPU
 * has an invariant time-stamp counter (constant_tsc and nonstop_tsc), the
 * counter is read instead (~10 ns) and mapped onto CLOCK_MONOTONIC with a
 * scale measured once per process, so times stay CLOCK_MONOTONIC
 * nanoseconds. Elsewhere, or with CONVEYOR_CLOCK=monotonic, the mapping is
 * off and workers call clock_gettime as before.
 */
#ifndef CONVEYOR_TSC_H
#define CONVEYOR_TSC_H

#include <stdbool.h>
#include <stdint.h>

#include "clock.h"

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define CV_HAVE_TSC 1
#else
#define CV_HAVE_TSC 0
#endif

/* mono_ns = mono_base + (tsc - tsc_base) * ns_per_tick. Plain data: it is
 * copied into the shared region. */
typedef struct cv_tsc_map {
    bool enabled;
    uint64_t tsc_base;
    int64_t mono_base;
    double ns_per_tick;
} cv_tsc_map;

/* Measured on first use (about 50 ms) and reused. */
cv_tsc_map cv_tsc_calibrate(void);

static inline int64_t cv_tsc_mono_ns(const cv_tsc_map *map)
{
#if CV_HAVE_TSC
    if (map->enabled) {
        int64_t ticks = (int64_t)(__rdtsc() - map->tsc_base);
        return map->mono_base + (int64_t)((double)ticks * map->ns_per_tick);
    }
#endif
    (void)map;
    return cv_mono_ns();
}

#endif
