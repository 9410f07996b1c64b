/*
 * test_svg.c — the SVG export is well-formed, labelled and small.
 *
 * Pictures are checked the way a user's tools see them: xmllint must parse
 * the file, the lane names must be in it, hostile text must come out escaped,
 * and a 1M-event run must stay under 5 MB because columns, not events, are
 * drawn. The SVG says every word the PNG says (same layout, same caption).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "export/svg.h"
#include "layout/caption.h"
#include "render/theme.h"
#include "timeline/lane_stats.h"
#include "support/synthetic_trace.h"

static char *read_file(const char *path, long *size)
{
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    fseek(in, 0, SEEK_END);
    *size = ftell(in);
    fseek(in, 0, SEEK_SET);
    char *text = malloc((size_t)*size + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)*size, in), (size_t)*size);
    text[*size] = '\0';
    fclose(in);
    return text;
}

static int xmllint(const char *path)
{
    char command[600];
    snprintf(command, sizeof command, "xmllint --noout '%s'", path);
    return system(command);
}

static void temp_path(char *out, size_t size, const char *name)
{
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(out, size, "%s/conveyor-test-%ld-%s", dir, (long)getpid(), name);
}

static void test_a_million_event_run_is_well_formed_labelled_and_under_5_mb(void **state)
{
    (void)state;
    cv_trace trace;
    cv_synthetic_options options = {64, 1000000, 3, 8, 0};
    assert_int_equal(cv_synthetic_trace(&trace, &options, NULL), CV_OK);
    char path[512];
    temp_path(path, sizeof path, "million.svg");
    cv_error err;
    assert_int_equal(cv_svg_write(path, &trace, NULL, &err), CV_OK);
    assert_int_equal(xmllint(path), 0);
    long size;
    char *text = read_file(path, &size);
    assert_in_range(size, 10000, 5 * 1000 * 1000);
    /* 64 lanes are too thin to label each (the PNG labels every k-th); every
     * lane still names its worker in its <title>, which viewers show on hover. */
    assert_non_null(strstr(text, ">P0<"));
    assert_non_null(strstr(text, "<title>P31 \xC2\xB7 producer"));
    assert_non_null(strstr(text, "<title>C31 \xC2\xB7 consumer"));
    assert_non_null(strstr(text, "tid 4000"));
    assert_non_null(strstr(text, "synthetic"));
    assert_non_null(strstr(text, ">COMPLETED \xE2\x9C\x93<"));
    assert_non_null(strstr(text, "class=\"s1\"")); /* work bars */
    assert_non_null(strstr(text, "class=\"fill\""));
    free(text);
    remove(path);
    cv_trace_free(&trace);
}

static void test_hostile_text_is_escaped_and_still_parses(void **state)
{
    (void)state;
    cv_trace trace;
    cv_synthetic_options options = {2, 2000, 5, 4, 0};
    assert_int_equal(cv_synthetic_trace(&trace, &options, NULL), CV_OK);
    snprintf(trace.lanes[0].name, sizeof trace.lanes[0].name, "<P&\"0'>");
    snprintf(trace.lanes[1].name, sizeof trace.lanes[1].name, "bad\xff\x01utf8");
    snprintf(trace.description, sizeof trace.description, "a </text> <script>x</script> & more");
    char path[512];
    temp_path(path, sizeof path, "hostile.svg");
    cv_svg_options svg = {
        .width = 800, .height = 400, .theme = CV_THEME_DARK, .title = "Title & <friends>"};
    assert_int_equal(cv_svg_write(path, &trace, &svg, NULL), CV_OK);
    assert_int_equal(xmllint(path), 0);
    long size;
    char *text = read_file(path, &size);
    assert_non_null(strstr(text, "&lt;P&amp;&quot;0&apos;&gt;"));
    assert_non_null(strstr(text, "Title &amp; &lt;friends&gt;"));
    assert_null(strstr(text, "<script>"));
    assert_non_null(strstr(text, "bad\xEF\xBF\xBD utf8"));
    free(text);
    remove(path);
    cv_trace_free(&trace);
}

/* Well-formed UTF-8 that XML 1.0 still forbids: U+FFFE, U+FFFF, a surrogate
 * (ED A0 80), an overlong '<' (C0 BC), a code point past U+10FFFF. Each becomes
 * U+FFFD, so xmllint accepts the file. */
static void test_characters_xml_forbids_are_replaced(void **state)
{
    (void)state;
    cv_trace trace;
    cv_synthetic_options options = {2, 2000, 5, 4, 0};
    assert_int_equal(cv_synthetic_trace(&trace, &options, NULL), CV_OK);
    snprintf(trace.lanes[0].name, sizeof trace.lanes[0].name, "P\xEF\xBF\xBE\xEF\xBF\xBFx");
    snprintf(trace.lanes[1].name, sizeof trace.lanes[1].name,
             "C\xED\xA0\x80\xC0\xBC\xF4\x90\x80\x80");
    snprintf(trace.scenario, sizeof trace.scenario, "s\xEF\xBF\xBF");
    snprintf(trace.description, sizeof trace.description, "tab\there \xE2\x82\xAC ok");
    char path[512];
    temp_path(path, sizeof path, "forbidden.svg");
    assert_int_equal(cv_svg_write(path, &trace, NULL, NULL), CV_OK);
    assert_int_equal(xmllint(path), 0);
    long size;
    char *text = read_file(path, &size);
    assert_null(strstr(text, "\xEF\xBF\xBE"));
    assert_null(strstr(text, "\xEF\xBF\xBF"));
    assert_null(strstr(text, "\xED\xA0\x80"));
    assert_non_null(strstr(text, "P\xEF\xBF\xBD\xEF\xBF\xBDx"));
    assert_non_null(strstr(text, "\xE2\x82\xAC ok")); /* allowed characters stay */
    free(text);
    remove(path);
    cv_trace_free(&trace);
}

static void test_a_time_range_draws_only_that_window(void **state)
{
    (void)state;
    cv_trace trace;
    assert_int_equal(cv_trace_init(&trace, 1, NULL), CV_OK);
    snprintf(trace.lanes[0].name, sizeof trace.lanes[0].name, "P0");
    cv_event events[] = {
        cv_event_make(0, CV_STATE_WORK, 0, 0), cv_event_make(500000, CV_EVENT_PUT, 1, 1),
        cv_event_make(1000000, CV_STATE_IO, 0, 0), cv_event_make(1200000, CV_EVENT_PUT, 2, 1),
        cv_event_make(1700000, CV_EVENT_PUT, 3, 1)};
    assert_int_equal(cv_trace_append(&trace, 0, events, 5, NULL), CV_OK);
    trace.end_ns = 2000000;
    char path[512];
    temp_path(path, sizeof path, "range.svg");
    /* Only the io half: no work bar may appear, and ticks read in µs or ms. */
    cv_svg_options svg = {
        .width = 1000, .height = 300, .range_start_ns = 1000000, .range_end_ns = 2000000};
    assert_int_equal(cv_svg_write(path, &trace, &svg, NULL), CV_OK);
    assert_int_equal(xmllint(path), 0);
    long size;
    char *text = read_file(path, &size);
    char work_class[32], io_class[32];
    snprintf(work_class, sizeof work_class, "<path class=\"s%d\"", CV_STATE_WORK);
    snprintf(io_class, sizeof io_class, "<path class=\"s%d\"", CV_STATE_IO);
    assert_null(strstr(text, work_class));
    assert_non_null(strstr(text, io_class));
    assert_non_null(strstr(text, " ms<"));
    /* The columns count the range too: 2 of the 3 puts, all of it I/O (the
     * whole run would say 3 items and half work). */
    assert_non_null(strstr(text, ">2</text>"));
    assert_null(strstr(text, ">3</text>"));
    assert_non_null(strstr(text, ">100%</text>"));
    free(text);

    /* A range that ends before the run shows the slots at its end. */
    svg.range_start_ns = 0;
    svg.range_end_ns = 1500000;
    svg.height = 600; /* room for the slots row */
    trace.buffer_slots = 2;
    assert_int_equal(cv_svg_write(path, &trace, &svg, NULL), CV_OK);
    text = read_file(path, &size);
    assert_non_null(strstr(text, ">at 1.50 ms<"));
    free(text);
    remove(path);
    cv_trace_free(&trace);
}

/* A worker that died was drawn like one that finished (its lane grey, its
 * tooltip "done: finished"): its lane says how it died, as a deadlock's lanes
 * say who waits for whom. */
static void test_a_dead_workers_lane_says_how_it_died(void **state)
{
    (void)state;
    cv_trace trace;
    assert_int_equal(cv_trace_init(&trace, 2, NULL), CV_OK);
    const char *names[2] = {"P0", "C1"};
    for (uint32_t i = 0; i < 2; i++) {
        snprintf(trace.lanes[i].name, sizeof trace.lanes[i].name, "%s", names[i]);
        trace.lanes[i].role = i == 0 ? CV_ROLE_PRODUCER : CV_ROLE_CONSUMER;
        cv_event events[] = {cv_event_make(0, CV_STATE_WORK, 0, 0),
                             cv_event_make(i == 0 ? 2000000 : 500000, CV_STATE_DONE, 0, 0)};
        assert_int_equal(cv_trace_append(&trace, i, events, 2, NULL), CV_OK);
    }
    trace.end_ns = 2000000;
    cv_worker_summary workers[2] = {{.role = CV_ROLE_PRODUCER},
                                    {.role = CV_ROLE_CONSUMER, .died = true, .exit_signal = 9}};
    cv_run_result result = {.outcome = CV_OUTCOME_WORKER_DIED,
                            .elapsed_s = 0.002,
                            .worker_count = 2,
                            .workers = workers};
    char path[512];
    temp_path(path, sizeof path, "died.svg");
    cv_svg_options svg = {.width = 1200, .height = 600, .result = &result};
    assert_int_equal(cv_svg_write(path, &trace, &svg, NULL), CV_OK);
    long size;
    char *text = read_file(path, &size);
    char words[128];
    snprintf(words, sizeof words, ">died: killed by signal 9 (%s)<", strsignal(9));
    assert_non_null(strstr(text, words));
    /* The lane's title says it too, and its `done` (the tracer closes a dead
     * child's lane with one) is no bar: the lane ends where it died. */
    assert_non_null(strstr(text, "C1 \xC2\xB7 consumer \xC2\xB7 died: killed by signal 9"));
    char done_class[32];
    snprintf(done_class, sizeof done_class, "<path class=\"s%d\"", CV_STATE_DONE);
    assert_null(strstr(text, done_class));
    free(text);
    workers[1].exit_signal = 0;
    workers[1].exit_code = 3;
    assert_int_equal(cv_svg_write(path, &trace, &svg, NULL), CV_OK);
    text = read_file(path, &size);
    assert_non_null(strstr(text, ">died: exited with status 3<"));
    free(text);
    remove(path);
    cv_trace_free(&trace);
}

/* Ticks were decided lane by lane: a lane with a few hand-overs showed them
 * beside a busy lane showing none, which read as "only this worker took
 * items". Now every lane shows its ticks or none does. */
static void test_ticks_show_on_every_lane_or_on_none(void **state)
{
    (void)state;
    for (int busy = 0; busy < 2; busy++) {
        cv_trace trace;
        assert_int_equal(cv_trace_init(&trace, 2, NULL), CV_OK);
        for (uint32_t i = 0; i < 2; i++) {
            snprintf(trace.lanes[i].name, sizeof trace.lanes[i].name, i ? "C0" : "P0");
            trace.lanes[i].role = i ? CV_ROLE_CONSUMER : CV_ROLE_PRODUCER;
            cv_event work = cv_event_make(0, CV_STATE_WORK, 0, 0);
            assert_int_equal(cv_trace_append(&trace, i, &work, 1, NULL), CV_OK);
        }
        /* P0: 3 puts. C0: 3 gets, or (busy) a get every 10 µs of the 10 ms. */
        uint32_t gets = busy ? 1000 : 3;
        for (uint32_t k = 0; k < 3; k++) {
            cv_event put = cv_event_make(1000000 + k * 3000000, CV_EVENT_PUT, k + 1, 1);
            assert_int_equal(cv_trace_append(&trace, 0, &put, 1, NULL), CV_OK);
        }
        for (uint32_t k = 0; k < gets; k++) {
            int64_t at = busy ? 5000 + (int64_t)k * 10000 : 1500000 + (int64_t)k * 3000000;
            cv_event get = cv_event_make(at, CV_EVENT_GET, k + 1, 0);
            assert_int_equal(cv_trace_append(&trace, 1, &get, 1, NULL), CV_OK);
        }
        trace.end_ns = 10000000;
        char path[512];
        temp_path(path, sizeof path, "ticks.svg");
        cv_svg_options svg = {.width = 1200, .height = 600};
        assert_int_equal(cv_svg_write(path, &trace, &svg, NULL), CV_OK);
        long size;
        char *text = read_file(path, &size);
        int groups = 0;
        for (const char *at = text; (at = strstr(at, "<path class=\"mark\"")); at++)
            groups++;
        if (groups != (busy ? 0 : 2))
            fail_msg("%s: %d lanes with ticks, expected %d", busy ? "a busy C0" : "sparse lanes",
                     groups, busy ? 0 : 2);
        free(text);
        remove(path);
        cv_trace_free(&trace);
    }
}

/* Follow an item (issue 20, point 13): with arrows asked for, the SVG has an
 * arrow from P0's put to C0's get labelled with the item and its time in the
 * buffer; without, none. */
static void test_item_arrows_are_in_the_svg_only_when_asked_for(void **state)
{
    (void)state;
    cv_trace trace;
    assert_int_equal(cv_trace_init(&trace, 2, NULL), CV_OK);
    snprintf(trace.lanes[0].name, sizeof trace.lanes[0].name, "P0");
    snprintf(trace.lanes[1].name, sizeof trace.lanes[1].name, "C0");
    trace.lanes[0].role = CV_ROLE_PRODUCER;
    trace.lanes[1].role = CV_ROLE_CONSUMER;
    cv_event producer[] = {cv_event_make(0, CV_STATE_WORK, 0, 0),
                           cv_event_make(2000000, CV_EVENT_PUT, 7, 1),
                           cv_event_make(2000001, CV_STATE_IO, 0, 0)};
    cv_event consumer[] = {cv_event_make(0, CV_STATE_WAIT_ITEM, 0, 0),
                           cv_event_make(5000000, CV_EVENT_GET, 7, 0),
                           cv_event_make(5000001, CV_STATE_WORK, 0, 0)};
    assert_int_equal(cv_trace_append(&trace, 0, producer, 3, NULL), CV_OK);
    assert_int_equal(cv_trace_append(&trace, 1, consumer, 3, NULL), CV_OK);
    trace.end_ns = 10000000;
    char path[512];
    temp_path(path, sizeof path, "arrows.svg");
    for (int arrows = 0; arrows < 2; arrows++) {
        cv_svg_options svg = {.width = 1200, .height = 500, .arrows = arrows};
        assert_int_equal(cv_svg_write(path, &trace, &svg, NULL), CV_OK);
        assert_int_equal(xmllint(path), 0);
        long size;
        char *text = read_file(path, &size);
        if (arrows) {
            assert_non_null(strstr(text, "<g class=\"arrows\">"));
            assert_non_null(strstr(text, "<title>item #7</title>"));
            assert_non_null(strstr(text, ">#7 \xC2\xB7 3.00 ms in the buffer<"));
        } else {
            assert_null(strstr(text, "class=\"arrows\""));
            assert_null(strstr(text, "item #7"));
        }
        free(text);
    }
    remove(path);
    cv_trace_free(&trace);
}

static void assert_says(const char *svg_text, const char *words)
{
    char element[1200];
    snprintf(element, sizeof element, ">%s<", words);
    if (!strstr(svg_text, element))
        fail_msg("the SVG does not say \"%s\"", words);
}

/* Issue 20: the SVG lacked the statistics, the slots, the progress, the
 * explanation and the deadlock tags. Every text the PNG's layout places must
 * be in it, spelled the same. */
static void test_the_svg_says_every_word_the_png_says(void **state)
{
    (void)state;
    cv_trace trace;
    cv_synthetic_options options = {.lanes = 4, .events = 4000, .seed = 11, .buffer_slots = 8};
    assert_int_equal(cv_synthetic_trace(&trace, &options, NULL), CV_OK);
    trace.mode_known = true;
    trace.sync = CV_SYNC_MUTEX_FIRST;
    cv_run_result result = {.outcome = CV_OUTCOME_DEADLOCK,
                            .elapsed_s = (double)trace.end_ns / 1e9,
                            .items_produced = 95,
                            .items_consumed = 93,
                            .ledger_ok = true,
                            .lock_holder = 0,
                            .worker_count = 4};
    snprintf(result.explanation, sizeof result.explanation,
             "C0 holds the buffer lock and waits for an item; P0, P1 and C1 wait for the lock");
    char path[512];
    temp_path(path, sizeof path, "parity.svg");
    cv_svg_options svg = {.result = &result};
    assert_int_equal(cv_svg_write(path, &trace, &svg, NULL), CV_OK);
    assert_int_equal(xmllint(path), 0);
    long size;
    char *text = read_file(path, &size);

    cv_lane_stats stats = {0};
    assert_int_equal(cv_lane_stats_update(&stats, &trace, trace.end_ns, NULL), CV_OK);
    cv_caption caption;
    cv_caption_facts facts = {
        .trace = &trace, .result = &result, .stats = &stats, .now_ns = trace.end_ns};
    cv_caption_make(&caption, &facts);
    assert_says(text, caption.title);
    assert_says(text, "DEADLOCK");
    assert_says(text, caption.facts);
    assert_non_null(strstr(caption.facts, "produced 95"));
    assert_non_null(strstr(caption.facts, "items/s"));
    assert_non_null(strstr(caption.facts, "buffer 8 slots"));
    /* The set-up line shows what differs between two runs of a lesson: sync and GIL. */
    assert_non_null(strstr(caption.setup, "sync mutex-first \xC2\xB7 GIL off"));
    trace.gil = true;
    cv_caption_make(&caption, &facts);
    assert_non_null(strstr(caption.setup, "GIL on"));
    trace.gil = false;
    assert_says(text, result.explanation);
    /* Full legend labels: two rows hold them at this size (layout.c). */
    for (int s = 0; s < CV_STATE_COUNT; s++)
        assert_says(text, cv_state_label((cv_state)s));
    assert_says(text, "put / get");
    assert_says(text, "items in the buffer");
    assert_says(text, "worker");
    assert_says(text, "items");
    assert_says(text, "share of time by state");
    for (uint32_t lane = 0; lane < trace.lane_count; lane++) {
        char items[32];
        snprintf(items, sizeof items, "%llu", (unsigned long long)stats.lanes[lane].items);
        assert_says(text, trace.lanes[lane].name);
        assert_says(text, items);
    }
    assert_says(text, "holds the lock, waits for an item");
    assert_says(text, "buffer");
    assert_says(text, "fill 0\xE2\x80\x93"
                      "8");
    assert_says(text, "slots");
    assert_non_null(strstr(text, " / 8 full<"));
    /* The old SVG's own spellings are gone. */
    assert_null(strstr(text, "buffer of 8 slots"));
    assert_null(strstr(text, ">deadlock<"));
    cv_lane_stats_free(&stats);
    free(text);
    remove(path);
    cv_trace_free(&trace);
}

static void test_bad_paths_and_ranges_are_reported_not_crashed(void **state)
{
    (void)state;
    cv_trace trace;
    assert_int_equal(cv_trace_init(&trace, 1, NULL), CV_OK);
    trace.end_ns = 100;
    cv_error err;
    assert_int_equal(cv_svg_write("/nonexistent-dir/x.svg", &trace, NULL, &err), CV_ERR_IO);
    assert_non_null(strstr(err.message, "cannot write the SVG"));
    cv_svg_options backwards = {.range_start_ns = 500, .range_end_ns = 100};
    assert_int_equal(cv_svg_write("/tmp/never-written.svg", &trace, &backwards, &err),
                     CV_ERR_USAGE);
    cv_trace_free(&trace);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_million_event_run_is_well_formed_labelled_and_under_5_mb),
        cmocka_unit_test(test_hostile_text_is_escaped_and_still_parses),
        cmocka_unit_test(test_characters_xml_forbids_are_replaced),
        cmocka_unit_test(test_a_time_range_draws_only_that_window),
        cmocka_unit_test(test_a_dead_workers_lane_says_how_it_died),
        cmocka_unit_test(test_ticks_show_on_every_lane_or_on_none),
        cmocka_unit_test(test_item_arrows_are_in_the_svg_only_when_asked_for),
        cmocka_unit_test(test_the_svg_says_every_word_the_png_says),
        cmocka_unit_test(test_bad_paths_and_ranges_are_reported_not_crashed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
