/*
 * test_window_model.c — the window's arithmetic, without a window.
 *
 * Zoom must keep the time under the cursor still, follow must keep the live
 * edge at the right, fit must show the whole run; the replay clock must move
 * at its speed and stop at the end; frame-time quantiles must be the ones
 * reported by --verbose; screenshot names must never overwrite each other.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/frame_stats.h"
#include "app/playback.h"
#include "app/screenshot.h"
#include "app/text_size.h"
#include "app/view.h"

#define SECOND 1000000000ll

static void test_zoom_keeps_the_anchor_time_in_place(void **state)
{
    (void)state;
    cv_view view = {CV_VIEW_FIT, 0, 10 * SECOND};
    int64_t anchor = 2 * SECOND; /* 20% from the left */
    cv_view_zoom(&view, 2.0, anchor, 10 * SECOND);
    assert_int_equal(view.mode, CV_VIEW_FREE);
    assert_int_equal(view.t1_ns - view.t0_ns, 5 * SECOND);
    assert_int_equal(cv_view_time_at(&view, 0.2), anchor);
    cv_view_zoom(&view, 0.5, anchor, 10 * SECOND);
    assert_int_equal(view.t0_ns, 0);
    assert_int_equal(view.t1_ns, 10 * SECOND);
}

static void test_zoom_stops_at_one_microsecond_and_ten_runs(void **state)
{
    (void)state;
    cv_view view = {CV_VIEW_FREE, 0, 2000};
    cv_view_zoom(&view, 1000.0, 1000, SECOND);
    assert_int_equal(view.t1_ns - view.t0_ns, CV_VIEW_MIN_SPAN_NS);
    cv_view_zoom(&view, 1e-9, 1000, 2 * SECOND);
    assert_int_equal(view.t1_ns - view.t0_ns, 20 * SECOND);
}

static void test_fit_shows_the_whole_run_and_follow_keeps_the_edge_right(void **state)
{
    (void)state;
    cv_view view = {CV_VIEW_FIT, 0, 0};
    cv_view_track(&view, 300000000, false); /* a young live run: a 1 s axis */
    assert_int_equal(view.t0_ns, 0);
    assert_int_equal(view.t1_ns, SECOND);
    cv_view_track(&view, 5 * SECOND, true);
    assert_int_equal(view.t0_ns, 0);
    assert_int_equal(view.t1_ns, 5 * SECOND + 5 * SECOND / 50);

    view = (cv_view){CV_VIEW_FOLLOW, 0, 2 * SECOND};
    cv_view_track(&view, 7 * SECOND, false);
    assert_int_equal(view.t1_ns - view.t0_ns, 2 * SECOND);
    assert_true(view.t1_ns > 7 * SECOND);
    assert_true(view.t0_ns < 7 * SECOND);

    cv_view_pan(&view, SECOND, 9 * SECOND);
    assert_int_equal(view.mode, CV_VIEW_FREE);
    int64_t t0 = view.t0_ns;
    cv_view_track(&view, 9 * SECOND, false); /* free views stay put */
    assert_int_equal(view.t0_ns, t0);
}

/* Zoomed in at the left edge, a pan left showed -170 ms to 0 and empty lanes. */
static void test_panning_and_zooming_keep_the_view_on_the_run(void **state)
{
    (void)state;
    cv_view view = {CV_VIEW_FREE, 0, SECOND};
    cv_view_pan(&view, -SECOND / 5, 10 * SECOND);
    assert_int_equal(view.t0_ns, 0);
    assert_int_equal(view.t1_ns, SECOND);
    cv_view_pan(&view, 20 * SECOND, 10 * SECOND); /* past the end: stops a little after it */
    assert_int_equal(view.t1_ns, 10 * SECOND + 10 * SECOND / 50);
    assert_int_equal(view.t1_ns - view.t0_ns, SECOND);
    view = (cv_view){CV_VIEW_FREE, 0, SECOND};
    cv_view_zoom(&view, 0.5, 0, 10 * SECOND); /* zooming out at the left edge */
    assert_int_equal(view.t0_ns, 0);
    assert_int_equal(view.t1_ns, 2 * SECOND);
    cv_view_zoom(&view, 1e-3, SECOND, 10 * SECOND); /* wider than the run: it starts at 0 */
    assert_int_equal(view.t0_ns, 0);
    cv_view_pan(&view, -SECOND, 10 * SECOND);
    assert_int_equal(view.t0_ns, 0);
}

/* spawn-cost asks to look at the first milliseconds: the window opens there. */
static void test_the_window_opens_on_the_range(void **state)
{
    (void)state;
    cv_view view = cv_view_opening(0, 50000000, true, 0);
    assert_int_equal(view.mode, CV_VIEW_FREE);
    assert_int_equal(view.t0_ns, 0);
    assert_int_equal(view.t1_ns, 50000000);
    view = cv_view_opening(SECOND, 2 * SECOND, false, 5 * SECOND);
    assert_int_equal(view.t0_ns, SECOND);
    assert_int_equal(view.t1_ns, 2 * SECOND);
    assert_int_equal(cv_view_opening(0, 0, true, 0).mode, CV_VIEW_FIT);
    view = cv_view_opening(0, 0, false, 5 * SECOND);
    assert_int_equal(view.mode, CV_VIEW_FREE);
    assert_int_equal(view.t1_ns, 5 * SECOND + 5 * SECOND / 50 + 1);
}

static void test_playback_moves_at_its_speed_and_stops_at_the_end(void **state)
{
    (void)state;
    cv_playback p;
    cv_playback_start(&p, 10 * SECOND);
    assert_true(p.playing);
    assert_true(cv_playback_speed(&p) == 1.0);
    cv_playback_advance(&p, SECOND);
    assert_int_equal(p.position_ns, SECOND);
    cv_playback_change_speed(&p, +1);
    cv_playback_advance(&p, SECOND);
    assert_int_equal(p.position_ns, 3 * SECOND);
    cv_playback_change_speed(&p, +10);
    assert_true(cv_playback_speed(&p) == 8.0);
    cv_playback_change_speed(&p, -10);
    assert_true(cv_playback_speed(&p) == 0.25);
    cv_playback_advance(&p, 4 * SECOND);
    assert_int_equal(p.position_ns, 4 * SECOND);
    cv_playback_toggle(&p);
    cv_playback_advance(&p, SECOND);
    assert_int_equal(p.position_ns, 4 * SECOND); /* paused */
    cv_playback_toggle(&p);
    cv_playback_change_speed(&p, +10);
    cv_playback_advance(&p, 10 * SECOND);
    assert_int_equal(p.position_ns, 10 * SECOND);
    assert_false(p.playing);
    cv_playback_toggle(&p); /* playing from the end starts again */
    assert_int_equal(p.position_ns, 0);
    cv_playback_seek(&p, -5);
    assert_int_equal(p.position_ns, 0);
    cv_playback_seek(&p, 99 * SECOND);
    assert_int_equal(p.position_ns, 10 * SECOND);
}

static void test_frame_quantiles_are_median_and_p99(void **state)
{
    (void)state;
    cv_frame_stats stats = {0};
    assert_true(cv_frame_stats_quantile(&stats, 0.5) == 0.0);
    for (int i = 100; i >= 1; i--)
        cv_frame_stats_add(&stats, (double)i);
    assert_int_equal(stats.count, 100);
    assert_int_equal((int)cv_frame_stats_quantile(&stats, 0.5), 51);
    assert_int_equal((int)cv_frame_stats_quantile(&stats, 0.99), 99);
    assert_int_equal((int)cv_frame_stats_quantile(&stats, 1.0), 100);
    cv_frame_stats_free(&stats);
}

static void make_file(const char *path)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
}

static void test_screenshot_names_are_safe_and_never_reused(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_window_model-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char old[1024];
    assert_non_null(getcwd(old, sizeof old));
    assert_int_equal(chdir(dir), 0);
    char first[256], second[256];
    cv_error err;
    assert_int_equal(cv_screenshot_reserve("gil threads/../x", 0, first, sizeof first, &err),
                     CV_OK);
    assert_non_null(strstr(first, "conveyor-gil_threads____x-"));
    assert_null(strchr(first, '/'));
    assert_int_equal(cv_screenshot_reserve("gil threads/../x", 0, second, sizeof second, &err),
                     CV_OK);
    assert_string_not_equal(first, second);
    assert_non_null(strstr(second, "-2.png"));
    unlink(first);
    unlink(second);
    assert_int_equal(chdir(old), 0);
    rmdir(dir);
}

/* Another user's link where the next screenshot would go is skipped, and its
 * target neither created nor touched. */
static void test_screenshot_never_writes_through_a_planted_link(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_window_model-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char old[1024];
    assert_non_null(getcwd(old, sizeof old));
    assert_int_equal(chdir(dir), 0);
    char name[256];
    cv_error err;
    assert_int_equal(cv_screenshot_reserve("x", 0, name, sizeof name, &err), CV_OK);
    unlink(name);
    assert_int_equal(symlink("victim", name), 0);
    char claimed[256];
    assert_int_equal(cv_screenshot_reserve("x", 0, claimed, sizeof claimed, &err), CV_OK);
    assert_string_not_equal(claimed, name);
    assert_int_equal(access("victim", F_OK), -1);
    unlink(claimed);
    unlink(name);
    assert_int_equal(chdir(old), 0);
    rmdir(dir);
}

/* With -2 to -999 taken the next is -1000, not a reused -999. */
static void test_screenshot_numbers_go_past_999(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_window_model-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char old[1024];
    assert_non_null(getcwd(old, sizeof old));
    assert_int_equal(chdir(dir), 0);
    char name[256], path[300];
    cv_error err;
    assert_int_equal(cv_screenshot_reserve("x", 0, name, sizeof name, &err), CV_OK);
    char stem[256];
    snprintf(stem, sizeof stem, "%.*s", (int)(strlen(name) - 4), name);
    for (int n = 2; n <= 999; n++) {
        snprintf(path, sizeof path, "%s-%d.png", stem, n);
        make_file(path);
    }
    char next[256];
    assert_int_equal(cv_screenshot_reserve("x", 0, next, sizeof next, &err), CV_OK);
    snprintf(path, sizeof path, "%s-1000.png", stem);
    assert_string_equal(next, path);
    unlink(next);
    unlink(name);
    for (int n = 2; n <= 999; n++) {
        snprintf(path, sizeof path, "%s-%d.png", stem, n);
        unlink(path);
    }
    assert_int_equal(chdir(old), 0);
    rmdir(dir);
}

/* Text for the back of the room (issue 20, point 4): axis text was 13 px at
 * 1920x1080; the window's height scales it (19 px there), a high-DPI ratio
 * counts alike, and a small window never shrinks below the design size. */
static void test_text_grows_with_the_window_height(void **state)
{
    (void)state;
    assert_float_equal(cv_text_size_room_scale(800, 1.0f), 1.0f, 1e-6);
    assert_float_equal(cv_text_size_room_scale(400, 1.0f), 1.0f, 1e-6);
    assert_float_equal(cv_text_size_room_scale(1080, 1.0f), 1.35f, 1e-6);
    assert_float_equal(cv_text_size_room_scale(2160, 1.0f), 2.7f, 1e-6);
    assert_float_equal(cv_text_size_room_scale(1600, 2.0f), 2.0f, 1e-6);
    assert_float_equal(cv_text_size_room_scale(800, 2.0f), 2.0f, 1e-6);
    assert_true(14.0f * cv_text_size_room_scale(1080, 1.0f) >= 18.5f);
}

/* Crowded lanes take the user's factor down a step at a time, to 1 and no further. */
static void test_crowded_lanes_step_the_text_down_to_normal(void **state)
{
    (void)state;
    float factor = 4.0f;
    int steps = 0;
    while (cv_text_size_step_down(factor) != factor && steps < 100) {
        float next = cv_text_size_step_down(factor);
        assert_true(next < factor && next >= 1.0f);
        factor = next;
        steps++;
    }
    assert_float_equal(factor, 1.0f, 1e-6);
    assert_int_equal(steps, 10);
    assert_float_equal(cv_text_size_step_down(0.8f), 0.8f, 1e-6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_grows_with_the_window_height),
        cmocka_unit_test(test_crowded_lanes_step_the_text_down_to_normal),
        cmocka_unit_test(test_zoom_keeps_the_anchor_time_in_place),
        cmocka_unit_test(test_zoom_stops_at_one_microsecond_and_ten_runs),
        cmocka_unit_test(test_fit_shows_the_whole_run_and_follow_keeps_the_edge_right),
        cmocka_unit_test(test_panning_and_zooming_keep_the_view_on_the_run),
        cmocka_unit_test(test_the_window_opens_on_the_range),
        cmocka_unit_test(test_playback_moves_at_its_speed_and_stops_at_the_end),
        cmocka_unit_test(test_frame_quantiles_are_median_and_p99),
        cmocka_unit_test(test_screenshot_names_are_safe_and_never_reused),
        cmocka_unit_test(test_screenshot_never_writes_through_a_planted_link),
        cmocka_unit_test(test_screenshot_numbers_go_past_999),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
