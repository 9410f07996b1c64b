/*
 * test_sweep_plot.c — the geometry of a sweep's plot (layout/sweep_plot.c):
 * at any picture size and scale every point lies inside its chart's frame
 * and every box inside the picture; a line's points go left to right in
 * increasing value, even when the values were given out of order; the
 * ideal line goes through (first value, 1×) and is straight on a linear
 * axis; the first point of every variant sits on it (speed-up 1 by
 * definition); a point with no completed run is left out; the core mark
 * lies between the values around the core count, and only when inside.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "layout/sweep_plot.h"
#include "render/text.h"
#include "render/theme.h"

static cv_sweep sweep;
static cv_sweep_plot plot;
static const char *labels[CV_SWEEP_POINTS_MAX];
static char label_storage[CV_SWEEP_POINTS_MAX][16];
static const char *variants[] = {"as written", "run.gil=on", "run.backend=processes",
                                 "run.backend=processes, run.gil=on"};

/* A sweep of values (in the order given) where variant v takes
 * base / (value ^ (1 / (v + 1))) seconds: every variant gets faster, less so. */
static void make_sweep(const double *values, int count, int variant_count)
{
    cv_sweep_init(&sweep, count, variant_count, 1);
    for (int p = 0; p < count; p++) {
        sweep.values[p] = values[p];
        snprintf(label_storage[p], sizeof label_storage[p], "%g", values[p]);
        labels[p] = label_storage[p];
        for (int v = 0; v < variant_count; v++)
            cv_sweep_record(&sweep, p, v,
                            (cv_sweep_sample){2.0 / pow(values[p], 1.0 / (v + 1)), true});
    }
}

static void lay_out(cv_text *text, cv_rect bounds, float scale, int cores)
{
    cv_text_measurer measurer = cv_text_measurer_of(text);
    cv_sweep_plot_input in = {.bounds = bounds,
                              .scale = scale,
                              .spacing = &cv_theme_get(CV_THEME_LIGHT)->spacing,
                              .text = &measurer,
                              .sweep = &sweep,
                              .scenario = "cpu-threads",
                              .vary_key = "consumers.count",
                              .values = labels,
                              .variants = variants,
                              .cores = cores};
    cv_sweep_plot_layout(&plot, &in);
}

static bool rect_inside(cv_rect inner, cv_rect outer)
{
    return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w &&
           inner.y + inner.h <= outer.y + outer.h;
}

static void assert_point_in_frame(cv_plot_point p, cv_rect f)
{
    if (p.x < (float)f.x - 0.5f || p.x > (float)(f.x + f.w) + 0.5f || p.y < (float)f.y - 0.5f ||
        p.y > (float)(f.y + f.h) + 0.5f)
        fail_msg("point (%.1f, %.1f) outside the frame %d,%d %dx%d", p.x, p.y, f.x, f.y, f.w, f.h);
}

static void check_chart(const cv_sweep_chart *c, cv_rect bounds, int variant_count, int points)
{
    if (!rect_inside(c->frame, bounds))
        fail_msg("frame %d,%d %dx%d outside the picture", c->frame.x, c->frame.y, c->frame.w,
                 c->frame.h);
    assert_true(c->frame.w > 0 && c->frame.h > 0);
    for (int v = 0; v < variant_count; v++) {
        assert_int_equal(c->line_count[v], points);
        for (int i = 0; i < c->line_count[v]; i++) {
            assert_point_in_frame(c->line[v][i], c->frame);
            if (i > 0 && !(c->line[v][i].x > c->line[v][i - 1].x))
                fail_msg("variant %d: point %d at x %.1f is not right of point %d at %.1f", v, i,
                         c->line[v][i].x, i - 1, c->line[v][i - 1].x);
        }
    }
    for (int i = 0; i < c->ideal_count; i++)
        assert_point_in_frame(c->ideal[i], c->frame);
    for (int i = 1; i < c->y_tick_count; i++)
        assert_true(c->y_ticks[i].px < c->y_ticks[i - 1].px); /* up the frame */
    assert_true(c->y_tick_count >= 2 && c->y_tick_count <= CV_SWEEP_PLOT_TICKS_MAX);
}

static void test_points_inside_and_left_to_right_at_any_size(void **state)
{
    (void)state;
    static const double values[] = {1, 2, 4, 8, 16, 32};
    static const int sizes[][2] = {{320, 200}, {800, 600}, {1600, 900}, {3840, 2160}, {640, 1200}};
    static const float scales[] = {0.8f, 1.0f, 2.0f};
    for (size_t s = 0; s < 3; s++) {
        cv_text *text = NULL;
        assert_int_equal(cv_text_create(NULL, scales[s], &text, NULL), CV_OK);
        for (int variant_count = 1; variant_count <= CV_SWEEP_VARIANTS_MAX; variant_count++) {
            for (size_t z = 0; z < 5; z++) {
                cv_rect bounds = {0, 0, sizes[z][0], sizes[z][1]};
                make_sweep(values, 6, variant_count);
                lay_out(text, bounds, scales[s], 2);
                assert_true(plot.x_log); /* 1 to 32 */
                check_chart(&plot.elapsed, bounds, variant_count, 6);
                check_chart(&plot.speedup, bounds, variant_count, 6);
                assert_int_equal(plot.speedup.ideal_count, 6);
                assert_int_equal(plot.elapsed.ideal_count, 0);
                for (int i = 0; i < plot.legend_count; i++)
                    assert_true(rect_inside(plot.legend[i].label_box, bounds));
                assert_true(rect_inside(plot.title_box, bounds));
            }
        }
        cv_text_destroy(text);
    }
}

/* y of a speed-up on the speed-up chart, from its ticks' scale. */
static float speedup_y(double speedup)
{
    const cv_sweep_chart *c = &plot.speedup;
    return (float)(c->frame.y + c->frame.h) - (float)(speedup / c->y_max * c->frame.h);
}

static void test_ideal_line_goes_through_one_at_the_first_value(void **state)
{
    (void)state;
    static const double values[] = {1, 2, 3, 4};
    cv_text *text = NULL;
    assert_int_equal(cv_text_create(NULL, 1.0f, &text, NULL), CV_OK);
    make_sweep(values, 4, 3);
    lay_out(text, (cv_rect){0, 0, 1600, 900}, 1.0f, 2);
    cv_text_destroy(text);
    assert_false(plot.x_log); /* 1 to 4: linear */
    const cv_sweep_chart *c = &plot.speedup;
    assert_int_equal(c->ideal_count, 4);
    /* Through (1, 1×), at the first value's column. */
    assert_float_equal(c->ideal[0].x, c->x_ticks[0].px, 0.01f);
    assert_float_equal(c->ideal[0].y, speedup_y(1.0), 0.5f);
    assert_float_equal(c->ideal[3].y, speedup_y(4.0), 0.5f);
    /* Straight: equal steps in value, equal steps in both x and y. */
    for (int i = 2; i < 4; i++) {
        assert_float_equal(c->ideal[i].x - c->ideal[i - 1].x, c->ideal[1].x - c->ideal[0].x, 0.5f);
        assert_float_equal(c->ideal[i].y - c->ideal[i - 1].y, c->ideal[1].y - c->ideal[0].y, 0.5f);
    }
    /* Every variant's first point is speed-up 1: on the ideal line. */
    for (int v = 0; v < 3; v++) {
        assert_float_equal(c->line[v][0].x, c->ideal[0].x, 0.01f);
        assert_float_equal(c->line[v][0].y, c->ideal[0].y, 0.5f);
    }
    /* The frame's top is a whole tick at or above the ideal's top, 4×. */
    assert_true(c->y_max >= 4.0);
    assert_float_equal(c->y_ticks[c->y_tick_count - 1].px, (float)c->frame.y, 0.5f);
}

static void test_values_out_of_order_are_joined_in_increasing_value(void **state)
{
    (void)state;
    static const double values[] = {4, 1, 2};
    cv_text *text = NULL;
    assert_int_equal(cv_text_create(NULL, 1.0f, &text, NULL), CV_OK);
    make_sweep(values, 3, 2);
    lay_out(text, (cv_rect){0, 0, 1200, 700}, 1.0f, 0);
    cv_text_destroy(text);
    int order[CV_SWEEP_POINTS_MAX];
    assert_int_equal(cv_sweep_plot_order(&sweep, order), 3);
    assert_int_equal(order[0], 1);
    assert_int_equal(order[1], 2);
    assert_int_equal(order[2], 0);
    check_chart(&plot.elapsed, (cv_rect){0, 0, 1200, 700}, 2, 3);
    assert_string_equal(plot.elapsed.x_ticks[0].label, "1");
    assert_string_equal(plot.elapsed.x_ticks[2].label, "4");
    /* The first value given (4) is the speed-up's reference: 1× at x of 4. */
    assert_float_equal(plot.speedup.line[0][2].y, speedup_y(1.0), 0.5f);
    assert_false(plot.speedup.cores_shown); /* cores unknown */
}

static void test_a_point_without_a_completed_run_is_left_out(void **state)
{
    (void)state;
    static const double values[] = {1, 2, 4};
    cv_text *text = NULL;
    assert_int_equal(cv_text_create(NULL, 1.0f, &text, NULL), CV_OK);
    cv_sweep_init(&sweep, 3, 2, 1);
    for (int p = 0; p < 3; p++) {
        sweep.values[p] = values[p];
        snprintf(label_storage[p], sizeof label_storage[p], "%g", values[p]);
        labels[p] = label_storage[p];
        cv_sweep_record(&sweep, p, 0, (cv_sweep_sample){1.0 / values[p], true});
        if (p < 2) /* variant 1 deadlocked at 2 and was interrupted before 4 */
            cv_sweep_record(&sweep, p, 1, (cv_sweep_sample){1.0, p == 0});
    }
    lay_out(text, (cv_rect){0, 0, 1600, 900}, 1.0f, 2);
    cv_text_destroy(text);
    assert_int_equal(plot.elapsed.line_count[0], 3);
    assert_int_equal(plot.elapsed.line_count[1], 1);
    assert_int_equal(plot.speedup.line_count[1], 1);
    assert_true(plot.incomplete);
    assert_non_null(strstr(plot.facts, "INCOMPLETE"));
}

/* A sweep on a busy machine plotted speed-ups with no word of the load that
 * flattened them (single runs warn): the facts say how many runs were busy. */
static void test_busy_runs_are_named_in_the_facts(void **state)
{
    (void)state;
    static const double values[] = {1, 2};
    cv_text *text = NULL;
    assert_int_equal(cv_text_create(NULL, 1.0f, &text, NULL), CV_OK);
    for (int busy = 0; busy < 3; busy += 2) {
        cv_sweep_init(&sweep, 2, 1, 1);
        for (int p = 0; p < 2; p++) {
            sweep.values[p] = values[p];
            snprintf(label_storage[p], sizeof label_storage[p], "%g", values[p]);
            labels[p] = label_storage[p];
            cv_sweep_record(&sweep, p, 0, (cv_sweep_sample){1.0 / values[p], true});
        }
        sweep.busy_runs = busy;
        lay_out(text, (cv_rect){0, 0, 1600, 900}, 1.0f, 2);
        if (busy)
            assert_non_null(strstr(plot.facts, "machine busy in 2 runs"));
        else
            assert_null(strstr(plot.facts, "busy"));
    }
    cv_text_destroy(text);
}

static void test_core_mark_sits_between_the_values_around_the_core_count(void **state)
{
    (void)state;
    static const double values[] = {1, 2, 4, 8};
    cv_text *text = NULL;
    assert_int_equal(cv_text_create(NULL, 1.0f, &text, NULL), CV_OK);
    make_sweep(values, 4, 1);
    lay_out(text, (cv_rect){0, 0, 1600, 900}, 1.0f, 3);
    const cv_sweep_chart *c = &plot.speedup;
    assert_true(c->cores_shown);
    assert_true(c->cores_x > c->x_ticks[1].px && c->cores_x < c->x_ticks[2].px);
    assert_string_equal(c->cores_label, "3 cores");
    assert_true(rect_inside(c->cores_label_box, c->frame));
    lay_out(text, (cv_rect){0, 0, 1600, 900}, 1.0f, 2);
    assert_float_equal(plot.elapsed.cores_x, plot.elapsed.x_ticks[1].px, 0.01f);
    lay_out(text, (cv_rect){0, 0, 1600, 900}, 1.0f, 16);
    assert_false(plot.speedup.cores_shown); /* beyond the values */
    cv_text_destroy(text);
}

static void test_marker_outlines_are_centred(void **state)
{
    (void)state;
    for (int v = 0; v < 4; v++) {
        float xs[16], ys[16];
        int n = cv_sweep_marker_outline(v, 100, 50, 5, xs, ys);
        assert_true(n >= 3 && n <= 16);
        for (int i = 0; i < n; i++) {
            assert_true(fabsf(xs[i] - 100) <= 7.5f); /* within 1.5 r */
            assert_true(fabsf(ys[i] - 50) <= 7.5f);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_points_inside_and_left_to_right_at_any_size),
        cmocka_unit_test(test_ideal_line_goes_through_one_at_the_first_value),
        cmocka_unit_test(test_values_out_of_order_are_joined_in_increasing_value),
        cmocka_unit_test(test_a_point_without_a_completed_run_is_left_out),
        cmocka_unit_test(test_busy_runs_are_named_in_the_facts),
        cmocka_unit_test(test_core_mark_sits_between_the_values_around_the_core_count),
        cmocka_unit_test(test_marker_outlines_are_centred),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
