/*
 * test_step_panel.c — what the window says when the student picks a lane
 * (viz/app/step_panel.c), against a real engine in step mode: a worker
 * that cannot go says why, a lane the run lacks is named, and once everyone
 * runs freely (G) or the run has ended a pick says so instead of "not in
 * step mode".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "app/step_panel.h"
#include "clock.h"
#include "support/simple_scenario.h"

#define MS 1000000ll

static void wait_for_choice(cv_engine *engine)
{
    int64_t until = cv_mono_ns() + 5000 * MS;
    while (cv_engine_step_look(engine, NULL) != CV_STEP_WAITING) {
        assert_true(cv_engine_poll(engine));
        assert_true(cv_mono_ns() < until);
        cv_sleep_ns(MS / 10);
    }
}

static void test_a_lane_picked_that_cannot_go_says_why(void **state)
{
    (void)state;
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 1, 1, 2, 4);
    cv_engine_options options = {.step = true};
    cv_engine *engine = NULL;
    cv_error err;
    assert_int_equal(cv_engine_start(&scenario, &options, &engine, &err), CV_OK);
    char message[256] = "";
    wait_for_choice(engine);
    assert_false(cv_step_panel_step(engine, true, 1, message, sizeof message));
    assert_string_equal(message, "C0 cannot go: wait full \xE2\x80\x94 no item (full = 0)");
    assert_false(cv_step_panel_step(engine, true, 5, message, sizeof message));
    assert_string_equal(message, "no lane 6: this run has 2");
    assert_true(cv_step_panel_step(engine, true, 0, message, sizeof message));

    cv_engine_step_run_freely(engine);
    assert_false(cv_step_panel_step(engine, true, 0, message, sizeof message));
    assert_string_equal(message, "everyone runs freely since G: P restarts the run in step mode");
    cv_engine_run_to_end(engine);
    assert_false(cv_step_panel_step(engine, false, 0, message, sizeof message));
    assert_string_equal(message, "the run has ended: P runs it again in step mode");
    cv_engine_destroy(engine);
}

static void test_a_run_not_in_step_mode_says_how_to_get_there(void **state)
{
    (void)state;
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 1, 1, 2, 1000000);
    cv_engine_options options = {0};
    cv_engine *engine = NULL;
    cv_error err;
    assert_int_equal(cv_engine_start(&scenario, &options, &engine, &err), CV_OK);
    char message[256] = "";
    assert_false(cv_step_panel_step(engine, true, 0, message, sizeof message));
    assert_string_equal(message, "not in step mode: P restarts the run in it");
    cv_engine_destroy(engine);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_lane_picked_that_cannot_go_says_why),
        cmocka_unit_test(test_a_run_not_in_step_mode_says_how_to_get_there),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
