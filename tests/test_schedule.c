/*
 * test_schedule.c — schedule files (core/scenario/schedule.c): steps,
 * comments, overrides and a final `run` are read; every mistake is reported
 * with its file and line, the first one found; lane names are checked
 * against the run's lanes, operations against the sync mode.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conveyor/schedule.h"

static cv_status parse(const char *text, cv_schedule *out, cv_error *err)
{
    return cv_schedule_parse(text, strlen(text), "s.schedule", out, err);
}

static void test_steps_comments_sets_and_run_are_read(void **state)
{
    (void)state;
    cv_schedule schedule;
    cv_error err;
    assert_int_equal(parse("# a comment\n"
                           "set run.items=8   ; why\n"
                           "\n"
                           "C0 lock\n"
                           "  P0:   wait    empty  # blanks do not matter\n"
                           "P1 signal not full\n"
                           "run\n",
                           &schedule, &err),
                     CV_OK);
    assert_int_equal(schedule.set_count, 1);
    assert_string_equal(schedule.sets[0], "run.items=8");
    assert_int_equal(schedule.set_lines[0], 2);
    assert_int_equal(schedule.count, 4);
    assert_string_equal(schedule.steps[0].lane, "C0");
    assert_int_equal(schedule.steps[0].op, CV_STEP_LOCK);
    assert_int_equal(schedule.steps[0].line, 4);
    assert_string_equal(schedule.steps[1].lane, "P0");
    assert_int_equal(schedule.steps[1].op, CV_STEP_WAIT_EMPTY);
    assert_int_equal(schedule.steps[2].op, CV_STEP_SIGNAL_NOT_FULL);
    assert_string_equal(schedule.steps[3].lane, "");
    assert_int_equal(schedule.steps[3].line, 7);

    const char *names[] = {"P0", "P1", "C0"};
    cv_step_record records[4];
    assert_int_equal(cv_schedule_resolve(&schedule, names, 3, records, &err), CV_OK);
    assert_int_equal(records[0].worker, 2);
    assert_int_equal(records[1].worker, 0);
    assert_int_equal(records[3].worker, CV_STEP_RUN_FREELY);
    cv_schedule_free(&schedule);
}

static void assert_error(const char *text, int line, const char *message)
{
    cv_schedule schedule;
    cv_error err;
    assert_int_equal(parse(text, &schedule, &err), CV_ERR_USAGE);
    assert_string_equal(err.file, "s.schedule");
    assert_int_equal(err.line, line);
    if (!strstr(err.message, message))
        fail_msg("expected '%s' in '%s'", message, err.message);
    assert_null(schedule.steps);
}

static void test_each_mistake_is_reported_with_its_line(void **state)
{
    (void)state;
    assert_error("P0 claim\nP0 wiat empty\n", 2, "unknown step 'wiat empty' (one of: claim, ");
    assert_error("# x\n\nP0\n", 3, "'P0' is not a step: write LANE OPERATION");
    assert_error("P0 claim\nset run.items=3\n", 2, "`set` after the first step");
    assert_error("set items\n", 1, "`set` wants SECTION.KEY=VALUE");
    assert_error("P0 claim\nrun\nP0 lock\n", 3, "a step after `run`");
    assert_error(": claim\n", 1, "a lane name of 1 to 63 characters");
    char long_line[400];
    memset(long_line, 'x', sizeof long_line - 1);
    long_line[sizeof long_line - 1] = '\0';
    char text[500];
    snprintf(text, sizeof text, "P0 claim\n%s\n", long_line);
    assert_error(text, 2, "line longer than 255 characters");
}

static void test_a_lane_the_run_does_not_have_is_named_with_its_line(void **state)
{
    (void)state;
    cv_schedule schedule;
    cv_error err;
    assert_int_equal(parse("P0 claim\n\nP7 lock\n", &schedule, &err), CV_OK);
    const char *names[] = {"P0", "C0"};
    cv_step_record records[2];
    assert_int_equal(cv_schedule_resolve(&schedule, names, 2, records, &err), CV_ERR_USAGE);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.message, "no lane 'P7' (this run has P0, C0)");
    cv_schedule_free(&schedule);
}

static void test_a_missing_file_is_a_system_error_naming_it(void **state)
{
    (void)state;
    cv_schedule schedule;
    cv_error err;
    assert_int_equal(cv_schedule_load_file("/nonexistent/x.schedule", &schedule, &err),
                     CV_ERR_SYSTEM);
    assert_string_equal(err.file, "/nonexistent/x.schedule");
    assert_non_null(strstr(err.message, "No such file"));
}

static void test_the_shipped_schedules_parse(void **state)
{
    (void)state;
    static const char *const names[] = {"race", "deadlock", "lost-wakeup"};
    for (size_t i = 0; i < 3; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s.schedule", getenv("CONVEYOR_SCENARIOS"), names[i]);
        cv_schedule schedule;
        cv_error err;
        if (cv_schedule_load_file(path, &schedule, &err) != CV_OK)
            fail_msg("%s:%d: %s", err.file, err.line, err.message);
        assert_true(schedule.count >= 3);
        cv_schedule_free(&schedule);
    }
}

static void test_a_step_the_sync_mode_never_takes_is_named_with_its_line(void **state)
{
    (void)state;
    cv_schedule schedule;
    cv_error err;
    assert_int_equal(parse("C0 lock\nC0 wait full\n", &schedule, &err), CV_OK);
    assert_int_equal(cv_schedule_check_sync(&schedule, CV_SYNC_ONE_CONDVAR, &err), CV_ERR_USAGE);
    assert_string_equal(err.file, "s.schedule");
    assert_int_equal(err.line, 2);
    assert_string_equal(err.message, "`wait full` is never a step under sync = one-condvar: it has "
                                     "no semaphores, only a mutex and condition variables");
    assert_int_equal(cv_schedule_check_sync(&schedule, CV_SYNC_NO_MUTEX, &err), CV_ERR_USAGE);
    assert_int_equal(err.line, 1);
    assert_int_equal(cv_schedule_check_sync(&schedule, CV_SYNC_SEMAPHORES, &err), CV_OK);
    cv_schedule_free(&schedule);
    assert_false(cv_step_op_in_sync(CV_STEP_WAIT_NOT_FULL, CV_SYNC_ONE_CONDVAR));
    assert_true(cv_step_op_in_sync(CV_STEP_WAIT_NOT_FULL, CV_SYNC_CONDVAR_IF));
    assert_false(cv_step_op_in_sync(CV_STEP_READ_IN, CV_SYNC_MUTEX_FIRST));
    assert_true(cv_step_op_in_sync(CV_STEP_CLOSE, CV_SYNC_NO_MUTEX));
}

/* The check must not refuse what the engine does: each shipped schedule
 * passes under its lesson's sync mode. */
static void test_the_shipped_schedules_fit_their_sync_modes(void **state)
{
    (void)state;
    static const char *const names[] = {"race", "deadlock", "lost-wakeup"};
    static const cv_sync syncs[] = {CV_SYNC_NO_MUTEX, CV_SYNC_MUTEX_FIRST, CV_SYNC_ONE_CONDVAR};
    for (size_t i = 0; i < 3; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s.schedule", getenv("CONVEYOR_SCENARIOS"), names[i]);
        cv_schedule schedule;
        cv_error err;
        assert_int_equal(cv_schedule_load_file(path, &schedule, &err), CV_OK);
        if (cv_schedule_check_sync(&schedule, syncs[i], &err) != CV_OK)
            fail_msg("%s:%d: %s", err.file, err.line, err.message);
        cv_schedule_free(&schedule);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_steps_comments_sets_and_run_are_read),
        cmocka_unit_test(test_each_mistake_is_reported_with_its_line),
        cmocka_unit_test(test_a_lane_the_run_does_not_have_is_named_with_its_line),
        cmocka_unit_test(test_a_missing_file_is_a_system_error_naming_it),
        cmocka_unit_test(test_the_shipped_schedules_parse),
        cmocka_unit_test(test_a_step_the_sync_mode_never_takes_is_named_with_its_line),
        cmocka_unit_test(test_the_shipped_schedules_fit_their_sync_modes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
