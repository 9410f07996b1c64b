/*
 * test_gil.c — the emulated GIL, checked by what the workers recorded rather
 * than by timing: with threads, two CPU-bound workers never compute at the
 * same time and one of them visibly waits for the GIL; with processes each
 * has its own GIL and nobody ever waits for one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/simple_scenario.h"

#define MS 1000000ll

typedef struct span {
    int64_t start, end;
} span;

/* The lane's `work` spans, up to max; returns how many. */
static size_t work_spans(const cv_trace *trace, uint32_t lane, span *out, size_t max)
{
    const cv_lane_events *events = &trace->events[lane];
    size_t count = 0;
    int64_t open = -1;
    for (size_t i = 0; i < events->count; i++) {
        const cv_event *e = &events->events[i];
        if (!cv_event_is_state(e))
            continue;
        if (open >= 0 && count < max)
            out[count++] = (span){open, e->time_ns};
        open = cv_event_kind(e) == CV_STATE_WORK ? e->time_ns : -1;
    }
    return count;
}

static int64_t overlap_ns(const span *a, size_t na, const span *b, size_t nb)
{
    int64_t total = 0;
    for (size_t i = 0; i < na; i++) {
        for (size_t j = 0; j < nb; j++) {
            int64_t start = a[i].start > b[j].start ? a[i].start : b[j].start;
            int64_t end = a[i].end < b[j].end ? a[i].end : b[j].end;
            if (end > start)
                total += end - start;
        }
    }
    return total;
}

static int64_t total_ns(const span *spans, size_t count)
{
    int64_t total = 0;
    for (size_t i = 0; i < count; i++)
        total += spans[i].end - spans[i].start;
    return total;
}

static cv_engine *run_cpu_bound_pair(cv_backend backend)
{
    cv_scenario scenario = cv_test_scenario(backend, 1, 2, 4, 12);
    scenario.gil = true;
    scenario.switch_interval_ns = 5 * MS;
    cv_test_add_step(&scenario, CV_ROLE_CONSUMER, CV_STEP_CPU, 20 * MS);
    cv_engine *engine = cv_test_run(&scenario);
    assert_non_null(engine);
    assert_string_equal(cv_outcome_name(cv_engine_result(engine)->outcome), "completed");
    return engine;
}

enum { MAX_SPANS = 4096 };
static span first[MAX_SPANS], second[MAX_SPANS];

static void test_threads_under_the_gil_never_compute_at_the_same_time(void **state)
{
    (void)state;
    cv_engine *engine = run_cpu_bound_pair(CV_BACKEND_THREADS);
    const cv_trace *trace = cv_engine_trace(engine);
    /* Lanes: P0, C0, C1. */
    size_t n1 = work_spans(trace, 1, first, MAX_SPANS);
    size_t n2 = work_spans(trace, 2, second, MAX_SPANS);
    int64_t work = total_ns(first, n1) + total_ns(second, n2);
    int64_t both = overlap_ns(first, n1, second, n2);
    /* Hand-over points are recorded a few instructions apart, never more. */
    assert_true(work > 0);
    assert_true(both * 100 < work);
    assert_true(cv_test_lane_has_state(trace, 1, CV_STATE_WAIT_GIL) ||
                cv_test_lane_has_state(trace, 2, CV_STATE_WAIT_GIL));
    cv_engine_destroy(engine);
}

static void test_processes_each_have_their_own_gil_and_never_wait_for_it(void **state)
{
    (void)state;
    cv_engine *engine = run_cpu_bound_pair(CV_BACKEND_PROCESSES);
    const cv_trace *trace = cv_engine_trace(engine);
    for (uint32_t lane = 0; lane < trace->lane_count; lane++)
        assert_false(cv_test_lane_has_state(trace, lane, CV_STATE_WAIT_GIL));
    const cv_run_result *result = cv_engine_result(engine);
    for (uint32_t i = 0; i < result->worker_count; i++)
        assert_int_equal(result->workers[i].state_ns[CV_STATE_WAIT_GIL], 0);
    cv_engine_destroy(engine);
}

static void test_forced_switch_hands_the_gil_over_every_interval(void **state)
{
    (void)state;
    cv_engine *engine = run_cpu_bound_pair(CV_BACKEND_THREADS);
    const cv_trace *trace = cv_engine_trace(engine);
    size_t n1 = work_spans(trace, 1, first, MAX_SPANS);
    /* 20 ms of CPU per item in 5 ms slices: while both are busy, a work span
     * lasts one slice, so there are many more spans than items. */
    assert_true(n1 > 12);
    cv_engine_destroy(engine);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_under_the_gil_never_compute_at_the_same_time),
        cmocka_unit_test(test_processes_each_have_their_own_gil_and_never_wait_for_it),
        cmocka_unit_test(test_forced_switch_hands_the_gil_over_every_interval),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
