/*
 * test_ready.c — running or waiting for a core. The classification is
 * checked on recorded numbers (pure functions, no timing); whole runs check
 * the picture's invariant: confined to N cores, never more than N lanes in
 * `work` at once (up to one scheduler tick), the time in `work` never more
 * than the cores can give, and a worker that cannot get a core shows
 * `ready`, also when the CPU is taken by somebody else.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ready.h"
#include "support/simple_scenario.h"

#define US 1000ll
#define MS 1000000ll
/* One scheduler tick at Debian's HZ=250: the error the invariant allows. */
#define TICK_NS (4 * MS)

/* ---- classification on recorded numbers -------------------------------- */

static void test_sleep_with_no_run_queue_delay_draws_no_ready(void **state)
{
    (void)state;
    assert_int_equal(cv_ready_start_at_end(10 * MS, 30 * MS, 0), -1);
}

static void test_short_run_queue_delay_is_not_drawn(void **state)
{
    (void)state;
    assert_int_equal(cv_ready_start_at_end(10 * MS, 30 * MS, CV_READY_MIN_NS - 1), -1);
}

static void test_run_queue_delay_becomes_the_end_of_the_sleep(void **state)
{
    (void)state;
    /* Slept from 10 ms, running again at 30 ms, 4 ms of it waiting for a core. */
    assert_int_equal(cv_ready_start_at_end(10 * MS, 30 * MS, 4 * MS), 26 * MS);
}

static void test_ready_never_starts_before_the_sleep(void **state)
{
    (void)state;
    /* The kernel's total may hold delay from before the sleep began. */
    assert_int_equal(cv_ready_start_at_end(10 * MS, 12 * MS, 5 * MS), 10 * MS);
}

static void test_cpu_stretch_that_got_its_time_is_work(void **state)
{
    (void)state;
    assert_int_equal(cv_ready_start_in_cpu(0, 500 * US, 490 * US), -1);
}

static void test_cpu_stretch_off_the_core_ends_in_ready(void **state)
{
    (void)state;
    /* 500 us of work took 3.5 ms of wall time: 3 ms preempted. */
    assert_int_equal(cv_ready_start_in_cpu(1 * MS, 4500 * US, 500 * US), 1500 * US);
}

/* Checks of a `cpu 2ms` step recorded on a two-core machine with four busy
 * threads (wall and CPU clocks at each half-millisecond check): the
 * preemptions are where the CPU clock stood still. */
static void test_recorded_cpu_step_splits_where_the_cpu_clock_stopped(void **state)
{
    (void)state;
    static const struct {
        int64_t wall_ns, cpu_ns;
    } checks[] = {
        {0, 0},
        {503 * US, 499 * US},
        {1006 * US, 999 * US},
        {4120 * US, 1498 * US}, /* preempted for about 2.6 ms */
        {4624 * US, 1999 * US},
    };
    int64_t ready_ns = 0, drawn = 0;
    for (size_t i = 1; i < sizeof checks / sizeof checks[0]; i++) {
        int64_t from = cv_ready_start_in_cpu(checks[i - 1].wall_ns, checks[i].wall_ns,
                                             checks[i].cpu_ns - checks[i - 1].cpu_ns);
        if (from < 0)
            continue;
        drawn++;
        ready_ns += checks[i].wall_ns - from;
        assert_true(from >= checks[i - 1].wall_ns);
    }
    assert_int_equal(drawn, 1);
    assert_int_equal(ready_ns, (4120 - 1006) * US - (1498 - 999) * US);
}

static void test_this_thread_cpu_clock_advances_while_computing(void **state)
{
    (void)state;
    int64_t before = cv_thread_cpu_ns();
    volatile uint64_t sink = 0;
    for (uint64_t i = 0; i < 20000000; i++)
        sink += i;
    assert_true(cv_thread_cpu_ns() > before);
}

/* ---- whole runs ---------------------------------------------------------- */

static cv_scenario cpu_bound(cv_backend backend, uint32_t cores)
{
    cv_scenario scenario = cv_test_scenario(backend, 1, 4, 8, 8);
    cv_test_add_step(&scenario, CV_ROLE_CONSUMER, CV_STEP_CPU, 20 * MS);
    scenario.cores = cores;
    return scenario;
}

static int64_t lane_state_total(const cv_run_result *result, cv_state state)
{
    int64_t total = 0;
    for (uint32_t i = 0; i < result->worker_count; i++)
        total += result->workers[i].state_ns[state];
    return total;
}

static void check_one_core(cv_backend backend)
{
    cv_scenario scenario = cpu_bound(backend, 1);
    cv_engine *engine = cv_test_run(&scenario);
    assert_non_null(engine);
    const cv_run_result *result = cv_engine_result(engine);
    assert_string_equal(cv_outcome_name(result->outcome), "completed");
    assert_int_equal(result->machine.cores, 1);
    int64_t elapsed_ns = (int64_t)(result->elapsed_s * 1e9);
    int64_t work_ns = lane_state_total(result, CV_STATE_WORK);
    printf("# %s, 1 core: work %.1f ms in %.1f ms elapsed\n", cv_backend_name(backend),
           (double)work_ns / 1e6, (double)elapsed_ns / 1e6);
    assert_true(work_ns <= elapsed_ns + elapsed_ns / 20);
    for (uint32_t i = 0; i < result->worker_count; i++) {
        if (result->workers[i].role == CV_ROLE_CONSUMER)
            assert_true(result->workers[i].state_ns[CV_STATE_READY] > 0);
    }
    cv_engine_destroy(engine);
}

static void test_one_core_threads_work_fits_in_elapsed(void **state)
{
    (void)state;
    check_one_core(CV_BACKEND_THREADS);
}

static void test_one_core_processes_work_fits_in_elapsed(void **state)
{
    (void)state;
    check_one_core(CV_BACKEND_PROCESSES);
}

typedef struct edge {
    int64_t time_ns;
    int delta; /* +1 a lane enters work, -1 it leaves */
} edge;

static int by_time(const void *a, const void *b)
{
    const edge *x = a, *y = b;
    if (x->time_ns != y->time_ns)
        return x->time_ns < y->time_ns ? -1 : 1;
    return x->delta - y->delta; /* leave before enter at the same instant */
}

/* The longest stretch during which more than `cores` lanes were in work. */
static int64_t longest_overcommit_ns(const cv_trace *trace, uint32_t cores)
{
    size_t capacity = 0;
    for (uint32_t lane = 0; lane < trace->lane_count; lane++)
        capacity += 2 * trace->events[lane].count;
    edge *edges = calloc(capacity ? capacity : 1, sizeof *edges);
    assert_non_null(edges);
    size_t n = 0;
    for (uint32_t lane = 0; lane < trace->lane_count; lane++) {
        const cv_lane_events *events = &trace->events[lane];
        int64_t work_since = -1;
        for (size_t i = 0; i < events->count; i++) {
            const cv_event *e = &events->events[i];
            if (!cv_event_is_state(e))
                continue;
            bool work = cv_event_kind(e) == CV_STATE_WORK;
            if (work && work_since < 0) {
                work_since = e->time_ns;
            } else if (!work && work_since >= 0) {
                edges[n++] = (edge){work_since, +1};
                edges[n++] = (edge){e->time_ns, -1};
                work_since = -1;
            }
        }
    }
    qsort(edges, n, sizeof *edges, by_time);
    int64_t longest = 0, since = -1;
    int in_work = 0;
    for (size_t i = 0; i < n; i++) {
        in_work += edges[i].delta;
        if (in_work > (int)cores && since < 0)
            since = edges[i].time_ns;
        else if (in_work <= (int)cores && since >= 0) {
            if (edges[i].time_ns - since > longest)
                longest = edges[i].time_ns - since;
            since = -1;
        }
    }
    free(edges);
    return longest;
}

static void check_two_cores(cv_backend backend)
{
    if (cv_cores_available() < 2) {
        skip();
        return;
    }
    cv_scenario scenario = cpu_bound(backend, 2);
    cv_engine *engine = cv_test_run(&scenario);
    assert_non_null(engine);
    assert_string_equal(cv_outcome_name(cv_engine_result(engine)->outcome), "completed");
    int64_t longest = longest_overcommit_ns(cv_engine_trace(engine), 2);
    printf("# %s, 2 cores: longest stretch with more than 2 lanes in work %.2f ms\n",
           cv_backend_name(backend), (double)longest / 1e6);
    assert_true(longest <= TICK_NS);
    cv_engine_destroy(engine);
}

static void test_two_cores_threads_never_more_than_two_lanes_work(void **state)
{
    (void)state;
    check_two_cores(CV_BACKEND_THREADS);
}

static void test_two_cores_processes_never_more_than_two_lanes_work(void **state)
{
    (void)state;
    check_two_cores(CV_BACKEND_PROCESSES);
}

/* A CPU hog beside the run: busy threads, one more than the cores. */
typedef struct hog {
    pthread_t threads[65];
    uint32_t count;
    atomic_int stop;
} hog;

static void *spin(void *arg)
{
    hog *h = arg;
    volatile uint64_t sink = 0;
    while (!atomic_load_explicit(&h->stop, memory_order_relaxed))
        sink++;
    return NULL;
}

static void hog_start(hog *h)
{
    uint32_t cores = cv_cores_available();
    h->count = cores + 1 < 65 ? cores + 1 : 65;
    atomic_store(&h->stop, 0);
    for (uint32_t i = 0; i < h->count; i++)
        assert_int_equal(pthread_create(&h->threads[i], NULL, spin, h), 0);
}

static void hog_stop(hog *h)
{
    atomic_store(&h->stop, 1);
    for (uint32_t i = 0; i < h->count; i++)
        pthread_join(h->threads[i], NULL);
}

static void test_io_only_run_beside_a_hog_shows_ready_not_work(void **state)
{
    (void)state;
    /* I/O only: 2 ms sleeps on both sides, nothing to compute. */
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 2, 2, 4, 200);
    cv_test_add_step(&scenario, CV_ROLE_PRODUCER, CV_STEP_IO, 2 * MS);
    cv_test_add_step(&scenario, CV_ROLE_CONSUMER, CV_STEP_IO, 2 * MS);
    hog h;
    hog_start(&h);
    cv_engine *engine = cv_test_run(&scenario);
    hog_stop(&h);
    assert_non_null(engine);
    const cv_run_result *result = cv_engine_result(engine);
    assert_string_equal(cv_outcome_name(result->outcome), "completed");
    int64_t work_ns = lane_state_total(result, CV_STATE_WORK);
    int64_t ready_ns = lane_state_total(result, CV_STATE_READY);
    int64_t lanes_ns = (int64_t)(result->elapsed_s * 1e9) * result->worker_count;
    printf("# beside a hog: work %.1f%%, ready %.1f%% of the lanes' time\n",
           100.0 * (double)work_ns / (double)lanes_ns, 100.0 * (double)ready_ns / (double)lanes_ns);
    /* The lesson computes nothing: headless on an idle machine work is ~1%. */
    assert_true(work_ns * 100 <= lanes_ns * 5);
    assert_true(ready_ns > 0);
    if (result->machine.ready_measured)
        assert_true(result->machine.busy);
    cv_engine_destroy(engine);
}

static void test_cores_beyond_the_machine_are_refused(void **state)
{
    (void)state;
    cv_scenario scenario = cpu_bound(CV_BACKEND_THREADS, cv_cores_available() + 1);
    cv_diagnostics diag;
    assert_int_equal(cv_scenario_validate(&scenario, &diag), CV_ERR_SCENARIO);
    assert_non_null(strstr(diag.items[0].message, "cores"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sleep_with_no_run_queue_delay_draws_no_ready),
        cmocka_unit_test(test_short_run_queue_delay_is_not_drawn),
        cmocka_unit_test(test_run_queue_delay_becomes_the_end_of_the_sleep),
        cmocka_unit_test(test_ready_never_starts_before_the_sleep),
        cmocka_unit_test(test_cpu_stretch_that_got_its_time_is_work),
        cmocka_unit_test(test_cpu_stretch_off_the_core_ends_in_ready),
        cmocka_unit_test(test_recorded_cpu_step_splits_where_the_cpu_clock_stopped),
        cmocka_unit_test(test_this_thread_cpu_clock_advances_while_computing),
        cmocka_unit_test(test_cores_beyond_the_machine_are_refused),
        cmocka_unit_test(test_one_core_threads_work_fits_in_elapsed),
        cmocka_unit_test(test_one_core_processes_work_fits_in_elapsed),
        cmocka_unit_test(test_two_cores_threads_never_more_than_two_lanes_work),
        cmocka_unit_test(test_two_cores_processes_never_more_than_two_lanes_work),
        cmocka_unit_test(test_io_only_run_beside_a_hog_shows_ready_not_work),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
