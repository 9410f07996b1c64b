/*
 * test_engine.c — whole runs through the engine, both backends: every shape
 * completes with a clean ledger and a well-formed trace, stop requests are
 * honoured, broken sync modes are caught, and /dev/shm is left as found.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine_tuning.h"
#include "support/shm_check.h"
#include "support/simple_scenario.h"

#define MS 1000000ll

static void assert_trace_well_formed(const cv_trace *trace)
{
    for (uint32_t lane = 0; lane < trace->lane_count; lane++) {
        const cv_lane_events *events = &trace->events[lane];
        assert_true(events->count >= 2);
        assert_int_equal(cv_event_kind(&events->events[0]), CV_STATE_SPAWN);
        assert_int_equal(cv_event_kind(&events->events[events->count - 1]), CV_STATE_DONE);
        for (size_t i = 1; i < events->count; i++)
            assert_true(events->events[i].time_ns >= events->events[i - 1].time_ns);
    }
}

static void run_shape(cv_backend backend, uint32_t producers, uint32_t consumers, uint32_t buffer)
{
    const uint64_t items = 3000;
    int shm_before = cv_test_shm_entries();
    cv_scenario scenario = cv_test_scenario(backend, producers, consumers, buffer, items);
    cv_engine *engine = cv_test_run(&scenario);
    assert_non_null(engine);
    const cv_run_result *result = cv_engine_result(engine);
    assert_string_equal(cv_outcome_name(result->outcome), "completed");
    assert_true(result->ledger_ok);
    assert_int_equal(result->items_produced, items);
    assert_int_equal(result->items_consumed, items);
    assert_int_equal(result->dropped_events, 0);
    assert_int_equal(result->worker_count, producers + consumers);
    uint64_t produced = 0, consumed = 0;
    for (uint32_t i = 0; i < result->worker_count; i++) {
        assert_true(result->workers[i].os_id > 0);
        if (result->workers[i].role == CV_ROLE_PRODUCER)
            produced += result->workers[i].items;
        else
            consumed += result->workers[i].items;
    }
    assert_int_equal(produced, items);
    assert_int_equal(consumed, items);
    assert_trace_well_formed(cv_engine_trace(engine));
    cv_engine_destroy(engine);
    assert_int_equal(cv_test_shm_entries(), shm_before);
}

static void run_all_shapes(cv_backend backend)
{
    static const uint32_t shapes[][2] = {{1, 1}, {2, 2}, {4, 1}};
    static const uint32_t buffers[] = {1, 16, 1024};
    for (size_t s = 0; s < 3; s++) {
        for (size_t b = 0; b < 3; b++)
            run_shape(backend, shapes[s][0], shapes[s][1], buffers[b]);
    }
}

static void test_every_shape_completes_with_clean_ledger_threads(void **state)
{
    (void)state;
    run_all_shapes(CV_BACKEND_THREADS);
}

static void test_every_shape_completes_with_clean_ledger_processes(void **state)
{
    (void)state;
    run_all_shapes(CV_BACKEND_PROCESSES);
}

static void test_lanes_are_named_producers_first_threads(void **state)
{
    (void)state;
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 2, 2, 4, 10);
    scenario.groups[2] = scenario.groups[1];
    snprintf(scenario.groups[2].name, sizeof scenario.groups[2].name, "slow");
    scenario.groups[2].count = 1;
    scenario.group_count = 3;
    cv_engine *engine = cv_test_run(&scenario);
    assert_non_null(engine);
    const cv_trace *trace = cv_engine_trace(engine);
    assert_int_equal(trace->lane_count, 5);
    assert_string_equal(trace->lanes[0].name, "P0");
    assert_string_equal(trace->lanes[1].name, "P1");
    assert_string_equal(trace->lanes[2].name, "C0");
    assert_string_equal(trace->lanes[3].name, "C1");
    assert_string_equal(trace->lanes[4].name, "slow0");
    cv_engine_destroy(engine);
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void stop_request_ends_run(cv_backend backend)
{
    int shm_before = cv_test_shm_entries();
    cv_scenario scenario = cv_test_scenario(backend, 2, 2, 4, 100000);
    cv_test_add_step(&scenario, CV_ROLE_PRODUCER, CV_STEP_IO, 300 * MS);
    cv_test_add_step(&scenario, CV_ROLE_CONSUMER, CV_STEP_CPU, 50 * MS);
    cv_engine *engine = NULL;
    cv_error err;
    assert_int_equal(cv_engine_start(&scenario, NULL, &engine, &err), CV_OK);
    for (int i = 0; i < 50; i++)
        cv_engine_poll(engine);
    int64_t asked = mono_ms();
    cv_engine_request_stop(engine);
    cv_engine_run_to_end(engine);
    int64_t took = mono_ms() - asked;
    /* Generous for a loaded machine; the design target is 100 ms. */
    assert_in_range(took, 0, 1000);
    assert_string_equal(cv_outcome_name(cv_engine_result(engine)->outcome), "stopped");
    cv_engine_destroy(engine);
    assert_int_equal(cv_test_shm_entries(), shm_before);
}

static void test_stop_request_ends_a_long_run_threads(void **state)
{
    (void)state;
    stop_request_ends_run(CV_BACKEND_THREADS);
}

static void test_stop_request_ends_a_long_run_processes(void **state)
{
    (void)state;
    stop_request_ends_run(CV_BACKEND_PROCESSES);
}

/* The state each lane of a finished run ends in. */
static cv_state last_state(const cv_trace *trace, uint32_t lane)
{
    cv_state last = CV_STATE_COUNT;
    for (size_t i = 0; i < trace->events[lane].count; i++)
        if (cv_event_is_state(&trace->events[lane].events[i]))
            last = (cv_state)cv_event_kind(&trace->events[lane].events[i]);
    return last;
}

/* A deadlock's lanes ended in 2 ms of grey `done` after their waits, as if
 * the workers had finished: stopped workers keep the state they were stopped
 * in, and a wait is what every deadlocked worker was doing. */
static void assert_every_lane_ends_waiting(const cv_engine *engine)
{
    const cv_trace *trace = cv_engine_trace(engine);
    for (uint32_t lane = 0; lane < trace->lane_count; lane++) {
        cv_state last = last_state(trace, lane);
        if (last != CV_STATE_WAIT_SLOT && last != CV_STATE_WAIT_ITEM && last != CV_STATE_WAIT_LOCK)
            fail_msg("lane %s of a deadlock ends in %s, not a wait", trace->lanes[lane].name,
                     last < CV_STATE_COUNT ? cv_state_name(last) : "no state");
    }
}

static void test_mutex_first_deadlocks_and_the_watchdog_explains_it_threads(void **state)
{
    (void)state;
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 2, 2, 2, 1000);
    scenario.sync = CV_SYNC_MUTEX_FIRST;
    scenario.deadlock_timeout_ns = 200 * MS;
    cv_engine *engine = cv_test_run(&scenario);
    assert_non_null(engine);
    const cv_run_result *result = cv_engine_result(engine);
    assert_string_equal(cv_outcome_name(result->outcome), "deadlock");
    assert_non_null(strstr(result->explanation, "holds the buffer lock"));
    assert_non_null(strstr(result->explanation, "wait for the lock"));
    assert_every_lane_ends_waiting(engine);
    cv_engine_destroy(engine);
}

static void test_no_mutex_loses_or_duplicates_items_and_the_ledger_catches_it_threads(void **state)
{
    (void)state;
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 4, 4, 4, 5000);
    scenario.sync = CV_SYNC_NO_MUTEX;
    cv_engine *engine = cv_test_run(&scenario);
    assert_non_null(engine);
    const cv_run_result *result = cv_engine_result(engine);
    assert_string_equal(cv_outcome_name(result->outcome), "ledger-violation");
    assert_false(result->ledger_ok);
    assert_true(result->lost_count + result->duplicated_count > 0);
    cv_engine_destroy(engine);
}

static void test_condvar_sync_completes_on_both_backends(void **state)
{
    (void)state;
    for (int backend = 0; backend < 2; backend++) {
        cv_scenario scenario = cv_test_scenario((cv_backend)backend, 2, 3, 2, 3000);
        scenario.sync = CV_SYNC_CONDVAR;
        cv_engine *engine = cv_test_run(&scenario);
        assert_non_null(engine);
        const cv_run_result *result = cv_engine_result(engine);
        assert_string_equal(cv_outcome_name(result->outcome), "completed");
        assert_int_equal(result->items_consumed, 3000);
        cv_engine_destroy(engine);
    }
}

/* One producer, two consumers, one slot, one condition variable: the
 * consumers sleep first, so a consumer's signal wakes the other consumer,
 * not the sleeping producer, and everyone sleeps on the condition. */
static void one_condvar_deadlocks_and_is_explained(cv_backend backend)
{
    int shm_before = cv_test_shm_entries();
    /* Enough items that a run which slips past the first chance (the
     * wake-up order of a condition variable is not promised) meets another. */
    cv_scenario scenario = cv_test_scenario(backend, 1, 2, 1, 20000);
    scenario.sync = CV_SYNC_ONE_CONDVAR;
    scenario.deadlock_timeout_ns = 200 * MS;
    scenario.groups[0].start_delay_ns = 50 * MS;
    cv_engine *engine = cv_test_run(&scenario);
    assert_non_null(engine);
    const cv_run_result *result = cv_engine_result(engine);
    assert_string_equal(cv_outcome_name(result->outcome), "deadlock");
    assert_non_null(strstr(result->explanation,
                           "all workers asleep on a condition variable, nobody left to signal"));
    assert_non_null(strstr(result->explanation, "P0 sleeps on the condition"));
    assert_true(result->ledger_ok);
    assert_every_lane_ends_waiting(engine);
    cv_engine_destroy(engine);
    assert_int_equal(cv_test_shm_entries(), shm_before);
}

static void test_one_condvar_loses_a_wakeup_and_the_watchdog_explains_it_threads(void **state)
{
    (void)state;
    one_condvar_deadlocks_and_is_explained(CV_BACKEND_THREADS);
}

static void test_one_condvar_loses_a_wakeup_and_the_watchdog_explains_it_processes(void **state)
{
    (void)state;
    one_condvar_deadlocks_and_is_explained(CV_BACKEND_PROCESSES);
}

/* Two of each side with short sleeps: sooner or later a consumer walks in
 * between a signal and the woken consumer's return, and with `if` the woken
 * one takes from an empty buffer (or a producer overwrites a full one). */
static void condvar_if_is_caught_by_the_ledger(cv_backend backend)
{
    cv_scenario scenario = cv_test_scenario(backend, 2, 2, 1, 3000);
    scenario.sync = CV_SYNC_CONDVAR_IF;
    cv_test_add_step(&scenario, CV_ROLE_PRODUCER, CV_STEP_IO, MS / 5);
    cv_test_add_step(&scenario, CV_ROLE_CONSUMER, CV_STEP_IO, MS / 5);
    cv_engine *engine = cv_test_run(&scenario);
    assert_non_null(engine);
    const cv_run_result *result = cv_engine_result(engine);
    assert_string_equal(cv_outcome_name(result->outcome), "ledger-violation");
    assert_true(result->lost_count + result->duplicated_count > 0);
    assert_non_null(strstr(result->explanation, "`if`, not `while`"));
    bool named = strstr(result->explanation, "from an empty buffer") ||
                 strstr(result->explanation, "put into a full buffer");
    assert_true(named);
    cv_engine_destroy(engine);
}

static void
test_condvar_if_gets_from_an_empty_buffer_and_the_ledger_catches_it_threads(void **state)
{
    (void)state;
    condvar_if_is_caught_by_the_ledger(CV_BACKEND_THREADS);
}

static void
test_condvar_if_gets_from_an_empty_buffer_and_the_ledger_catches_it_processes(void **state)
{
    (void)state;
    condvar_if_is_caught_by_the_ledger(CV_BACKEND_PROCESSES);
}

static void test_stop_wakes_workers_asleep_on_an_untimed_condition_threads(void **state)
{
    (void)state;
    /* The watchdog is kept out of it: the workers hang in their untimed
     * waits until the stop request wakes them. */
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 1, 2, 1, 20000);
    scenario.sync = CV_SYNC_ONE_CONDVAR;
    scenario.deadlock_timeout_ns = 3600000 * MS;
    scenario.groups[0].start_delay_ns = 50 * MS;
    cv_engine *engine = NULL;
    cv_error err;
    assert_int_equal(cv_engine_start(&scenario, NULL, &engine, &err), CV_OK);
    struct timespec pause = {0, 300 * MS};
    nanosleep(&pause, NULL);
    cv_engine_poll(engine);
    int64_t asked = mono_ms();
    cv_engine_request_stop(engine);
    cv_engine_run_to_end(engine);
    assert_in_range(mono_ms() - asked, 0, 1000);
    const cv_run_result *result = cv_engine_result(engine);
    assert_string_equal(cv_outcome_name(result->outcome), "stopped");
    assert_true(result->items_consumed < 20000);
    cv_engine_destroy(engine);
}

static void test_duration_caps_production_and_every_made_item_is_consumed_threads(void **state)
{
    (void)state;
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 1, 1, 4, CV_MAX_ITEMS);
    scenario.duration_ns = 100 * MS;
    cv_test_add_step(&scenario, CV_ROLE_PRODUCER, CV_STEP_IO, 1 * MS);
    cv_engine *engine = cv_test_run(&scenario);
    assert_non_null(engine);
    const cv_run_result *result = cv_engine_result(engine);
    assert_string_equal(cv_outcome_name(result->outcome), "completed");
    assert_true(result->items_produced > 0);
    assert_int_equal(result->items_consumed, result->items_produced);
    cv_engine_destroy(engine);
}

static void test_paused_time_is_left_out_of_the_run_clock_threads(void **state)
{
    (void)state;
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 1, 1, 4, 20);
    cv_test_add_step(&scenario, CV_ROLE_PRODUCER, CV_STEP_IO, 5 * MS);
    cv_engine *engine = NULL;
    cv_error err;
    struct timespec wall_start, wall_end;
    clock_gettime(CLOCK_MONOTONIC, &wall_start);
    assert_int_equal(cv_engine_start(&scenario, NULL, &engine, &err), CV_OK);
    cv_engine_set_paused(engine, true);
    assert_true(cv_engine_paused(engine));
    int64_t before = cv_engine_now_ns(engine);
    struct timespec pause = {0, 300 * MS};
    nanosleep(&pause, NULL);
    /* The run clock stands still while paused. */
    assert_int_equal(cv_engine_now_ns(engine), before);
    cv_engine_set_paused(engine, false);
    cv_engine_run_to_end(engine);
    clock_gettime(CLOCK_MONOTONIC, &wall_end);
    const cv_run_result *result = cv_engine_result(engine);
    assert_string_equal(cv_outcome_name(result->outcome), "completed");
    /* The run's elapsed time leaves the 300 ms pause out, however long a
     * loaded machine made the rest. */
    double wall_s = (double)(wall_end.tv_sec - wall_start.tv_sec) +
                    (double)(wall_end.tv_nsec - wall_start.tv_nsec) / 1e9;
    if (result->elapsed_s > wall_s - 0.29)
        fail_msg("elapsed %.3f s of %.3f s wall: the pause was counted", result->elapsed_s, wall_s);
    cv_engine_destroy(engine);
}

/* The lanes' capacity once the engine has started, before any poll. */
static size_t started_capacity(cv_backend backend, const cv_engine_options *options,
                               const cv_engine_tuning *tuning, uint32_t lane)
{
    cv_scenario scenario = cv_test_scenario(backend, 1, 2, 16, 40000);
    cv_test_add_step(&scenario, CV_ROLE_PRODUCER, CV_STEP_IO, MS);
    cv_engine *engine = NULL;
    cv_error err;
    assert_int_equal(cv_engine_start_tuned(&scenario, options, tuning, &engine, &err), CV_OK);
    size_t capacity = cv_engine_trace(engine)->events[lane].capacity;
    cv_engine_request_stop(engine);
    cv_engine_run_to_end(engine);
    cv_engine_destroy(engine);
    return capacity;
}

static void test_trace_memory_is_mapped_before_the_run_within_its_budget_threads(void **state)
{
    (void)state;
    /* One producer with an I/O step: 3 events per item (io, work, put) for
     * all 40 000 items; each consumer gets about half of them. */
    assert_true(started_capacity(CV_BACKEND_THREADS, NULL, NULL, 0) >= 120000);
    assert_true(started_capacity(CV_BACKEND_THREADS, NULL, NULL, 1) >= 20000);
    cv_engine_tuning small = {.trace_reserve_bytes = 1024 * 1024};
    size_t bounded = started_capacity(CV_BACKEND_THREADS, NULL, &small, 0);
    assert_true(bounded > 0 && bounded * sizeof(cv_event) <= 2 * 1024 * 1024);
    cv_engine_tuning none = {.trace_reserve_bytes = -1};
    assert_true(started_capacity(CV_BACKEND_THREADS, NULL, &none, 0) <= 1024);
    cv_engine_options untraced = {.untraced = true};
    assert_int_equal(started_capacity(CV_BACKEND_THREADS, &untraced, NULL, 0), 0);
}

/* Is [start, start + bytes) in any mapping of process pid? */
static bool process_maps(int64_t pid, const void *start, size_t bytes)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%lld/maps", (long long)pid);
    FILE *maps = fopen(path, "r");
    assert_non_null(maps);
    uintptr_t from = (uintptr_t)start, to = from + bytes;
    bool found = false;
    unsigned long lo, hi;
    char line[512];
    while (fgets(line, sizeof line, maps)) {
        if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && lo < to && from < hi)
            found = true;
    }
    fclose(maps);
    return found;
}

static void test_worker_processes_do_not_inherit_the_trace_processes(void **state)
{
    (void)state;
    /* Forked workers sharing the parent's trace pages would make every
     * write the collector does to them a copy-on-write fault. */
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_PROCESSES, 1, 1, 16, 40000);
    cv_test_add_step(&scenario, CV_ROLE_PRODUCER, CV_STEP_IO, MS);
    cv_engine *engine = NULL;
    cv_error err;
    assert_int_equal(cv_engine_start(&scenario, NULL, &engine, &err), CV_OK);
    const cv_trace *trace = cv_engine_trace(engine);
    while (trace->lanes[0].os_id == 0 && cv_engine_poll(engine)) {
        struct timespec pause = {0, MS};
        nanosleep(&pause, NULL);
    }
    int64_t pid = trace->lanes[0].os_id;
    assert_true(pid > 0);
    const cv_lane_events *lane = &trace->events[0];
    assert_true(process_maps(getpid(), lane->events, lane->capacity * sizeof(cv_event)));
    assert_false(process_maps(pid, lane->events, lane->capacity * sizeof(cv_event)));
    cv_engine_request_stop(engine);
    cv_engine_run_to_end(engine);
    cv_engine_destroy(engine);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_shape_completes_with_clean_ledger_threads),
        cmocka_unit_test(test_every_shape_completes_with_clean_ledger_processes),
        cmocka_unit_test(test_lanes_are_named_producers_first_threads),
        cmocka_unit_test(test_stop_request_ends_a_long_run_threads),
        cmocka_unit_test(test_stop_request_ends_a_long_run_processes),
        cmocka_unit_test(test_mutex_first_deadlocks_and_the_watchdog_explains_it_threads),
        cmocka_unit_test(test_no_mutex_loses_or_duplicates_items_and_the_ledger_catches_it_threads),
        cmocka_unit_test(test_condvar_sync_completes_on_both_backends),
        cmocka_unit_test(test_one_condvar_loses_a_wakeup_and_the_watchdog_explains_it_threads),
        cmocka_unit_test(test_one_condvar_loses_a_wakeup_and_the_watchdog_explains_it_processes),
        cmocka_unit_test(
            test_condvar_if_gets_from_an_empty_buffer_and_the_ledger_catches_it_threads),
        cmocka_unit_test(
            test_condvar_if_gets_from_an_empty_buffer_and_the_ledger_catches_it_processes),
        cmocka_unit_test(test_stop_wakes_workers_asleep_on_an_untimed_condition_threads),
        cmocka_unit_test(test_duration_caps_production_and_every_made_item_is_consumed_threads),
        cmocka_unit_test(test_paused_time_is_left_out_of_the_run_clock_threads),
        cmocka_unit_test(test_trace_memory_is_mapped_before_the_run_within_its_budget_threads),
        cmocka_unit_test(test_worker_processes_do_not_inherit_the_trace_processes),
    };
    /* The thread sanitizer run takes only the threads-backend tests. */
    const char *filter = getenv("CONVEYOR_TEST_FILTER");
    if (filter)
        cmocka_set_test_filter(filter);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
