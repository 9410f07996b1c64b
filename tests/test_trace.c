/*
 * test_trace.c — the collected trace: appending grows lanes in order, and
 * time per state is measured from one state event to the next.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "conveyor/trace.h"

static void test_appended_events_are_kept_in_order_across_growth(void **state)
{
    (void)state;
    cv_trace trace;
    assert_int_equal(cv_trace_init(&trace, 2, NULL), CV_OK);
    for (int64_t t = 0; t < 5000; t++) {
        cv_event e = cv_event_make(t, CV_EVENT_PUT, (uint32_t)t, 1);
        assert_int_equal(cv_trace_append(&trace, 1, &e, 1, NULL), CV_OK);
    }
    assert_int_equal(trace.events[1].count, 5000);
    assert_int_equal(trace.events[0].count, 0);
    assert_int_equal(trace.event_count, 5000);
    assert_int_equal(trace.events[1].events[4321].item, 4321);
    assert_int_equal(trace.end_ns, 4999);
    cv_trace_free(&trace);
}

static void test_state_times_run_from_one_state_event_to_the_next(void **state)
{
    (void)state;
    cv_trace trace;
    assert_int_equal(cv_trace_init(&trace, 1, NULL), CV_OK);
    cv_event events[] = {
        cv_event_make(0, CV_STATE_SPAWN, 0, 0),   cv_event_make(100, CV_STATE_WORK, 0, 0),
        cv_event_make(150, CV_EVENT_PUT, 1, 1),   cv_event_make(300, CV_STATE_WAIT_SLOT, 0, 0),
        cv_event_make(1000, CV_STATE_WORK, 0, 0), cv_event_make(1200, CV_STATE_DONE, 0, 0),
    };
    assert_int_equal(cv_trace_append(&trace, 0, events, 6, NULL), CV_OK);
    int64_t times[CV_STATE_COUNT];
    cv_trace_lane_state_times(&trace, 0, 5000, times);
    assert_int_equal(times[CV_STATE_SPAWN], 100);
    assert_int_equal(times[CV_STATE_WORK], 200 + 200);
    assert_int_equal(times[CV_STATE_WAIT_SLOT], 700);
    assert_int_equal(times[CV_STATE_DONE], 0);
    /* Up to a time inside a span, the open span counts up to that time. */
    cv_trace_lane_state_times(&trace, 0, 500, times);
    assert_int_equal(times[CV_STATE_WAIT_SLOT], 200);
    cv_trace_free(&trace);
}

static void test_state_names_round_trip(void **state)
{
    (void)state;
    for (int s = 0; s < CV_STATE_COUNT; s++) {
        cv_state parsed;
        assert_true(cv_state_from_name(cv_state_name((cv_state)s), &parsed));
        assert_int_equal(parsed, s);
    }
    cv_state parsed;
    assert_false(cv_state_from_name("sleeping", &parsed));
    assert_string_equal(cv_state_name(CV_STATE_WAIT_SLOT), "wait-slot");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_appended_events_are_kept_in_order_across_growth),
        cmocka_unit_test(test_state_times_run_from_one_state_event_to_the_next),
        cmocka_unit_test(test_state_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
