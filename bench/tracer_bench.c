/*
 * tracer_bench.c — what an event costs a program traced with the tracer
 * library (issue 23: about what the engine's does, at most ~30 ns), called
 * as a student's program calls it: through libconveyor-tracer.so's API,
 * while the collector thread drains the ring every millisecond.
 *
 * One lane records batches of BATCH events: state changes (work and io in
 * turn, each a real change) and put/get pairs, timed on the thread's CPU
 * clock around each batch (as engine_bench's event cost is); the median of
 * the batches' per-event costs is the figure. Events back to back, so the probe
 * never pays for the `ready` check of a long stretch (that takes a /proc
 * read, 1-2 us, at most once per 50 us of the program's own code).
 *
 *   build/bench/tracer_bench [BATCHES]        default 401
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "conveyor/tracer.h"
#include "targets.h"

#define BATCH 2000
#define TARGET_NS 30.0

/* This thread's CPU time, as engine_bench's event cost: time the thread
 * spent off its core (the machine is shared) is not the event's cost. */
static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Per-event nanoseconds of one batch: `kind` 0 = state changes, 1 = put/get. */
static double time_batch(cv_tracer_lane *lane, int kind, uint32_t *item)
{
    double start = now_ns();
    if (kind == 0) {
        for (int i = 0; i < BATCH; i += 2) {
            cv_tracer_state_set(lane, CV_TRACER_IO);
            cv_tracer_state_set(lane, CV_TRACER_WORK);
        }
    } else {
        for (int i = 0; i < BATCH; i += 2) {
            cv_tracer_put(lane, *item, 1);
            cv_tracer_get(lane, *item, 0);
            ++*item;
        }
    }
    return (now_ns() - start) / BATCH;
}

int main(int argc, char **argv)
{
    int batches = argc > 1 ? atoi(argv[1]) : 401;
    if (batches < 1 || batches > 10000) {
        fprintf(stderr, "usage: tracer_bench [BATCHES 1-10000]\n");
        return 2;
    }
    char path[64];
    snprintf(path, sizeof path, "/tmp/tracer_bench-%ld.cvtrace", (long)getpid());
    cv_tracer_options options = {0}; /* the defaults, as a program gets them */
    cv_tracer *tracer;
    cv_tracer_lane *lane;
    cv_error error;
    if (cv_tracer_open(path, &options, &tracer, &error) != CV_OK ||
        cv_tracer_lane_register(tracer, "bench", CV_TRACER_PRODUCER, &lane, &error) != CV_OK) {
        fprintf(stderr, "tracer_bench: %s\n", error.message);
        return 1;
    }
    double *states = calloc((size_t)batches, sizeof *states);
    double *handovers = calloc((size_t)batches, sizeof *handovers);
    if (!states || !handovers)
        return 1;
    uint32_t item = 1;
    time_batch(lane, 0, &item); /* warm the ring's pages and the caches */
    time_batch(lane, 1, &item);
    for (int b = 0; b < batches; b++) {
        states[b] = time_batch(lane, 0, &item);
        handovers[b] = time_batch(lane, 1, &item);
        struct timespec pause = {0, 1000000}; /* the collector's turn: no drops */
        nanosleep(&pause, NULL);
    }
    cv_tracer_state_set(lane, CV_TRACER_DONE);
    uint64_t dropped = cv_tracer_dropped_events(tracer);
    if (cv_tracer_close(tracer, &error) != CV_OK) {
        fprintf(stderr, "tracer_bench: %s\n", error.message);
        return 1;
    }
    unlink(path);
    qsort(states, (size_t)batches, sizeof *states, compare_doubles);
    qsort(handovers, (size_t)batches, sizeof *handovers, compare_doubles);
    double state_ns = states[batches / 2], handover_ns = handovers[batches / 2];
    printf("%d batches of %d events, one lane, through libconveyor-tracer.so; "
           "events dropped: %llu\n\n",
           batches, BATCH, (unsigned long long)dropped);
    printf("| event | median ns | fastest batch | slowest batch |\n|---|---|---|---|\n");
    printf("| state change | %.1f | %.1f | %.1f |\n", state_ns, states[0], states[batches - 1]);
    printf("| put or get | %.1f | %.1f | %.1f |\n", handover_ns, handovers[0],
           handovers[batches - 1]);
    double worst = state_ns > handover_ns ? state_ns : handover_ns;
    cv_bench_target("tracer library: an event <= 30 ns (median)", worst <= TARGET_NS && !dropped,
                    "%.1f ns state change, %.1f ns put/get", state_ns, handover_ns);
    return dropped ? 1 : 0;
}
