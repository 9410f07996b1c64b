/*
 * test_step_marks.c — step mode's words on the picture (viz/layout/
 * step_marks.c): a worker that can go is numbered for its key and says its
 * next step; one that waits says why; ended workers and a step under way
 * say nothing; the banner counts who can go and names the GIL's limit; a
 * lane picked that cannot go says why; the steps taken are listed as the
 * schedule file numbers them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "layout/step_marks.h"

static cv_lane_info lanes[3] = {{.name = "P0"}, {.name = "C0"}, {.name = "C1"}};
static const cv_trace trace = {.lane_count = 3, .lanes = lanes};

static void test_lanes_say_their_next_step_or_why_they_wait(void **state)
{
    (void)state;
    cv_step_choice choices[3] = {
        {.op = CV_STEP_WAIT_EMPTY, .can_advance = true},
        {.op = CV_STEP_WAIT_FULL, .why = "no item (full = 0)"},
        {.finished = true},
    };
    cv_step_mark marks[3];
    char banner[320];
    cv_step_marks_compose(choices, &trace, false, false, marks, banner, sizeof banner);
    assert_int_equal(marks[0].kind, CV_STEP_MARK_CAN);
    assert_string_equal(marks[0].text, "1  P0: wait empty");
    assert_int_equal(marks[1].kind, CV_STEP_MARK_CANNOT);
    assert_string_equal(marks[1].text, "2  C0: wait full \xE2\x80\x94 no item (full = 0)");
    assert_int_equal(marks[2].kind, CV_STEP_MARK_ENDED);
    assert_non_null(strstr(banner, "STEP MODE \xC2\xB7 1 can go (drawn ready: held for you) "
                                   "\xC2\xB7 click a lane"));
    assert_non_null(strstr(banner, "G: run freely"));
}

static void test_the_banner_names_the_gil_when_it_holds_workers_back(void **state)
{
    (void)state;
    cv_step_choice choices[3] = {
        {.op = CV_STEP_CLAIM, .can_advance = true},
        {.op = CV_STEP_GET, .gil_bound = true, .why = "the GIL is held by P0"},
        {.op = CV_STEP_GET, .gil_bound = true, .why = "the GIL is held by P0"},
    };
    cv_step_mark marks[3];
    char banner[320];
    cv_step_marks_compose(choices, &trace, false, true, marks, banner, sizeof banner);
    assert_non_null(strstr(banner, "the GIL lets only its holder go"));
    assert_string_equal(marks[2].text, "3  C1: get \xE2\x80\x94 the GIL is held by P0");
}

static void test_a_step_under_way_marks_no_lane(void **state)
{
    (void)state;
    cv_step_choice choices[3] = {{.op = CV_STEP_CLAIM, .can_advance = true}};
    cv_step_mark marks[3];
    char banner[320];
    cv_step_marks_compose(choices, &trace, true, false, marks, banner, sizeof banner);
    for (int i = 0; i < 3; i++)
        assert_int_equal(marks[i].kind, CV_STEP_MARK_ENDED);
    assert_non_null(strstr(banner, "a step is under way"));
}

/* A lane picked that cannot go gets a message saying why, not silence. */
static void test_picking_a_lane_that_cannot_go_says_why(void **state)
{
    (void)state;
    char message[256] = "untouched";
    cv_step_choice can = {.op = CV_STEP_CLAIM, .can_advance = true};
    assert_false(cv_step_marks_why_not(&can, "P0", false, message, sizeof message));
    assert_string_equal(message, "untouched");
    cv_step_choice waits = {.op = CV_STEP_WAIT_FULL, .why = "no item (full = 0)"};
    assert_true(cv_step_marks_why_not(&waits, "C1", false, message, sizeof message));
    assert_string_equal(message, "C1 cannot go: wait full \xE2\x80\x94 no item (full = 0)");
    cv_step_choice gil = {.op = CV_STEP_GET, .gil_bound = true, .why = "the GIL is held by P0"};
    assert_true(cv_step_marks_why_not(&gil, "C0", false, message, sizeof message));
    assert_string_equal(message, "C0 cannot go: get \xE2\x80\x94 the GIL is held by P0");
    cv_step_choice ended = {.finished = true};
    assert_true(cv_step_marks_why_not(&ended, "P1", false, message, sizeof message));
    assert_string_equal(message, "P1 cannot go: it has ended");
    assert_true(cv_step_marks_why_not(&can, "P0", true, message, sizeof message));
    assert_string_equal(message, "P0 cannot go yet: a step is under way");
}

/* The steps taken read as --save-schedule writes them, numbered from 1 in
 * its order; `run` (G) is a step of its own. */
static void test_steps_taken_are_numbered_as_the_schedule_saves_them(void **state)
{
    (void)state;
    const cv_step_record taken[] = {
        {.worker = 0, .op = CV_STEP_CLAIM},
        {.worker = 2, .op = CV_STEP_WAIT_NOT_EMPTY},
        {.worker = CV_STEP_RUN_FREELY, .op = CV_STEP_NONE},
    };
    char line[64];
    cv_step_marks_taken_line(taken, 0, &trace, line, sizeof line);
    assert_string_equal(line, "1  P0 claim");
    cv_step_marks_taken_line(taken, 1, &trace, line, sizeof line);
    assert_string_equal(line, "2  C1 wait not empty");
    cv_step_marks_taken_line(taken, 2, &trace, line, sizeof line);
    assert_string_equal(line, "3  run");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lanes_say_their_next_step_or_why_they_wait),
        cmocka_unit_test(test_the_banner_names_the_gil_when_it_holds_workers_back),
        cmocka_unit_test(test_a_step_under_way_marks_no_lane),
        cmocka_unit_test(test_picking_a_lane_that_cannot_go_says_why),
        cmocka_unit_test(test_steps_taken_are_numbered_as_the_schedule_saves_them),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
