/*
 * calibrate.c — how much computation `cpu 1us` is on this machine.
 *
 * The work loop is timed on the calling thread's CPU-time clock, not the
 * wall clock, so a busy machine makes the measurement slower to take but not
 * wrong. Several trials, best one kept: interference only ever makes a trial
 * slower. Measured once per process and reused.
 */
#include <pthread.h>
#include <time.h>

#include "conveyor/engine.h"
#include "work.h"

#define TRIAL_NS 10000000
#define TRIALS 5

static double iterations_per_us;
static pthread_once_t calibrated = PTHREAD_ONCE_INIT;

static int64_t thread_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void calibrate(void)
{
    /* Find a count that takes about TRIAL_NS, then time it TRIALS times. */
    uint64_t iterations = 100000;
    uint64_t sink = 1;
    for (;;) {
        int64_t start = thread_cpu_ns();
        sink = cv_burn(iterations, sink);
        int64_t spent = thread_cpu_ns() - start;
        if (spent >= TRIAL_NS / 4) {
            iterations = (uint64_t)((double)iterations * TRIAL_NS / (double)spent);
            break;
        }
        iterations *= 4;
    }
    double best = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
        int64_t start = thread_cpu_ns();
        sink = cv_burn(iterations, sink);
        int64_t spent = thread_cpu_ns() - start;
        double rate = (double)iterations * 1000.0 / (double)(spent > 0 ? spent : 1);
        if (rate > best)
            best = rate;
    }
    iterations_per_us = best + (double)(sink & 1) * 1e-9;
}

double cv_calibrate_cpu(void)
{
    pthread_once(&calibrated, calibrate);
    return iterations_per_us;
}
