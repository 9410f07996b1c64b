/*
 * test_timeline.c — the timeline model answers what each pixel column shows.
 *
 * Hand-made traces with known spans pin down the exact answers (dominant
 * state, mixed columns, put/get counts, hover spans, buffer fill); large
 * synthetic traces check that the level-of-detail summaries agree with the
 * exact walk and that a model fed frame by frame equals one built at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/synthetic_trace.h"
#include "timeline/exact_scan.h"
#include "timeline/timeline.h"

static void add(cv_trace *trace, uint32_t lane, int64_t t, uint32_t kind, uint32_t item,
                uint32_t fill)
{
    cv_event e = cv_event_make(t, kind, item, fill);
    assert_int_equal(cv_trace_append(trace, lane, &e, 1, NULL), CV_OK);
}

/* Lane 0: spawn 0-40, work 40-390, wait-lock 390-400 with a put of item 7
 * at 399, io 400-800, done 800 to the end (1000). */
static void make_simple(cv_trace *trace)
{
    assert_int_equal(cv_trace_init(trace, 2, NULL), CV_OK);
    add(trace, 0, 0, CV_STATE_SPAWN, 0, 0);
    add(trace, 0, 40, CV_STATE_WORK, 0, 0);
    add(trace, 0, 390, CV_STATE_WAIT_LOCK, 0, 0);
    add(trace, 0, 399, CV_EVENT_PUT, 7, 1);
    add(trace, 0, 400, CV_STATE_IO, 0, 0);
    add(trace, 0, 800, CV_STATE_DONE, 0, 0);
    trace->end_ns = 1000;
}

static void test_known_spans_give_known_columns(void **state)
{
    (void)state;
    cv_trace trace;
    make_simple(&trace);
    cv_timeline *timeline = cv_timeline_create(&trace);
    assert_non_null(timeline);
    cv_column columns[10];
    cv_timeline_query(timeline, 0, 0, 1000, 10, columns);
    const uint8_t expected[10] = {CV_STATE_WORK, CV_STATE_WORK, CV_STATE_WORK, CV_STATE_WORK,
                                  CV_STATE_IO,   CV_STATE_IO,   CV_STATE_IO,   CV_STATE_IO,
                                  CV_STATE_DONE, CV_STATE_DONE};
    const uint8_t mixed[10] = {1, 0, 0, 1, 0, 0, 0, 0, 0, 0};
    for (int c = 0; c < 10; c++) {
        assert_int_equal(columns[c].state, expected[c]);
        assert_int_equal(columns[c].mixed, mixed[c]);
    }
    assert_int_equal(columns[3].puts, 1);
    assert_int_equal(columns[3].gets, 0);
    assert_int_equal(columns[4].puts, 0);
    cv_timeline_destroy(timeline);
    cv_trace_free(&trace);
}

static void test_dominant_state_wins_a_column_of_many_short_spans(void **state)
{
    (void)state;
    cv_trace trace;
    assert_int_equal(cv_trace_init(&trace, 1, NULL), CV_OK);
    /* 30 ns of work then 10 ns of wait-gil, 100 times over 4000 ns. */
    for (int64_t t = 0; t < 4000; t += 40) {
        add(&trace, 0, t, CV_STATE_WORK, 0, 0);
        add(&trace, 0, t + 30, CV_STATE_WAIT_GIL, 0, 0);
    }
    trace.end_ns = 4000;
    cv_timeline *timeline = cv_timeline_create(&trace);
    cv_column columns[2];
    cv_timeline_query(timeline, 0, 0, 4000, 2, columns);
    for (int c = 0; c < 2; c++) {
        assert_int_equal(columns[c].state, CV_STATE_WORK);
        assert_int_equal(columns[c].mixed, 1);
    }
    cv_timeline_destroy(timeline);
    cv_trace_free(&trace);
}

static void test_zoomed_in_columns_follow_exact_span_edges(void **state)
{
    (void)state;
    cv_trace trace;
    make_simple(&trace);
    cv_timeline *timeline = cv_timeline_create(&trace);
    cv_column columns[100];
    /* 1 ns per column around the work -> wait-lock -> io edges. */
    cv_timeline_query(timeline, 0, 350, 450, 100, columns);
    for (int c = 0; c < 100; c++) {
        uint8_t want = c < 40 ? CV_STATE_WORK : c < 50 ? CV_STATE_WAIT_LOCK : CV_STATE_IO;
        assert_int_equal(columns[c].state, want);
        assert_int_equal(columns[c].mixed, 0);
        assert_int_equal(columns[c].puts, c == 49 ? 1 : 0);
    }
    cv_timeline_destroy(timeline);
    cv_trace_free(&trace);
}

static void test_span_at_names_the_span_under_the_cursor(void **state)
{
    (void)state;
    cv_trace trace;
    make_simple(&trace);
    cv_timeline *timeline = cv_timeline_create(&trace);
    cv_span span;
    assert_true(cv_timeline_span_at(timeline, 0, 450, &span));
    assert_int_equal(span.state, CV_STATE_IO);
    assert_int_equal(span.start_ns, 400);
    assert_int_equal(span.end_ns, 800);
    assert_int_equal(span.item, UINT32_MAX);

    /* The put ends the wait that led to it, and names it. */
    assert_true(cv_timeline_span_at(timeline, 0, 390, &span));
    assert_int_equal(span.state, CV_STATE_WAIT_LOCK);
    assert_int_equal(span.start_ns, 390);
    assert_int_equal(span.end_ns, 399);
    assert_int_equal(span.item, 7);

    /* After it, on the way to no further put, it names none. */
    assert_true(cv_timeline_span_at(timeline, 0, 399, &span));
    assert_int_equal(span.start_ns, 399);
    assert_int_equal(span.end_ns, 400);
    assert_int_equal(span.item, UINT32_MAX);

    assert_true(cv_timeline_span_at(timeline, 0, 999, &span));
    assert_int_equal(span.state, CV_STATE_DONE);
    assert_int_equal(span.end_ns, 1000);

    assert_false(cv_timeline_span_at(timeline, 0, 1001, &span));
    assert_false(cv_timeline_span_at(timeline, 1, 500, &span));
    assert_false(cv_timeline_span_at(timeline, 2, 500, &span));
    cv_timeline_destroy(timeline);
    cv_trace_free(&trace);
}

static void test_span_at_before_the_first_event_finds_nothing(void **state)
{
    (void)state;
    cv_trace trace;
    assert_int_equal(cv_trace_init(&trace, 1, NULL), CV_OK);
    add(&trace, 0, 100, CV_STATE_SPAWN, 0, 0);
    trace.end_ns = 200;
    cv_timeline *timeline = cv_timeline_create(&trace);
    cv_span span;
    assert_false(cv_timeline_span_at(timeline, 0, 99, &span));
    assert_true(cv_timeline_span_at(timeline, 0, 100, &span));
    assert_int_equal(span.state, CV_STATE_SPAWN);
    assert_int_equal(span.end_ns, 200);
    cv_timeline_destroy(timeline);
    cv_trace_free(&trace);
}

/* Producer lane 0 and consumer lane 1 share a buffer: fill 1,2,3 then 2,1. */
static void make_fill(cv_trace *trace)
{
    assert_int_equal(cv_trace_init(trace, 2, NULL), CV_OK);
    add(trace, 0, 0, CV_STATE_WORK, 0, 0);
    add(trace, 0, 150, CV_EVENT_PUT, 0, 1);
    add(trace, 0, 250, CV_EVENT_PUT, 1, 2);
    add(trace, 0, 260, CV_EVENT_PUT, 2, 3);
    add(trace, 1, 0, CV_STATE_WAIT_ITEM, 0, 0);
    add(trace, 1, 270, CV_EVENT_GET, 0, 2);
    add(trace, 1, 650, CV_EVENT_GET, 1, 1);
    trace->end_ns = 1000;
}

static void test_fill_query_gives_the_highest_level_per_column(void **state)
{
    (void)state;
    cv_trace trace;
    make_fill(&trace);
    cv_timeline *timeline = cv_timeline_create(&trace);
    uint32_t fill[10];
    cv_timeline_fill_query(timeline, 0, 1000, 10, fill);
    const uint32_t expected[10] = {0, 1, 3, 2, 2, 2, 2, 1, 1, 1};
    for (int c = 0; c < 10; c++)
        assert_int_equal(fill[c], expected[c]);
    /* A window starting mid-run starts from the level left before it. */
    cv_timeline_fill_query(timeline, 400, 600, 2, fill);
    assert_int_equal(fill[0], 2);
    assert_int_equal(fill[1], 2);
    cv_timeline_destroy(timeline);
    cv_trace_free(&trace);
}

static void test_empty_lanes_give_empty_columns(void **state)
{
    (void)state;
    cv_trace trace;
    make_simple(&trace);
    cv_timeline *timeline = cv_timeline_create(&trace);
    cv_column columns[8];
    cv_timeline_query(timeline, 1, 0, 1000, 8, columns);
    for (int c = 0; c < 8; c++) {
        assert_int_equal(columns[c].state, CV_COLUMN_EMPTY);
        assert_int_equal(columns[c].puts + columns[c].gets, 0);
    }
    cv_timeline_query(timeline, 9, 0, 1000, 8, columns);
    assert_int_equal(columns[0].state, CV_COLUMN_EMPTY);
    cv_timeline_destroy(timeline);
    cv_trace_free(&trace);
}

static void test_a_trace_with_no_events_at_all_is_empty_everywhere(void **state)
{
    (void)state;
    cv_trace trace;
    assert_int_equal(cv_trace_init(&trace, 3, NULL), CV_OK);
    cv_timeline *timeline = cv_timeline_create(&trace);
    assert_non_null(timeline);
    cv_column columns[4];
    uint32_t fill[4];
    cv_timeline_query(timeline, 2, 0, 100, 4, columns);
    cv_timeline_fill_query(timeline, 0, 100, 4, fill);
    for (int c = 0; c < 4; c++) {
        assert_int_equal(columns[c].state, CV_COLUMN_EMPTY);
        assert_int_equal(fill[c], 0);
    }
    cv_timeline_destroy(timeline);
    cv_trace_free(&trace);
}

static void test_columns_before_the_start_and_after_the_end_are_empty(void **state)
{
    (void)state;
    cv_trace trace;
    make_simple(&trace);
    cv_timeline *timeline = cv_timeline_create(&trace);
    cv_column columns[4];
    cv_timeline_query(timeline, 0, -1000, 2000, 4, columns); /* 750 ns per column */
    assert_int_equal(columns[0].state, CV_COLUMN_EMPTY);
    assert_int_equal(columns[1].state, CV_STATE_WORK); /* [-250, 500): work 350 of 540 */
    assert_int_equal(columns[1].mixed, 1);
    assert_int_equal(columns[2].state, CV_STATE_IO); /* [500, 1250): io 300, done 200 */
    assert_int_equal(columns[2].mixed, 1);
    assert_int_equal(columns[3].state, CV_COLUMN_EMPTY);
    /* A reversed or empty range gives empty columns rather than garbage. */
    cv_timeline_query(timeline, 0, 500, 500, 4, columns);
    assert_int_equal(columns[0].state, CV_COLUMN_EMPTY);
    cv_timeline_destroy(timeline);
    cv_trace_free(&trace);
}

static void test_the_open_state_grows_with_the_live_edge(void **state)
{
    (void)state;
    cv_trace trace;
    assert_int_equal(cv_trace_init(&trace, 1, NULL), CV_OK);
    add(&trace, 0, 0, CV_STATE_WORK, 0, 0);
    trace.end_ns = 100;
    cv_timeline *timeline = cv_timeline_create(&trace);
    cv_column columns[4];
    cv_timeline_query(timeline, 0, 0, 400, 4, columns);
    assert_int_equal(columns[0].state, CV_STATE_WORK);
    assert_int_equal(columns[1].state, CV_COLUMN_EMPTY);

    add(&trace, 0, 240, CV_STATE_IO, 0, 0);
    trace.end_ns = 300;
    cv_timeline_query(timeline, 0, 0, 400, 4, columns);
    assert_int_equal(columns[1].state, CV_COLUMN_EMPTY); /* not taken in until update */
    cv_timeline_update(timeline);
    cv_timeline_query(timeline, 0, 0, 400, 4, columns);
    assert_int_equal(columns[1].state, CV_STATE_WORK);
    assert_int_equal(columns[2].state, CV_STATE_IO);
    assert_int_equal(columns[2].mixed, 1);
    assert_int_equal(columns[3].state, CV_COLUMN_EMPTY);
    cv_timeline_destroy(timeline);
    cv_trace_free(&trace);
}

/* A lane with 1 us periods: 900 ns work + 100 ns io in the first half of
 * the run, 100 ns work + 900 ns io in the second, with a put in each. */
static void make_dense(cv_trace *trace, int64_t periods)
{
    assert_int_equal(cv_trace_init(trace, 1, NULL), CV_OK);
    for (int64_t p = 0; p < periods; p++) {
        int64_t t = p * 1000;
        int64_t work = p < periods / 2 ? 900 : 100;
        add(trace, 0, t, CV_STATE_WORK, 0, 0);
        add(trace, 0, t + work - 1, CV_EVENT_PUT, (uint32_t)p, (uint32_t)(p % 5));
        add(trace, 0, t + work, CV_STATE_IO, 0, 0);
    }
    trace->end_ns = periods * 1000;
}

static void test_zoomed_out_summary_gives_known_columns(void **state)
{
    (void)state;
    cv_trace trace;
    const int64_t periods = 100000; /* 300k events, 3000 per column below */
    make_dense(&trace, periods);
    cv_timeline *timeline = cv_timeline_create(&trace);
    cv_column columns[100];
    cv_timeline_query(timeline, 0, 0, periods * 1000, 100, columns);
    uint32_t puts = 0;
    for (int c = 0; c < 100; c++) {
        assert_int_equal(columns[c].state, c < 50 ? CV_STATE_WORK : CV_STATE_IO);
        assert_int_equal(columns[c].mixed, 1);
        puts += columns[c].puts;
    }
    assert_int_equal(puts, periods);
    uint32_t fill[100];
    cv_timeline_fill_query(timeline, 0, periods * 1000, 100, fill);
    for (int c = 0; c < 100; c++)
        assert_int_equal(fill[c], 4);
    cv_timeline_destroy(timeline);
    cv_trace_free(&trace);
}

static cv_trace synthetic(uint32_t lanes, uint64_t events)
{
    cv_trace trace;
    cv_synthetic_options options = {lanes, events, 42, 8, 0};
    assert_int_equal(cv_synthetic_trace(&trace, &options, NULL), CV_OK);
    return trace;
}

/* Time per state in each column, straight from the state spans: the test's oracle. */
static void oracle_state_ns(const cv_trace *trace, uint32_t lane, int64_t t0, int64_t t1,
                            uint32_t n, int64_t (*out)[CV_STATE_COUNT])
{
    memset(out, 0, n * sizeof *out);
    const cv_lane_events *events = &trace->events[lane];
    int64_t width = (t1 - t0) / n; /* the tests use ranges divisible by n */
    for (size_t i = 0; i < events->count; i++) {
        if (!cv_event_is_state(&events->events[i]))
            continue;
        size_t next = i + 1;
        while (next < events->count && !cv_event_is_state(&events->events[next]))
            next++;
        int64_t from = events->events[i].time_ns;
        int64_t to = next < events->count ? events->events[next].time_ns : trace->end_ns;
        for (uint32_t c = 0; c < n; c++) {
            int64_t a = t0 + c * width, b = a + width;
            int64_t overlap = (to < b ? to : b) - (from > a ? from : a);
            if (overlap > 0)
                out[c][cv_event_kind(&events->events[i])] += overlap;
        }
    }
}

/*
 * Bucket edges blur column edges a little, so the summary may pick another
 * state than the exact walk, but only in a near tie: its pick must have had
 * at least a third of the winner's time. Returns how many columns disagreed.
 */
static uint32_t check_near_ties(const cv_column *summary, const cv_column *exact,
                                int64_t (*oracle)[CV_STATE_COUNT], uint32_t n)
{
    uint32_t differ = 0;
    for (uint32_t c = 0; c < n; c++) {
        if (summary[c].state == exact[c].state)
            continue;
        differ++;
        assert_int_not_equal(summary[c].state, CV_COLUMN_EMPTY);
        assert_int_not_equal(exact[c].state, CV_COLUMN_EMPTY);
        assert_in_range(oracle[c][summary[c].state] * 3, oracle[c][exact[c].state], INT64_MAX);
    }
    return differ;
}

/*
 * What every answer must satisfy, however the model was built: columns match
 * the exact walk except in near ties, put counts are kept, and the fill strip
 * never shows more than the buffer held around that column.
 */
static void check_against_exact(const cv_timeline *timeline, const cv_trace *trace, int64_t t0,
                                int64_t t1, uint32_t *states_seen)
{
    enum { N = 500 };
    static cv_column summary[N], exact[N];
    static int64_t oracle[N][CV_STATE_COUNT];
    static uint32_t fill[N], exact_fill[N];
    t1 = t0 + (t1 - t0) / N * N;
    for (uint32_t lane = 0; lane < trace->lane_count; lane++) {
        cv_lane_view view = {trace->events[lane].events, trace->events[lane].count, trace->end_ns};
        cv_timeline_query(timeline, lane, t0, t1, N, summary);
        cv_exact_columns(&view, t0, t1, N, exact);
        oracle_state_ns(trace, lane, t0, t1, N, oracle);
        assert_in_range(check_near_ties(summary, exact, oracle, N), 0, N / 5);
        uint64_t puts_summary = 0, puts_exact = 0;
        for (int c = 0; c < N; c++) {
            *states_seen |= 1u << exact[c].state;
            puts_summary += summary[c].puts;
            puts_exact += exact[c].puts;
        }
        assert_in_range(puts_summary, puts_exact * 98 / 100, puts_exact * 102 / 100 + 2);
    }
    size_t taken[64];
    for (uint32_t lane = 0; lane < trace->lane_count; lane++)
        taken[lane] = trace->events[lane].count;
    cv_timeline_fill_query(timeline, t0, t1, N, fill);
    cv_exact_fill(trace, taken, t0, t1, N, exact_fill);
    uint32_t equal = 0;
    for (int c = 0; c < N; c++) {
        uint32_t high = exact_fill[c];
        if (c > 0 && exact_fill[c - 1] > high)
            high = exact_fill[c - 1];
        if (c + 1 < N && exact_fill[c + 1] > high)
            high = exact_fill[c + 1];
        assert_in_range(fill[c], 0, high);
        equal += fill[c] == exact_fill[c];
    }
    assert_in_range(equal, N / 2, N);
}

static void test_summary_agrees_with_the_exact_walk(void **state)
{
    (void)state;
    cv_trace trace = synthetic(8, 400000);
    cv_timeline *timeline = cv_timeline_create(&trace);
    const int64_t end = trace.end_ns;
    uint32_t states_seen = 0;
    /* Whole run, a quarter (tens of events per column) and the second half. */
    check_against_exact(timeline, &trace, 0, end, &states_seen);
    check_against_exact(timeline, &trace, end / 3, end / 3 + end / 4, &states_seen);
    check_against_exact(timeline, &trace, end / 2, end, &states_seen);
    /* The comparison means something only if columns differ: work and io both win some. */
    assert_int_equal(states_seen & (1u << CV_STATE_IO), 1u << CV_STATE_IO);
    assert_int_equal(states_seen & (1u << CV_STATE_WORK), 1u << CV_STATE_WORK);
    cv_timeline_destroy(timeline);
    cv_trace_free(&trace);
}

/* Zoomed in far enough to walk events, two models must agree exactly. */
static void assert_same_exact_answers(const cv_timeline *a, const cv_timeline *b,
                                      const cv_trace *trace, int64_t t0, int64_t t1)
{
    enum { N = 640 };
    cv_column ca[N], cb[N];
    uint32_t fa[N], fb[N];
    for (uint32_t lane = 0; lane < trace->lane_count; lane++) {
        cv_timeline_query(a, lane, t0, t1, N, ca);
        cv_timeline_query(b, lane, t0, t1, N, cb);
        for (int c = 0; c < N; c++) {
            assert_int_equal(ca[c].state, cb[c].state);
            assert_int_equal(ca[c].mixed, cb[c].mixed);
            assert_int_equal(ca[c].puts, cb[c].puts);
            assert_int_equal(ca[c].gets, cb[c].gets);
        }
    }
    cv_timeline_fill_query(a, t0, t1, N, fa);
    cv_timeline_fill_query(b, t0, t1, N, fb);
    for (int c = 0; c < N; c++)
        assert_int_equal(fa[c], fb[c]);
}

static void test_incremental_updates_match_a_build_from_scratch(void **state)
{
    (void)state;
    cv_trace full = synthetic(16, 300000);
    cv_trace live;
    assert_int_equal(cv_synthetic_live_copy(&live, &full, NULL), CV_OK);
    size_t cursor[16] = {0};
    cv_timeline *growing = cv_timeline_create(&live);
    /* Uneven frames: many tiny ones, then big jumps. */
    int64_t t = 0;
    for (int frame = 0; t < full.end_ns; frame++) {
        t += frame < 200 ? full.end_ns / 20000 + 1 : full.end_ns / 37 + 1;
        if (t > full.end_ns)
            t = full.end_ns;
        assert_int_equal(cv_synthetic_replay_until(&live, &full, cursor, t + 1, NULL), CV_OK);
        cv_timeline_update(growing);
    }
    live.end_ns = full.end_ns;
    cv_timeline_update(growing);
    assert_int_equal(live.event_count, full.event_count);

    cv_timeline *scratch = cv_timeline_create(&full);
    const int64_t end = full.end_ns;
    uint32_t states_seen = 0;
    check_against_exact(growing, &full, 0, end, &states_seen);
    check_against_exact(growing, &full, end / 4, end / 2, &states_seen);
    check_against_exact(scratch, &full, 0, end, &states_seen);
    assert_same_exact_answers(growing, scratch, &full, end / 2, end / 2 + end / 1000);
    assert_same_exact_answers(growing, scratch, &full, end - end / 2000, end + end / 2000);
    cv_timeline_destroy(scratch);
    cv_timeline_destroy(growing);
    cv_trace_free(&live);
    cv_trace_free(&full);
}

static void test_summaries_stay_a_small_fraction_of_the_events(void **state)
{
    (void)state;
    cv_trace trace = synthetic(64, 4000000);
    cv_timeline *timeline = cv_timeline_create(&trace);
    size_t bytes = cv_timeline_memory_bytes(timeline);
    /* Events are 16 bytes each; the model may add at most 3 per event. */
    assert_in_range(bytes, 1, 3 * trace.event_count);
    cv_timeline_destroy(timeline);
    cv_trace_free(&trace);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_spans_give_known_columns),
        cmocka_unit_test(test_dominant_state_wins_a_column_of_many_short_spans),
        cmocka_unit_test(test_zoomed_in_columns_follow_exact_span_edges),
        cmocka_unit_test(test_span_at_names_the_span_under_the_cursor),
        cmocka_unit_test(test_span_at_before_the_first_event_finds_nothing),
        cmocka_unit_test(test_fill_query_gives_the_highest_level_per_column),
        cmocka_unit_test(test_empty_lanes_give_empty_columns),
        cmocka_unit_test(test_a_trace_with_no_events_at_all_is_empty_everywhere),
        cmocka_unit_test(test_columns_before_the_start_and_after_the_end_are_empty),
        cmocka_unit_test(test_the_open_state_grows_with_the_live_edge),
        cmocka_unit_test(test_zoomed_out_summary_gives_known_columns),
        cmocka_unit_test(test_summary_agrees_with_the_exact_walk),
        cmocka_unit_test(test_incremental_updates_match_a_build_from_scratch),
        cmocka_unit_test(test_summaries_stay_a_small_fraction_of_the_events),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
