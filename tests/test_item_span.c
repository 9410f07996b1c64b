/*
 * test_item_span.c — one span per state and item (viz/timeline/item_span.h).
 *
 * Hand-made lanes pin down the rules: a get starts the consumer's span for
 * that item and names what follows (I/O, waiting for the GIL, being
 * preempted); a wait is named by the hand-over that ends it; a producer's
 * spans are named by the put they lead to; spawn, done and a wait nothing
 * ends name none. A real CPU-only run on both backends checks the property
 * the issue asked for: no span holds two hand-overs, and every span of a
 * consumer between its get and its next wait names the item it got.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conveyor/engine.h"
#include "conveyor/scenario.h"
#include "support/simple_scenario.h"
#include "timeline/item_span.h"
#include "timeline/timeline.h"

#define N 32

typedef struct lane {
    cv_event events[N];
    size_t count;
} lane;

static void add(lane *l, int64_t t, uint32_t kind, uint32_t item)
{
    assert_true(l->count < N);
    l->events[l->count++] = cv_event_make(t, kind, item, 0);
}

/* Every span of the lane, in order. */
static size_t spans_of(const lane *l, int64_t end_ns, cv_item_span *out, size_t most)
{
    cv_item_span_walk walk;
    size_t n = 0;
    cv_item_span_walk_start(&walk, l->events, l->count, end_ns, true);
    while (n < most && cv_item_span_walk_next(&walk, &out[n]))
        n++;
    return n;
}

static void expect_span(const cv_item_span *s, cv_state state, int64_t start, int64_t end,
                        uint32_t item)
{
    assert_int_equal(s->state, state);
    assert_int_equal(s->start_ns, start);
    assert_int_equal(s->end_ns, end);
    assert_int_equal(s->item, item);
}

/* A consumer that never waits (work = none, a full buffer) stays in `work`
 * across items: each get starts the next span. */
static void test_back_to_back_gets_each_start_a_span(void **state)
{
    (void)state;
    lane l = {0};
    add(&l, 0, CV_STATE_SPAWN, 0);
    add(&l, 10, CV_STATE_WORK, 0);
    add(&l, 20, CV_EVENT_GET, 4);
    add(&l, 30, CV_EVENT_GET, 5);
    add(&l, 40, CV_EVENT_GET, 9);
    add(&l, 50, CV_STATE_DONE, 0);
    cv_item_span s[8];
    assert_int_equal(spans_of(&l, 100, s, 8), 5);
    expect_span(&s[0], CV_STATE_SPAWN, 0, 10, CV_NO_ITEM);
    /* The way to its first get and the work after it: one span, one item. */
    expect_span(&s[1], CV_STATE_WORK, 10, 30, 4);
    expect_span(&s[2], CV_STATE_WORK, 30, 40, 5);
    expect_span(&s[3], CV_STATE_WORK, 40, 50, 9);
    expect_span(&s[4], CV_STATE_DONE, 50, 50, CV_NO_ITEM);
}

/* A pool worker (job-queue): its I/O, its wait for the GIL and its wait for
 * a core all name the job it got; its wait for the next job names that one. */
static void test_a_consumer_s_io_names_the_item_it_got(void **state)
{
    (void)state;
    lane l = {0};
    add(&l, 0, CV_STATE_SPAWN, 0);
    add(&l, 10, CV_STATE_WAIT_ITEM, 0);
    add(&l, 100, CV_STATE_WORK, 0);
    add(&l, 105, CV_EVENT_GET, 12);
    add(&l, 110, CV_STATE_IO, 0);
    add(&l, 200, CV_STATE_READY, 0);
    add(&l, 210, CV_STATE_WAIT_GIL, 0);
    add(&l, 220, CV_STATE_WORK, 0);
    add(&l, 230, CV_STATE_WAIT_ITEM, 0);
    add(&l, 300, CV_STATE_WORK, 0);
    add(&l, 301, CV_EVENT_GET, 13);
    add(&l, 310, CV_STATE_IO, 0);
    cv_item_span s[16];
    assert_int_equal(spans_of(&l, 400, s, 16), 10);
    expect_span(&s[1], CV_STATE_WAIT_ITEM, 10, 100, 12);
    /* Woken, it takes the item: the get goes on with the same item, no cut. */
    expect_span(&s[2], CV_STATE_WORK, 100, 110, 12);
    expect_span(&s[3], CV_STATE_IO, 110, 200, 12);
    expect_span(&s[4], CV_STATE_READY, 200, 210, 12);
    expect_span(&s[5], CV_STATE_WAIT_GIL, 210, 220, 12);
    expect_span(&s[6], CV_STATE_WORK, 220, 230, 12);
    expect_span(&s[7], CV_STATE_WAIT_ITEM, 230, 300, 13);
    expect_span(&s[8], CV_STATE_WORK, 300, 310, 13);
    expect_span(&s[9], CV_STATE_IO, 310, 400, 13);
}

/* A producer: everything up to a put is about that put's item; after the
 * last put, and in a wait that never ends (a deadlock), none. */
static void test_a_producer_s_spans_lead_to_their_put(void **state)
{
    (void)state;
    lane l = {0};
    add(&l, 0, CV_STATE_SPAWN, 0);
    add(&l, 10, CV_STATE_WORK, 0);
    add(&l, 20, CV_STATE_IO, 0);
    add(&l, 30, CV_STATE_WORK, 0);
    add(&l, 35, CV_EVENT_PUT, 0);
    add(&l, 40, CV_STATE_WAIT_SLOT, 0);
    add(&l, 60, CV_STATE_WORK, 0);
    add(&l, 61, CV_EVENT_PUT, 1);
    add(&l, 70, CV_STATE_WAIT_SLOT, 0);
    cv_item_span s[16];
    assert_int_equal(spans_of(&l, 500, s, 16), 9);
    expect_span(&s[1], CV_STATE_WORK, 10, 20, 0);
    expect_span(&s[2], CV_STATE_IO, 20, 30, 0);
    expect_span(&s[3], CV_STATE_WORK, 30, 35, 0);
    expect_span(&s[4], CV_STATE_WORK, 35, 40, 1);
    expect_span(&s[5], CV_STATE_WAIT_SLOT, 40, 60, 1);
    expect_span(&s[6], CV_STATE_WORK, 60, 61, 1);
    expect_span(&s[7], CV_STATE_WORK, 61, 70, CV_NO_ITEM);
    expect_span(&s[8], CV_STATE_WAIT_SLOT, 70, 500, CV_NO_ITEM);
}

/* A hand-over stamped at the very time of a state change belongs to the
 * span that change begins: no span of zero length. */
static void test_a_handover_at_a_state_change_starts_no_empty_span(void **state)
{
    (void)state;
    lane l = {0};
    add(&l, 0, CV_STATE_SPAWN, 0);
    add(&l, 10, CV_STATE_WORK, 0);
    add(&l, 10, CV_EVENT_GET, 3);
    add(&l, 20, CV_STATE_DONE, 0);
    cv_item_span s[8];
    assert_int_equal(spans_of(&l, 100, s, 8), 3);
    expect_span(&s[1], CV_STATE_WORK, 10, 20, 3);
}

static void test_span_at_finds_the_span_under_a_time(void **state)
{
    (void)state;
    lane l = {0};
    add(&l, 10, CV_STATE_WORK, 0);
    add(&l, 20, CV_EVENT_GET, 4);
    add(&l, 30, CV_EVENT_GET, 5);
    cv_item_span s;
    assert_false(cv_item_span_at(l.events, l.count, 7, 100, false, &s));
    /* The get of item 4 leaves the worker on the item its span was already
     * about: one span from 10 to 30, found from either side of the get. */
    assert_true(cv_item_span_at(l.events, l.count, 25, 100, false, &s));
    expect_span(&s, CV_STATE_WORK, 10, 30, 4);
    assert_true(cv_item_span_at(l.events, l.count, 30, 100, false, &s));
    expect_span(&s, CV_STATE_WORK, 30, 100, 5);
    assert_true(cv_item_span_at(l.events, l.count, 15, 100, false, &s));
    expect_span(&s, CV_STATE_WORK, 10, 30, 4);
}

/* A real CPU-bound run: no span of any lane holds two hand-overs, every
 * span holding a get names its item, and the model's hover agrees with the
 * walk. */
static void check_real_run(const cv_scenario *scenario, size_t least_gets)
{
    cv_engine *engine = cv_test_run(scenario);
    assert_non_null(engine);
    const cv_trace *trace = cv_engine_trace(engine);
    assert_int_equal(trace->dropped_events, 0);
    cv_timeline *timeline = cv_timeline_create(trace);
    size_t named = 0;
    for (uint32_t lane_index = 0; lane_index < trace->lane_count; lane_index++) {
        const cv_lane_events *events = &trace->events[lane_index];
        cv_item_span_walk walk;
        cv_item_span span;
        cv_item_span_walk_start(&walk, events->events, events->count, trace->end_ns, false);
        while (cv_item_span_walk_next(&walk, &span)) {
            size_t handovers = 0;
            const cv_event *get = NULL;
            for (size_t i = span.begin; i < span.next; i++) {
                handovers += cv_event_is_handover(&events->events[i]);
                if (cv_event_kind(&events->events[i]) == CV_EVENT_GET)
                    get = &events->events[i];
            }
            if (handovers > 1)
                fail_msg("%s: a span from %lld ns to %lld ns holds %zu puts or gets",
                         trace->lanes[lane_index].name, (long long)span.start_ns,
                         (long long)span.end_ns, handovers);
            /* A get starts the consumer's span for its item. */
            if (get) {
                assert_int_equal(span.item, get->item);
                named++;
            }
            if (span.end_ns > span.start_ns) {
                cv_span hover;
                assert_true(cv_timeline_span_at(timeline, lane_index, span.start_ns, &hover));
                assert_int_equal(hover.start_ns, span.start_ns);
                assert_int_equal(hover.end_ns, span.end_ns);
                assert_int_equal(hover.item, span.item);
            }
        }
    }
    if (named < least_gets)
        fail_msg("only %zu gets are in a span they name", named);
    cv_timeline_destroy(timeline);
    cv_engine_destroy(engine);
}

static void test_a_cpu_bound_thread_run_has_one_span_per_item(void **state)
{
    (void)state;
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 2, 2, 2, 300);
    cv_test_add_step(&scenario, CV_ROLE_PRODUCER, CV_STEP_CPU, 20000);
    cv_test_add_step(&scenario, CV_ROLE_CONSUMER, CV_STEP_CPU, 40000);
    check_real_run(&scenario, 300);
}

static void test_a_cpu_bound_process_run_has_one_span_per_item(void **state)
{
    (void)state;
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_PROCESSES, 2, 2, 2, 300);
    cv_test_add_step(&scenario, CV_ROLE_PRODUCER, CV_STEP_CPU, 20000);
    cv_test_add_step(&scenario, CV_ROLE_CONSUMER, CV_STEP_CPU, 40000);
    check_real_run(&scenario, 300);
}

/* The case the issue found: the gil-processes lesson, where a consumer that
 * never waits for an item once stayed in one `work` span for 20 items. Its
 * own file, with shorter steps so the test stays short. */
static void test_the_gil_processes_lesson_has_one_span_per_item(void **state)
{
    (void)state;
    const char *overrides[] = {"consumers.work=cpu 2ms"};
    cv_scenario scenario;
    cv_diagnostics diagnostics = {0};
    assert_int_equal(cv_scenario_load_file(CV_TEST_SCENARIOS_DIR "/gil-processes.ini", overrides, 1,
                                           &scenario, &diagnostics),
                     CV_OK);
    check_real_run(&scenario, 40);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_back_to_back_gets_each_start_a_span),
        cmocka_unit_test(test_a_consumer_s_io_names_the_item_it_got),
        cmocka_unit_test(test_a_producer_s_spans_lead_to_their_put),
        cmocka_unit_test(test_a_handover_at_a_state_change_starts_no_empty_span),
        cmocka_unit_test(test_span_at_finds_the_span_under_a_time),
        cmocka_unit_test(test_a_cpu_bound_thread_run_has_one_span_per_item),
        cmocka_unit_test(test_a_cpu_bound_process_run_has_one_span_per_item),
        cmocka_unit_test(test_the_gil_processes_lesson_has_one_span_per_item),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
