/*
 * bench_support.c — see bench_support.h.
 */
#include "bench_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine_tuning.h"

static int64_t poll_interval_ns;

void cv_bench_set_poll_ns(int64_t poll_ns)
{
    poll_interval_ns = poll_ns;
}

static void run_to_end(cv_engine *engine)
{
    if (poll_interval_ns <= 0) {
        cv_engine_run_to_end(engine);
        return;
    }
    struct timespec pause = {(time_t)(poll_interval_ns / 1000000000),
                             (long)(poll_interval_ns % 1000000000)};
    while (cv_engine_poll(engine))
        nanosleep(&pause, NULL);
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double cv_bench_median(const double *values, size_t n)
{
    double *copy = malloc(n * sizeof *copy);
    if (!copy || n == 0) {
        free(copy);
        return 0;
    }
    memcpy(copy, values, n * sizeof *copy);
    qsort(copy, n, sizeof *copy, compare_doubles);
    double median = n % 2 ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2;
    free(copy);
    return median;
}

/* The time each lane entered its last wait state, if it never left it: the latest of
 * these is when the last worker blocked for good. */
static int64_t last_block_ns(const cv_trace *trace)
{
    int64_t latest = 0;
    for (uint32_t lane = 0; lane < trace->lane_count; lane++) {
        const cv_lane_events *events = &trace->events[lane];
        int64_t entered = -1;
        for (size_t i = 0; i < events->count; i++) {
            const cv_event *e = &events->events[i];
            if (!cv_event_is_state(e))
                continue;
            uint32_t kind = cv_event_kind(e);
            bool waiting = kind == CV_STATE_WAIT_SLOT || kind == CV_STATE_WAIT_ITEM ||
                           kind == CV_STATE_WAIT_LOCK || kind == CV_STATE_WAIT_GIL;
            if (waiting && entered < 0)
                entered = e->time_ns;
            else if (!waiting && kind != CV_STATE_DONE)
                entered = -1;
        }
        if (entered > latest)
            latest = entered;
    }
    return latest;
}

static void summarise(cv_engine *engine, cv_bench_run *run)
{
    const cv_run_result *result = cv_engine_result(engine);
    const cv_trace *trace = cv_engine_trace(engine);
    run->outcome = result->outcome;
    run->ledger_ok = result->ledger_ok;
    run->elapsed_s = result->elapsed_s;
    run->items_consumed = result->items_consumed;
    run->event_count = trace->event_count;
    run->dropped_events = result->dropped_events;
    snprintf(run->explanation, sizeof run->explanation, "%s", result->explanation);
    double *spawn = calloc(result->worker_count ? result->worker_count : 1, sizeof *spawn);
    for (uint32_t i = 0; spawn && i < result->worker_count; i++) {
        spawn[i] = (double)result->workers[i].spawn_ns;
        for (int state = 0; state < CV_STATE_COUNT; state++)
            run->state_s[state] += (double)result->workers[i].state_ns[state] / 1e9;
        double work_s = (double)result->workers[i].state_ns[CV_STATE_WORK] / 1e9;
        if (work_s > run->max_work_s)
            run->max_work_s = work_s;
    }
    if (spawn)
        run->median_spawn_ns = cv_bench_median(spawn, result->worker_count);
    free(spawn);
    run->last_block_ns = last_block_ns(trace);
}

cv_engine_options cv_bench_engine_options(bool untraced)
{
    cv_engine_options options = {.untraced = untraced};
    return options;
}

/* The engine's private knobs, from the environment (see engine_tuning.h). */
static cv_engine_tuning bench_tuning(void)
{
    const char *ring = getenv("CONVEYOR_RING_EVENTS");
    const char *spin = getenv("CONVEYOR_SPIN_NS");
    const char *reserve = getenv("CONVEYOR_TRACE_RESERVE_BYTES");
    cv_engine_tuning tuning = {
        .ring_events = ring ? (uint32_t)strtoul(ring, NULL, 10) : 0,
        .spin_ns = spin ? strtoll(spin, NULL, 10) : 0,
        .trace_reserve_bytes = reserve ? strtoll(reserve, NULL, 10) : 0,
    };
    return tuning;
}

cv_bench_run cv_bench_engine_run(const cv_scenario *scenario, bool untraced)
{
    cv_engine_options options = cv_bench_engine_options(untraced);
    return cv_bench_engine_run_with(scenario, &options);
}

cv_bench_run cv_bench_engine_run_with(const cv_scenario *scenario, const cv_engine_options *options)
{
    cv_bench_run run = {0};
    cv_engine *engine = NULL;
    cv_error err;
    cv_engine_tuning tuning = bench_tuning();
    if (cv_engine_start_tuned(scenario, options, &tuning, &engine, &err) != CV_OK) {
        snprintf(run.explanation, sizeof run.explanation, "%.512s", err.message);
        return run;
    }
    run.started = true;
    double cpu_before = cv_bench_thread_cpu_s();
    run_to_end(engine);
    run.poll_cpu_s = cv_bench_thread_cpu_s() - cpu_before;
    summarise(engine, &run);
    cv_engine_destroy(engine);
    return run;
}

long cv_bench_status_kb(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    size_t length = strlen(field);
    long kb = -1;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, field, length) == 0 && line[length] == ':') {
            kb = strtol(line + length + 1, NULL, 10);
            break;
        }
    }
    fclose(f);
    return kb;
}

double cv_bench_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double cv_bench_thread_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
