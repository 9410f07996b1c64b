/*
 * test_handover.c — following an item (issue 20, point 13): the index from
 * item id to its put and its get, the tick under the mouse, and the
 * hand-overs in view, thinned to one per bucket and said to be.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "conveyor/trace.h"
#include "timeline/handover.h"

#define US 1000ll

/* P0 and P1 put, C0 and C1 get. Item 3's get is stamped before its put (a
 * put is stamped after its post, so a consumer can get in first); item 2 is
 * got twice (a race), and item 5 is put but never got. */
static void small_trace(cv_trace *trace)
{
    assert_int_equal(cv_trace_init(trace, 4, NULL), CV_OK);
    const char *names[] = {"P0", "P1", "C0", "C1"};
    for (uint32_t i = 0; i < 4; i++) {
        snprintf(trace->lanes[i].name, sizeof trace->lanes[i].name, "%s", names[i]);
        trace->lanes[i].role = i < 2 ? CV_ROLE_PRODUCER : CV_ROLE_CONSUMER;
    }
    cv_event p0[] = {
        cv_event_make(0, CV_STATE_WORK, 0, 0),
        cv_event_make(100 * US, CV_EVENT_PUT, 1, 1),
        cv_event_make(300 * US, CV_EVENT_PUT, 3, 1),
        cv_event_make(900 * US, CV_EVENT_PUT, 5, 1),
    };
    cv_event p1[] = {cv_event_make(0, CV_STATE_WORK, 0, 0),
                     cv_event_make(200 * US, CV_EVENT_PUT, 2, 2)};
    cv_event c0[] = {
        cv_event_make(0, CV_STATE_WAIT_ITEM, 0, 0), cv_event_make(150 * US, CV_EVENT_GET, 1, 0),
        cv_event_make(299 * US, CV_EVENT_GET, 3, 0), cv_event_make(400 * US, CV_EVENT_GET, 2, 0)};
    cv_event c1[] = {cv_event_make(0, CV_STATE_WAIT_ITEM, 0, 0),
                     cv_event_make(260 * US, CV_EVENT_GET, 2, 1)};
    assert_int_equal(cv_trace_append(trace, 0, p0, 4, NULL), CV_OK);
    assert_int_equal(cv_trace_append(trace, 1, p1, 2, NULL), CV_OK);
    assert_int_equal(cv_trace_append(trace, 2, c0, 4, NULL), CV_OK);
    assert_int_equal(cv_trace_append(trace, 3, c1, 2, NULL), CV_OK);
    trace->end_ns = 1000 * US;
}

static void test_each_item_leads_from_its_put_to_its_first_get(void **state)
{
    (void)state;
    cv_trace trace;
    small_trace(&trace);
    cv_handover_index index = {0};
    assert_int_equal(cv_handover_update(&index, &trace, NULL), CV_OK);
    cv_handover h;
    assert_true(cv_handover_find(&index, 1, &h));
    assert_int_equal(h.put_lane, 0);
    assert_int_equal(h.get_lane, 2);
    assert_int_equal(h.put_ns, 100 * US);
    assert_int_equal(h.get_ns, 150 * US);
    /* Got twice: the first get is the hand-over. */
    assert_true(cv_handover_find(&index, 2, &h));
    assert_int_equal(h.put_lane, 1);
    assert_int_equal(h.get_lane, 3);
    assert_int_equal(h.get_ns, 260 * US);
    /* Its get stamped 1 us before its put: both ends still found. */
    assert_true(cv_handover_find(&index, 3, &h));
    assert_int_equal(h.put_ns, 300 * US);
    assert_int_equal(h.get_ns, 299 * US);
    /* Put, never got. */
    assert_true(cv_handover_find(&index, 5, &h));
    assert_int_equal(h.get_lane, CV_HANDOVER_NONE);
    assert_false(cv_handover_find(&index, 4, &h));
    assert_false(cv_handover_find(&index, 1u << 30, &h));
    cv_handover_free(&index);
    cv_trace_free(&trace);
}

static void test_the_tick_under_the_mouse_names_its_item(void **state)
{
    (void)state;
    cv_trace trace;
    small_trace(&trace);
    cv_handover_index index = {0};
    assert_int_equal(cv_handover_update(&index, &trace, NULL), CV_OK);
    cv_handover h;
    /* Near C1's get of item 2, from either side; nothing far from a tick. */
    assert_true(cv_handover_at(&index, 3, 262 * US, 5 * US, &h));
    assert_int_equal(h.item, 2);
    assert_int_equal(h.put_lane, 1);
    assert_true(cv_handover_at(&index, 0, 97 * US, 5 * US, &h));
    assert_int_equal(h.item, 1);
    assert_false(cv_handover_at(&index, 0, 50 * US, 5 * US, &h));
    assert_false(cv_handover_at(&index, 9, 100 * US, 5 * US, &h));
    cv_handover_free(&index);
    cv_trace_free(&trace);
}

static void test_a_live_run_is_taken_in_as_it_grows(void **state)
{
    (void)state;
    cv_trace trace;
    small_trace(&trace);
    cv_handover_index index = {0};
    assert_int_equal(cv_handover_update(&index, &trace, NULL), CV_OK);
    cv_handover h;
    assert_int_equal(cv_handover_find(&index, 5, &h) && h.get_lane != CV_HANDOVER_NONE, false);
    cv_event later = cv_event_make(950 * US, CV_EVENT_GET, 5, 0);
    assert_int_equal(cv_trace_append(&trace, 3, &later, 1, NULL), CV_OK);
    assert_int_equal(cv_handover_update(&index, &trace, NULL), CV_OK);
    assert_true(cv_handover_find(&index, 5, &h));
    assert_int_equal(h.get_lane, 3);
    assert_int_equal(h.get_ns, 950 * US);
    cv_handover_free(&index);
    cv_trace_free(&trace);
}

static void test_items_in_view_are_one_per_bucket_and_say_when_thinned(void **state)
{
    (void)state;
    cv_trace trace;
    small_trace(&trace);
    cv_handover_index index = {0};
    assert_int_equal(cv_handover_update(&index, &trace, NULL), CV_OK);
    cv_handover out[16];
    bool thinned = true;
    /* Buckets of 50 us: every put alone in its bucket, nothing thinned. */
    size_t n = cv_handover_in_view(&index, 0, 1000 * US, 50 * US, 4, out, 16, &thinned);
    assert_int_equal(n, 4);
    assert_false(thinned);
    assert_int_equal(out[0].item, 1);
    assert_int_equal(out[1].item, 2);
    assert_int_equal(out[2].item, 3);
    assert_int_equal(out[3].item, 5);
    /* One bucket for 0-500 us holds three puts: the earliest is taken, and said thinned. */
    n = cv_handover_in_view(&index, 0, 1000 * US, 500 * US, 4, out, 16, &thinned);
    assert_int_equal(n, 2);
    assert_true(thinned);
    assert_int_equal(out[0].item, 1);
    assert_int_equal(out[1].item, 5);
    /* A view of 250-350 us: only item 3. */
    n = cv_handover_in_view(&index, 250 * US, 350 * US, 10 * US, 4, out, 16, &thinned);
    assert_int_equal(n, 1);
    assert_int_equal(out[0].item, 3);
    /* Room for one: one, and thinned. */
    n = cv_handover_in_view(&index, 0, 1000 * US, 50 * US, 4, out, 1, &thinned);
    assert_int_equal(n, 1);
    assert_true(thinned);
    cv_handover_free(&index);
    cv_trace_free(&trace);
}

/* A million items, zoomed out: at most one hand-over per bucket, however
 * many there are, and the index holds every item. */
static void test_a_million_items_give_at_most_one_arrow_per_bucket(void **state)
{
    (void)state;
    cv_trace trace;
    assert_int_equal(cv_trace_init(&trace, 2, NULL), CV_OK);
    trace.lanes[0].role = CV_ROLE_PRODUCER;
    trace.lanes[1].role = CV_ROLE_CONSUMER;
    enum { ITEMS = 1000000 };
    static cv_event puts[ITEMS], gets[ITEMS];
    for (uint32_t i = 0; i < ITEMS; i++) {
        puts[i] = cv_event_make((int64_t)i * 10 * US, CV_EVENT_PUT, i + 1, 1);
        gets[i] = cv_event_make((int64_t)i * 10 * US + 3 * US, CV_EVENT_GET, i + 1, 0);
    }
    assert_int_equal(cv_trace_append(&trace, 0, puts, ITEMS, NULL), CV_OK);
    assert_int_equal(cv_trace_append(&trace, 1, gets, ITEMS, NULL), CV_OK);
    trace.end_ns = (int64_t)ITEMS * 10 * US;
    cv_handover_index index = {0};
    assert_int_equal(cv_handover_update(&index, &trace, NULL), CV_OK);
    cv_handover h;
    assert_true(cv_handover_find(&index, ITEMS, &h));
    assert_int_equal(h.get_ns - h.put_ns, 3 * US);
    cv_handover out[256];
    bool thinned = false;
    int64_t bucket = trace.end_ns / 40;
    size_t n = cv_handover_in_view(&index, 0, trace.end_ns, bucket, 2, out, 256, &thinned);
    assert_int_equal(n, 40);
    assert_true(thinned);
    cv_handover_free(&index);
    cv_trace_free(&trace);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_item_leads_from_its_put_to_its_first_get),
        cmocka_unit_test(test_the_tick_under_the_mouse_names_its_item),
        cmocka_unit_test(test_a_live_run_is_taken_in_as_it_grows),
        cmocka_unit_test(test_items_in_view_are_one_per_bucket_and_say_when_thinned),
        cmocka_unit_test(test_a_million_items_give_at_most_one_arrow_per_bucket),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
