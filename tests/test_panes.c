/*
 * test_panes.c — stacked panes of a comparison share one time scale: for 1
 * to 4 panes, at any picture size and scale, every pane lies inside the
 * picture and apart from the others, every plot starts at the same column
 * and is as wide, and one second on the shared axis is as many pixels in
 * every pane, t = 0 at the same column, even when the panes' lanes have
 * names of different widths.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "layout/caption.h"
#include "layout/panes.h"
#include "layout/result_line.h"
#include "render/text.h"
#include "render/theme.h"
#include "support/synthetic_trace.h"

static void make_trace(cv_trace *trace, uint32_t lanes, uint64_t seed, int64_t mean_step_ns)
{
    cv_synthetic_options options = {
        .lanes = lanes, .events = 400 * lanes, .seed = seed, .mean_step_ns = mean_step_ns};
    assert_int_equal(cv_synthetic_trace(trace, &options, NULL), CV_OK);
}

static void check_panes(int count, cv_rect bounds, float scale, cv_text *text)
{
    cv_trace traces[CV_PANES_MAX];
    cv_caption captions[CV_PANES_MAX];
    cv_layout_input inputs[CV_PANES_MAX];
    cv_layout layouts[CV_PANES_MAX];
    cv_rect rects[CV_PANES_MAX];
    const cv_theme *theme = cv_theme_get(CV_THEME_LIGHT);
    cv_text_measurer measurer = cv_text_measurer_of(text);
    int gap = 6;
    cv_panes_split(bounds, count, gap, rects);
    int64_t longest = 0;
    for (int i = 0; i < count; i++) {
        /* Different lane counts, run lengths and, in pane 1, a long lane name. */
        make_trace(&traces[i], 2 + 2 * (uint32_t)i, 7 + (uint64_t)i, 20000 * (i + 1));
        if (i == 1)
            snprintf(traces[i].lanes[0].name, sizeof traces[i].lanes[0].name,
                     "a-very-long-producer-name");
        longest = traces[i].end_ns > longest ? traces[i].end_ns : longest;
        cv_caption_facts facts = {.trace = &traces[i], .now_ns = traces[i].end_ns};
        cv_caption_make(&captions[i], &facts);
        inputs[i] = (cv_layout_input){.bounds = rects[i],
                                      .scale = scale,
                                      .spacing = &theme->spacing,
                                      .text = &measurer,
                                      .caption = &captions[i],
                                      .trace = &traces[i]};
    }
    cv_panes_layout(layouts, inputs, count);
    cv_time_axis axis = cv_panes_time_axis(layouts, count, 0, longest);
    char setting[96];
    snprintf(setting, sizeof setting, "%d panes in %dx%d at scale %g", count, bounds.w, bounds.h,
             (double)scale);
    for (int i = 0; i < count; i++) {
        cv_rect r = rects[i];
        if (r.y < bounds.y || r.y + r.h > bounds.y + bounds.h || r.h <= 0)
            fail_msg("%s: pane %d {%d %dx%d} leaves the picture", setting, i, r.y, r.w, r.h);
        if (i > 0 && rects[i - 1].y + rects[i - 1].h > r.y)
            fail_msg("%s: pane %d overlaps pane %d", setting, i, i - 1);
        const cv_layout *lay = &layouts[i];
        if (lay->plot.h > 0 && (lay->plot.y < r.y || lay->plot.y + lay->plot.h > r.y + r.h))
            fail_msg("%s: pane %d's plot leaves its pane", setting, i);
        if (lay->plot.x != layouts[0].plot.x || lay->plot.w != layouts[0].plot.w)
            fail_msg("%s: pane %d's plot {x %d, w %d} differs from pane 0's {x %d, w %d}", setting,
                     i, lay->plot.x, lay->plot.w, layouts[0].plot.x, layouts[0].plot.w);
        int zero = cv_time_axis_x(&axis, lay->plot.x, 0);
        int one_run = cv_time_axis_x(&axis, lay->plot.x, longest) - zero;
        int zero0 = cv_time_axis_x(&axis, layouts[0].plot.x, 0);
        int one_run0 = cv_time_axis_x(&axis, layouts[0].plot.x, longest) - zero0;
        assert_int_equal(zero, zero0);
        assert_int_equal(one_run, one_run0);
        if (one_run > lay->plot.w)
            fail_msg("%s: the longest run ends at column %d, past pane %d's plot (%d wide)",
                     setting, one_run, i, lay->plot.w);
    }
    for (int i = 0; i < count; i++)
        cv_trace_free(&traces[i]);
}

static void test_every_pane_has_the_same_seconds_per_pixel_and_zero(void **state)
{
    (void)state;
    static const int sizes[][2] = {{640, 480}, {1280, 800}, {1600, 2400}, {3840, 2160}};
    static const float scales[] = {1.0f, 1.5f};
    for (size_t s = 0; s < 2; s++) {
        cv_text *text = NULL;
        assert_int_equal(cv_text_create(NULL, scales[s], &text, NULL), CV_OK);
        for (int count = 1; count <= CV_PANES_MAX; count++) {
            for (size_t z = 0; z < 4; z++)
                check_panes(count, (cv_rect){0, 0, sizes[z][0], sizes[z][1]}, scales[s], text);
            check_panes(count, (cv_rect){50, 30, 1000, 900}, scales[s], text);
        }
        cv_text_destroy(text);
    }
}

static void test_split_fills_the_picture_and_keeps_the_gaps(void **state)
{
    (void)state;
    for (int count = 1; count <= CV_PANES_MAX; count++) {
        cv_rect rects[CV_PANES_MAX];
        cv_rect bounds = {10, 20, 800, 997};
        cv_panes_split(bounds, count, 5, rects);
        assert_int_equal(rects[0].y, bounds.y);
        assert_int_equal(rects[count - 1].y + rects[count - 1].h, bounds.y + bounds.h);
        for (int i = 1; i < count; i++) {
            assert_int_equal(rects[i].y, rects[i - 1].y + rects[i - 1].h + 5);
            assert_int_equal(rects[i].x, bounds.x);
            assert_int_equal(rects[i].w, bounds.w);
        }
    }
}

/* A pane's speed-up is a ratio of items per second: two runs of different
 * lengths (two traced programs) compare by their rate, and runs of the same
 * items by their elapsed times; a run that did not complete has none. */
static void test_speed_up_compares_items_per_second(void **state)
{
    (void)state;
    const char *why = NULL;
    cv_run_numbers first = {.elapsed_s = 2.0, .items = 400, .completed = true};
    cv_run_numbers same = {.elapsed_s = 1.0, .items = 400, .completed = true};
    cv_run_numbers longer = {.elapsed_s = 3.0, .items = 630, .completed = true};
    cv_run_numbers stopped = {.elapsed_s = 1.0, .items = 10, .outcome = "deadlock"};
    assert_true(fabs(cv_speedup(&first, &same, &why) - 2.0) < 1e-9);
    /* 210 items/s against 200: faster, though it took longer. */
    assert_true(fabs(cv_speedup(&first, &longer, &why) - 1.05) < 1e-9);
    assert_true(cv_speedup(&first, &stopped, &why) == 0);
    assert_string_equal(why, "deadlock");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_pane_has_the_same_seconds_per_pixel_and_zero),
        cmocka_unit_test(test_split_fills_the_picture_and_keeps_the_gaps),
        cmocka_unit_test(test_speed_up_compares_items_per_second),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
