/*
 * test_buffer.c — the bounded buffer's semantics, read from what workers
 * recorded: a producer facing a full buffer blocks (wait-slot), a consumer
 * facing an empty one blocks (wait-item), and a worker that never has to
 * block records no wait at all. Both backends. A worker retries a blocked
 * semaphore briefly before it sleeps: waits shorter than that retry are not
 * drawn, and longer ones are drawn whole, from when the worker found its way
 * blocked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "engine_tuning.h"
#include "support/shm_check.h"
#include "support/simple_scenario.h"

#define MS 1000000

static void run_and_check(cv_scenario *scenario, uint32_t lane, cv_state expected, bool present)
{
    int shm_before = cv_test_shm_entries();
    cv_engine *engine = cv_test_run(scenario);
    assert_non_null(engine);
    const cv_run_result *result = cv_engine_result(engine);
    assert_string_equal(cv_outcome_name(result->outcome), "completed");
    assert_true(result->ledger_ok);
    const cv_trace *trace = cv_engine_trace(engine);
    if (present)
        assert_true(cv_test_lane_has_state(trace, lane, expected));
    else
        assert_false(cv_test_lane_has_state(trace, lane, expected));
    cv_engine_destroy(engine);
    assert_int_equal(cv_test_shm_entries(), shm_before);
}

static void producer_blocks_when_buffer_full(cv_backend backend)
{
    /* A fast producer and a consumer that sleeps after every item. */
    cv_scenario scenario = cv_test_scenario(backend, 1, 1, 1, 20);
    cv_test_add_step(&scenario, CV_ROLE_CONSUMER, CV_STEP_IO, 2 * MS);
    run_and_check(&scenario, 0, CV_STATE_WAIT_SLOT, true);
}

static void consumer_blocks_when_buffer_empty(cv_backend backend)
{
    cv_scenario scenario = cv_test_scenario(backend, 1, 1, 4, 20);
    cv_test_add_step(&scenario, CV_ROLE_PRODUCER, CV_STEP_IO, 2 * MS);
    run_and_check(&scenario, 1, CV_STATE_WAIT_ITEM, true);
}

static void producer_never_waits_for_a_slot_when_buffer_holds_everything(cv_backend backend)
{
    cv_scenario scenario = cv_test_scenario(backend, 1, 1, 64, 20);
    cv_test_add_step(&scenario, CV_ROLE_CONSUMER, CV_STEP_IO, 1 * MS);
    run_and_check(&scenario, 0, CV_STATE_WAIT_SLOT, false);
}

static void test_producer_blocks_when_buffer_full_threads(void **state)
{
    (void)state;
    producer_blocks_when_buffer_full(CV_BACKEND_THREADS);
}

static void test_producer_blocks_when_buffer_full_processes(void **state)
{
    (void)state;
    producer_blocks_when_buffer_full(CV_BACKEND_PROCESSES);
}

static void test_consumer_blocks_when_buffer_empty_threads(void **state)
{
    (void)state;
    consumer_blocks_when_buffer_empty(CV_BACKEND_THREADS);
}

static void test_consumer_blocks_when_buffer_empty_processes(void **state)
{
    (void)state;
    consumer_blocks_when_buffer_empty(CV_BACKEND_PROCESSES);
}

static void test_producer_never_waits_for_a_slot_when_buffer_holds_everything_threads(void **state)
{
    (void)state;
    producer_never_waits_for_a_slot_when_buffer_holds_everything(CV_BACKEND_THREADS);
}

static void
test_producer_never_waits_for_a_slot_when_buffer_holds_everything_processes(void **state)
{
    (void)state;
    producer_never_waits_for_a_slot_when_buffer_holds_everything(CV_BACKEND_PROCESSES);
}

/* Run with a given spin before sleeping; the consumer waits for a producer
 * that sleeps `io_ns` before every item. */
static cv_engine *run_with_spin(int64_t spin_ns, int64_t io_ns, uint64_t items,
                                int64_t consumer_delay_ns)
{
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 1, 1, 4, items);
    cv_test_add_step(&scenario, CV_ROLE_PRODUCER, CV_STEP_IO, io_ns);
    /* While workers are still being started nobody spins (buffer.c): a
     * consumer that reaches its first get before the parent has started
     * everyone (on a loaded machine) would block at once. */
    scenario.groups[cv_scenario_find_group(&scenario, CV_ROLE_CONSUMER)].start_delay_ns =
        consumer_delay_ns;
    cv_engine_tuning tuning = {.spin_ns = spin_ns};
    cv_engine *engine = NULL;
    cv_error err;
    assert_int_equal(cv_engine_start_tuned(&scenario, NULL, &tuning, &engine, &err), CV_OK);
    cv_engine_run_to_end(engine);
    assert_string_equal(cv_outcome_name(cv_engine_result(engine)->outcome), "completed");
    return engine;
}

static void test_a_wait_shorter_than_the_spin_is_not_drawn(void **state)
{
    (void)state;
    cv_engine *engine = run_with_spin(500 * MS, 2 * MS, 10, 100 * MS);
    assert_false(cv_test_lane_has_state(cv_engine_trace(engine), 1, CV_STATE_WAIT_ITEM));
    cv_engine_destroy(engine);
}

static void test_a_wait_longer_than_the_spin_is_drawn_from_its_start(void **state)
{
    (void)state;
    /* The consumer spins 2 ms of every ~4 ms wait before it sleeps; the
     * whole wait must be counted, not only the sleep. */
    const uint64_t items = 10;
    cv_engine *engine = run_with_spin(2 * MS, 4 * MS, items, 0);
    const cv_run_result *result = cv_engine_result(engine);
    assert_true(cv_test_lane_has_state(cv_engine_trace(engine), 1, CV_STATE_WAIT_ITEM));
    /* On a loaded machine the end of a wait can be `ready` (woken, waiting
     * for a core): still part of the wait the spin must not hide. */
    int64_t waited = result->workers[1].state_ns[CV_STATE_WAIT_ITEM] +
                     result->workers[1].state_ns[CV_STATE_READY];
    int64_t slept = result->workers[0].state_ns[CV_STATE_IO];
    assert_true(waited > slept * 3 / 4);
    cv_engine_destroy(engine);
}

static void test_put_and_get_events_carry_item_ids_and_fill_levels(void **state)
{
    (void)state;
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 1, 1, 4, 50);
    cv_engine *engine = cv_test_run(&scenario);
    assert_non_null(engine);
    const cv_trace *trace = cv_engine_trace(engine);
    uint32_t next_put = 0, puts = 0, gets = 0;
    for (uint32_t lane = 0; lane < trace->lane_count; lane++) {
        for (size_t i = 0; i < trace->events[lane].count; i++) {
            const cv_event *e = &trace->events[lane].events[i];
            if (cv_event_kind(e) == CV_EVENT_PUT) {
                /* One producer: ids come out in order. */
                assert_int_equal(e->item, next_put++);
                /* The fill is read at the stamp, after the post: the
                 * consumer may already have taken the item (0). */
                assert_in_range(cv_event_fill(e), 0, 4);
                puts++;
            } else if (cv_event_kind(e) == CV_EVENT_GET) {
                /* ... or the producer put the next ones (up to 4). */
                assert_in_range(cv_event_fill(e), 0, 4);
                gets++;
            }
        }
    }
    assert_int_equal(puts, 50);
    assert_int_equal(gets, 50);
    cv_engine_destroy(engine);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_producer_blocks_when_buffer_full_threads),
        cmocka_unit_test(test_producer_blocks_when_buffer_full_processes),
        cmocka_unit_test(test_consumer_blocks_when_buffer_empty_threads),
        cmocka_unit_test(test_consumer_blocks_when_buffer_empty_processes),
        cmocka_unit_test(test_producer_never_waits_for_a_slot_when_buffer_holds_everything_threads),
        cmocka_unit_test(
            test_producer_never_waits_for_a_slot_when_buffer_holds_everything_processes),
        cmocka_unit_test(test_put_and_get_events_carry_item_ids_and_fill_levels),
        cmocka_unit_test(test_a_wait_shorter_than_the_spin_is_not_drawn),
        cmocka_unit_test(test_a_wait_longer_than_the_spin_is_drawn_from_its_start),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
