/*
 * test_step.c — step mode (core/engine/gate.c, stepper.c): a worker held at
 * its gate takes exactly the one step it is given, everyone can be let go,
 * a stop wakes held workers, nobody able to advance is a deadlock at once,
 * and a list of steps replays to the same ledger every time, on both
 * backends.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clock.h"
#include "support/simple_scenario.h"

#define MS 1000000ll

static cv_engine *start_stepping(const cv_scenario *scenario)
{
    cv_engine_options options = {.step = true};
    cv_engine *engine = NULL;
    cv_error err;
    if (cv_engine_start(scenario, &options, &engine, &err) != CV_OK)
        fail_msg("engine start failed: %s", err.message);
    return engine;
}

/* Poll until every worker is at a gate or ended (at most 5 s). */
static void wait_for_choice(cv_engine *engine, cv_step_choice *choices)
{
    int64_t until = cv_mono_ns() + 5000 * MS;
    while (cv_engine_step_look(engine, choices) != CV_STEP_WAITING) {
        assert_true(cv_engine_poll(engine));
        assert_true(cv_mono_ns() < until);
        cv_sleep_ns(MS / 10);
    }
}

static void step(cv_engine *engine, uint32_t worker, cv_step_op expected)
{
    cv_step_choice choices[8];
    wait_for_choice(engine, choices);
    if (choices[worker].op != expected || !choices[worker].can_advance)
        fail_msg("worker %u: expected `%s`, at `%s` (%s)", worker, cv_step_op_name(expected),
                 cv_step_op_name(choices[worker].op), choices[worker].why);
    cv_error err;
    assert_int_equal(cv_engine_step(engine, worker, &err), CV_OK);
}

static void test_a_step_moves_only_the_chosen_worker_to_its_next_gate_threads(void **state)
{
    (void)state;
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 1, 1, 2, 10);
    cv_engine *engine = start_stepping(&scenario);
    cv_step_choice choices[2];
    wait_for_choice(engine, choices);
    assert_int_equal(choices[0].op, CV_STEP_CLAIM);
    assert_true(choices[0].can_advance);
    assert_int_equal(choices[1].op, CV_STEP_WAIT_FULL);
    assert_false(choices[1].can_advance);
    assert_string_equal(choices[1].why, "no item (full = 0)");
    cv_error err;
    assert_int_equal(cv_engine_step(engine, 1, &err), CV_ERR_USAGE);
    assert_non_null(strstr(err.message, "C0 cannot wait full"));

    step(engine, 0, CV_STEP_CLAIM);
    step(engine, 0, CV_STEP_WAIT_EMPTY);
    step(engine, 0, CV_STEP_LOCK);
    step(engine, 0, CV_STEP_PUT);
    step(engine, 0, CV_STEP_UNLOCK);
    wait_for_choice(engine, choices);
    assert_int_equal(choices[1].op, CV_STEP_WAIT_FULL);
    assert_false(choices[1].can_advance); /* full is posted only by the next step */
    step(engine, 0, CV_STEP_POST_FULL);
    wait_for_choice(engine, choices);
    assert_true(choices[1].can_advance);
    uint64_t produced = 0, consumed = 0;
    cv_engine_progress(engine, &produced, &consumed, NULL);
    assert_int_equal(produced, 1);
    assert_int_equal(consumed, 0);
    size_t count = 0;
    const cv_step_record *taken = cv_engine_steps_taken(engine, &count);
    assert_int_equal(count, 6);
    assert_int_equal(taken[5].worker, 0);
    assert_int_equal(taken[5].op, CV_STEP_POST_FULL);
    cv_engine_destroy(engine);
}

static void test_running_freely_lets_every_worker_finish_processes(void **state)
{
    (void)state;
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_PROCESSES, 2, 2, 2, 500);
    cv_engine *engine = start_stepping(&scenario);
    step(engine, 0, CV_STEP_CLAIM);
    cv_engine_step_run_freely(engine);
    cv_engine_run_to_end(engine);
    const cv_run_result *result = cv_engine_result(engine);
    assert_string_equal(cv_outcome_name(result->outcome), "completed");
    assert_true(result->ledger_ok);
    assert_int_equal(result->items_consumed, 500);
    cv_engine_destroy(engine);
}

static void stop_while_held(cv_backend backend)
{
    cv_scenario scenario = cv_test_scenario(backend, 2, 2, 1, 100);
    scenario.sync = CV_SYNC_ONE_CONDVAR;
    cv_engine *engine = start_stepping(&scenario);
    step(engine, 2, CV_STEP_LOCK);
    step(engine, 2, CV_STEP_WAIT_NOT_EMPTY); /* asleep on the step mode's condition */
    step(engine, 0, CV_STEP_CLAIM);
    step(engine, 0, CV_STEP_LOCK); /* held at `put`, holding the mutex */
    cv_step_choice choices[4];
    wait_for_choice(engine, choices);
    int64_t asked = cv_mono_ns();
    cv_engine_request_stop(engine);
    cv_engine_run_to_end(engine);
    assert_true(cv_mono_ns() - asked < 2000 * MS); /* untimed sleeps would hang */
    assert_string_equal(cv_outcome_name(cv_engine_result(engine)->outcome), "stopped");
    cv_engine_destroy(engine);
}

static void test_a_stop_wakes_held_workers_threads(void **state)
{
    (void)state;
    stop_while_held(CV_BACKEND_THREADS);
}

static void test_a_stop_wakes_held_workers_processes(void **state)
{
    (void)state;
    stop_while_held(CV_BACKEND_PROCESSES);
}

static void test_nobody_able_to_advance_is_a_deadlock_at_once_threads(void **state)
{
    (void)state;
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 2, 2, 8, 100);
    scenario.sync = CV_SYNC_MUTEX_FIRST;
    scenario.deadlock_timeout_ns = 60000 * MS;
    cv_engine *engine = start_stepping(&scenario);
    int64_t began = cv_mono_ns();
    step(engine, 2, CV_STEP_LOCK);
    step(engine, 0, CV_STEP_CLAIM);
    step(engine, 1, CV_STEP_CLAIM);
    cv_engine_run_to_end(engine);
    assert_true(cv_mono_ns() - began < 10000 * MS); /* the watchdog would take 60 s */
    const cv_run_result *result = cv_engine_result(engine);
    assert_string_equal(cv_outcome_name(result->outcome), "deadlock");
    assert_string_equal(result->explanation,
                        "no worker can advance: P0 at `lock` (the lock is held by C0); P1 at "
                        "`lock` (the lock is held by C0); C0 at `wait full` (no item (full = "
                        "0)); C1 at `lock` (the lock is held by C0)");
    assert_int_equal(result->lock_holder, 2);
    cv_engine_destroy(engine);
}

/* The lost wake-up of one-condvar in the fewest steps found: both consumers
 * sleep, the producer's put wakes C0 and it sleeps on the full buffer; C0's
 * signal then wakes C1, the older sleeper, not the producer. */
static const cv_step_record lost_wakeup[] = {
    {1, CV_STEP_LOCK, 1},
    {1, CV_STEP_WAIT_NOT_EMPTY, 2},
    {2, CV_STEP_LOCK, 3},
    {2, CV_STEP_WAIT_NOT_EMPTY, 4},
    {0, CV_STEP_CLAIM, 5},
    {0, CV_STEP_LOCK, 6},
    {0, CV_STEP_PUT, 7},
    {0, CV_STEP_SIGNAL_NOT_EMPTY, 8},
    {0, CV_STEP_UNLOCK, 9},
    {0, CV_STEP_CLAIM, 10},
    {0, CV_STEP_LOCK, 11},
    {0, CV_STEP_WAIT_NOT_EMPTY, 12},
    {1, CV_STEP_RELOCK, 13},
    {1, CV_STEP_GET, 14},
    {1, CV_STEP_SIGNAL_NOT_EMPTY, 15},
    {1, CV_STEP_UNLOCK, 16},
    {1, CV_STEP_LOCK, 17},
    {1, CV_STEP_WAIT_NOT_EMPTY, 18},
    {2, CV_STEP_RELOCK, 19},
    {2, CV_STEP_WAIT_NOT_EMPTY, 20},
};

static void lost_wakeup_in_twenty_steps(cv_backend backend)
{
    cv_scenario scenario = cv_test_scenario(backend, 1, 2, 1, 50);
    scenario.sync = CV_SYNC_ONE_CONDVAR;
    cv_engine *engine = start_stepping(&scenario);
    cv_error err;
    assert_int_equal(cv_engine_step_replay(engine, lost_wakeup,
                                           sizeof lost_wakeup / sizeof lost_wakeup[0], "lost",
                                           false, &err),
                     CV_OK);
    cv_engine_run_to_end(engine);
    const cv_run_result *result = cv_engine_result(engine);
    assert_string_equal(cv_outcome_name(result->outcome), "deadlock");
    assert_non_null(strstr(result->explanation, "P0 at `relock` (asleep on `not empty`, not "
                                                "signalled)"));
    size_t count = 0;
    cv_engine_steps_taken(engine, &count);
    assert_int_equal(count, 20);
    cv_engine_destroy(engine);
}

static void test_one_condvar_loses_a_wakeup_in_twenty_steps_threads(void **state)
{
    (void)state;
    lost_wakeup_in_twenty_steps(CV_BACKEND_THREADS);
}

static void test_one_condvar_loses_a_wakeup_in_twenty_steps_processes(void **state)
{
    (void)state;
    lost_wakeup_in_twenty_steps(CV_BACKEND_PROCESSES);
}

/* no-mutex, P0 P1 C0, two slots: two items go round, then P0 and P1 both
 * read `in` = 0 before either puts: item 2 is overwritten by item 3, and
 * `in` moves on by one only, so later item 7 is taken twice (the lanes in
 * order after the schedule's end decide that part, the same every time). */
#define P0 0
#define P1 1
#define C0 2
static const cv_step_record race[] = {
    {P0, CV_STEP_CLAIM, 1},       {P0, CV_STEP_WAIT_EMPTY, 2},  {P0, CV_STEP_READ_IN, 3},
    {P0, CV_STEP_PUT, 4},         {P0, CV_STEP_POST_FULL, 5},   {P0, CV_STEP_CLAIM, 6},
    {P0, CV_STEP_WAIT_EMPTY, 7},  {P0, CV_STEP_READ_IN, 8},     {P0, CV_STEP_PUT, 9},
    {P0, CV_STEP_POST_FULL, 10},  {C0, CV_STEP_WAIT_FULL, 11},  {C0, CV_STEP_READ_OUT, 12},
    {C0, CV_STEP_GET, 13},        {C0, CV_STEP_POST_EMPTY, 14}, {C0, CV_STEP_WAIT_FULL, 15},
    {C0, CV_STEP_READ_OUT, 16},   {C0, CV_STEP_GET, 17},        {C0, CV_STEP_POST_EMPTY, 18},
    {P0, CV_STEP_CLAIM, 19},      {P1, CV_STEP_CLAIM, 20},      {P0, CV_STEP_WAIT_EMPTY, 21},
    {P1, CV_STEP_WAIT_EMPTY, 22}, {P0, CV_STEP_READ_IN, 23},    {P1, CV_STEP_READ_IN, 24},
    {P0, CV_STEP_PUT, 25},        {P1, CV_STEP_PUT, 26},
};

static void replay_race(cv_backend backend, char *report, size_t size)
{
    cv_scenario scenario = cv_test_scenario(backend, 2, 1, 2, 8);
    scenario.sync = CV_SYNC_NO_MUTEX;
    cv_test_add_step(&scenario, CV_ROLE_PRODUCER, CV_STEP_CPU, 20000);
    cv_engine *engine = start_stepping(&scenario);
    cv_error err;
    assert_int_equal(
        cv_engine_step_replay(engine, race, sizeof race / sizeof race[0], "race", true, &err),
        CV_OK);
    cv_engine_run_to_end(engine);
    const cv_run_result *result = cv_engine_result(engine);
    size_t count = 0;
    const cv_step_record *taken = cv_engine_steps_taken(engine, &count);
    int used = snprintf(report, size, "%s lost %llu [%llu] duplicated %llu [%llu] steps %zu:",
                        cv_outcome_name(result->outcome), (unsigned long long)result->lost_count,
                        (unsigned long long)result->lost_ids[0],
                        (unsigned long long)result->duplicated_count,
                        (unsigned long long)result->duplicated_ids[0], count);
    for (size_t i = 0; i < count && used > 0 && (size_t)used < size; i++)
        used += snprintf(report + used, size - (size_t)used, " %u%s", taken[i].worker,
                         cv_step_op_name(taken[i].op));
    /* The whole ledger report: every listed id, the counts, the explanation. */
    for (size_t i = 0; i < CV_MAX_LISTED_IDS && used > 0 && (size_t)used < size; i++)
        used += snprintf(report + used, size - (size_t)used, " L%u D%u", result->lost_ids[i],
                         result->duplicated_ids[i]);
    if (used > 0 && (size_t)used < size)
        used += snprintf(report + used, size - (size_t)used, " produced %llu consumed %llu %s",
                         (unsigned long long)result->items_produced,
                         (unsigned long long)result->items_consumed, result->explanation);
    assert_true(used > 0 && (size_t)used < size);
    cv_engine_destroy(engine);
}

static void replay_is_deterministic(cv_backend backend)
{
    static char first[16384], again[16384];
    replay_race(backend, first, sizeof first);
    assert_non_null(strstr(first, "ledger-violation lost 1 [2] duplicated 1 [7]"));
    for (int run = 1; run < 10; run++) {
        replay_race(backend, again, sizeof again);
        assert_string_equal(again, first);
    }
}

static void test_a_replay_gives_the_same_ledger_ten_times_threads(void **state)
{
    (void)state;
    replay_is_deterministic(CV_BACKEND_THREADS);
}

static void test_a_replay_gives_the_same_ledger_ten_times_processes(void **state)
{
    (void)state;
    replay_is_deterministic(CV_BACKEND_PROCESSES);
}

static void test_a_step_that_does_not_fit_stops_the_run_naming_its_line_threads(void **state)
{
    (void)state;
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 1, 1, 1, 10);
    cv_engine *engine = start_stepping(&scenario);
    static const cv_step_record steps[] = {{0, CV_STEP_CLAIM, 3}, {1, CV_STEP_WAIT_FULL, 7}};
    cv_error err;
    assert_int_equal(cv_engine_step_replay(engine, steps, 2, "my.schedule", false, &err), CV_OK);
    cv_engine_run_to_end(engine);
    const cv_run_result *result = cv_engine_result(engine);
    assert_string_equal(cv_outcome_name(result->outcome), "failed");
    assert_string_equal(result->explanation, "my.schedule:7: the schedule no longer fits: C0 "
                                             "cannot wait full: no item (full = 0)");
    cv_engine_destroy(engine);
}

static void test_with_the_gil_only_its_holder_advances_threads(void **state)
{
    (void)state;
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 1, 1, 1, 10);
    scenario.gil = true;
    cv_engine *engine = start_stepping(&scenario);
    step(engine, 0, CV_STEP_CLAIM); /* P0 takes the GIL with its first step */
    cv_step_choice choices[2];
    wait_for_choice(engine, choices);
    assert_true(choices[0].can_advance);
    assert_false(choices[1].can_advance);
    step(engine, 0, CV_STEP_WAIT_EMPTY);
    step(engine, 0, CV_STEP_LOCK);
    step(engine, 0, CV_STEP_PUT);
    step(engine, 0, CV_STEP_UNLOCK);
    step(engine, 0, CV_STEP_POST_FULL);
    step(engine, 0, CV_STEP_CLAIM);
    /* P0 at `wait empty` with the buffer full would block: it gives the GIL
     * up, and C0 (whose `full` has a token) may go. */
    wait_for_choice(engine, choices);
    assert_false(choices[0].can_advance);
    assert_true(choices[1].can_advance);
    cv_engine_step_run_freely(engine);
    cv_engine_run_to_end(engine);
    assert_string_equal(cv_outcome_name(cv_engine_result(engine)->outcome), "completed");
    cv_engine_destroy(engine);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_step_moves_only_the_chosen_worker_to_its_next_gate_threads),
        cmocka_unit_test(test_running_freely_lets_every_worker_finish_processes),
        cmocka_unit_test(test_a_stop_wakes_held_workers_threads),
        cmocka_unit_test(test_a_stop_wakes_held_workers_processes),
        cmocka_unit_test(test_nobody_able_to_advance_is_a_deadlock_at_once_threads),
        cmocka_unit_test(test_one_condvar_loses_a_wakeup_in_twenty_steps_threads),
        cmocka_unit_test(test_one_condvar_loses_a_wakeup_in_twenty_steps_processes),
        cmocka_unit_test(test_a_replay_gives_the_same_ledger_ten_times_threads),
        cmocka_unit_test(test_a_replay_gives_the_same_ledger_ten_times_processes),
        cmocka_unit_test(test_a_step_that_does_not_fit_stops_the_run_naming_its_line_threads),
        cmocka_unit_test(test_with_the_gil_only_its_holder_advances_threads),
    };
    /* The thread sanitizer run takes only the threads-backend tests. */
    const char *filter = getenv("CONVEYOR_TEST_FILTER");
    if (filter)
        cmocka_set_test_filter(filter);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
