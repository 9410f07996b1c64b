/*
 * tsc.c — measuring the time-stamp counter against CLOCK_MONOTONIC (see
 * tsc.h). Each sample brackets one counter read between two clock reads and
 * keeps the tightest bracket of several, so one sample is good to tens of
 * nanoseconds; two samples 50 ms apart give the scale to better than one
 * part in a million (under a millisecond of drift over a 20-minute run).
 * The counter is used only if it is invariant and cheaper than the clock.
 */
#include "tsc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SPAN_NS 50000000
#define TRIES 16

static cv_tsc_map calibrated;
static pthread_once_t once = PTHREAD_ONCE_INIT;

#if CV_HAVE_TSC
static bool cpu_has_invariant_tsc(void)
{
    FILE *cpuinfo = fopen("/proc/cpuinfo", "r");
    if (!cpuinfo)
        return false;
    char line[4096];
    bool constant = false, nonstop = false;
    while (fgets(line, sizeof line, cpuinfo)) {
        if (strncmp(line, "flags", 5) != 0)
            continue;
        constant = strstr(line, " constant_tsc") != NULL;
        nonstop = strstr(line, " nonstop_tsc") != NULL;
        break;
    }
    fclose(cpuinfo);
    return constant && nonstop;
}

/* One (counter, clock) pair with the smallest bracket of TRIES. */
static void sample(uint64_t *tsc, int64_t *mono)
{
    int64_t best = INT64_MAX;
    for (int i = 0; i < TRIES; i++) {
        int64_t before = cv_mono_ns();
        uint64_t ticks = __rdtsc();
        int64_t after = cv_mono_ns();
        if (after - before < best) {
            best = after - before;
            *tsc = ticks;
            *mono = before + (after - before) / 2;
        }
    }
}

/* Average cost of n reads of each clock, to keep the cheaper one. */
static bool counter_is_cheaper(void)
{
    enum { N = 20000 };
    uint64_t sink = 0;
    int64_t start = cv_mono_ns();
    for (int i = 0; i < N; i++)
        sink += __rdtsc();
    int64_t counter = cv_mono_ns() - start;
    start = cv_mono_ns();
    for (int i = 0; i < N; i++)
        sink += (uint64_t)cv_mono_ns();
    int64_t clock = cv_mono_ns() - start;
    return counter < clock && sink != 0;
}

static void calibrate(void)
{
    const char *choice = getenv("CONVEYOR_CLOCK");
    if ((choice && strcmp(choice, "monotonic") == 0) || !cpu_has_invariant_tsc() ||
        !counter_is_cheaper())
        return;
    uint64_t tsc0 = 0, tsc1 = 0;
    int64_t mono0 = 0, mono1 = 0;
    sample(&tsc0, &mono0);
    cv_sleep_ns(SPAN_NS);
    sample(&tsc1, &mono1);
    if (tsc1 <= tsc0 || mono1 <= mono0)
        return;
    calibrated.ns_per_tick = (double)(mono1 - mono0) / (double)(tsc1 - tsc0);
    calibrated.tsc_base = tsc1;
    calibrated.mono_base = mono1;
    /* Sanity: a counter between 100 MHz and 10 GHz. */
    calibrated.enabled = calibrated.ns_per_tick > 0.1 && calibrated.ns_per_tick < 10.0;
}
#else
static void calibrate(void) {}
#endif

cv_tsc_map cv_tsc_calibrate(void)
{
    pthread_once(&once, calibrate);
    return calibrated;
}
