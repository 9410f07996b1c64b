/*
 * test_trace.c — the collected trace: appending grows lanes in order, and
 * time per state is measured from one state event to the next, room mapped
 * ahead is used without growing again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "trace_grow.h"

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

static void test_room_prepared_ahead_takes_events_without_growing(void **state)
{
    (void)state;
    cv_trace trace;
    assert_int_equal(cv_trace_init(&trace, 1, NULL), CV_OK);
    cv_event first = cv_event_make(0, CV_STATE_SPAWN, 0, 0);
    assert_int_equal(cv_trace_append(&trace, 0, &first, 1, NULL), CV_OK);
    assert_true(cv_trace_prepare(&trace, 0, 100000));
    const cv_event *mapped = trace.events[0].events;
    size_t capacity = trace.events[0].capacity;
    assert_true(capacity >= 100001);
    for (int64_t t = 1; t <= 100000; t++) {
        cv_event e = cv_event_make(t, CV_EVENT_GET, (uint32_t)t, 0);
        assert_int_equal(cv_trace_append(&trace, 0, &e, 1, NULL), CV_OK);
    }
    assert_ptr_equal(trace.events[0].events, mapped);
    assert_int_equal(trace.events[0].capacity, capacity);
    assert_int_equal(cv_event_kind(&trace.events[0].events[0]), CV_STATE_SPAWN);
    assert_int_equal(trace.events[0].events[100000].item, 100000);
    /* Past the prepared room the lane grows as usual, keeping what it has. */
    cv_event more = cv_event_make(100001, CV_EVENT_GET, 7, 0);
    for (size_t i = trace.events[0].count; i <= capacity; i++)
        assert_int_equal(cv_trace_append(&trace, 0, &more, 1, NULL), CV_OK);
    assert_true(trace.events[0].capacity > capacity);
    assert_int_equal(trace.events[0].events[100000].item, 100000);
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

/* One predicate for "an item changed hands", for every reader of a trace. */
static void test_only_puts_and_gets_are_handovers(void **state)
{
    (void)state;
    for (uint32_t kind = 0; kind < 256; kind++) {
        cv_event e = cv_event_make(0, kind, 7, 1);
        bool handover = kind == CV_EVENT_PUT || kind == CV_EVENT_GET;
        assert_int_equal(cv_event_is_handover(&e), handover);
        if (handover)
            assert_false(cv_event_is_state(&e));
    }
}

/* The scenario loader offers the same names the exports print. */
static void test_backend_and_sync_names_come_from_one_table(void **state)
{
    (void)state;
    for (int b = 0; b < CV_BACKEND_COUNT; b++)
        assert_string_equal(cv_backend_name((cv_backend)b), cv_backend_names[b]);
    for (int m = 0; m < CV_SYNC_COUNT; m++)
        assert_string_equal(cv_sync_name((cv_sync)m), cv_sync_names[m]);
    assert_string_equal(cv_sync_name(CV_SYNC_MUTEX_FIRST), "mutex-first");
    assert_string_equal(cv_backend_name(CV_BACKEND_PROCESSES), "processes");
    assert_string_equal(cv_sync_name((cv_sync)CV_SYNC_COUNT), "unknown");
    assert_string_equal(cv_backend_name((cv_backend)CV_BACKEND_COUNT), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_appended_events_are_kept_in_order_across_growth),
        cmocka_unit_test(test_room_prepared_ahead_takes_events_without_growing),
        cmocka_unit_test(test_state_times_run_from_one_state_event_to_the_next),
        cmocka_unit_test(test_state_names_round_trip),
        cmocka_unit_test(test_only_puts_and_gets_are_handovers),
        cmocka_unit_test(test_backend_and_sync_names_come_from_one_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
