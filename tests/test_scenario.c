/*
 * test_scenario.c — the scenario language: every class of error with its
 * exact message and line, durations and distributions, --set overrides,
 * defaults, and every shipped lesson in scenarios/ (CONVEYOR_SCENARIOS).
 * Messages are compared in full because they are the user interface.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>

#include "conveyor/scenario.h"
#include "duration.h"
#include "suggest.h"

/* Two producers and two consumers that load cleanly; tests append to it. */
#define BASE                                                                                       \
    "[producers]\n"                                                                                \
    "count = 2\n"                                                                                  \
    "work = cpu 2ms\n"                                                                             \
    "[consumers]\n"                                                                                \
    "count = 2\n"                                                                                  \
    "work = io 1ms\n"

static cv_scenario scenario;
static cv_diagnostics diag;

static cv_status load_with(const char *text, const char *const *overrides, size_t count)
{
    return cv_scenario_load_string(text, strlen(text), "lesson.ini", overrides, count, &scenario,
                                   &diag);
}

static cv_status load(const char *text)
{
    return load_with(text, NULL, 0);
}

/* Print every diagnostic so a failing test shows what the loader said. */
static void show_diagnostics(void)
{
    for (int i = 0; i < diag.count; i++)
        print_message("  [%d] %s:%d: %s\n", i, diag.items[i].file, diag.items[i].line,
                      diag.items[i].message);
}

static void assert_diagnostic(int index, const char *file, int line, const char *message)
{
    if (index >= diag.count)
        show_diagnostics();
    assert_in_range(index, 0, diag.count - 1);
    assert_string_equal(diag.items[index].file, file);
    assert_int_equal(diag.items[index].line, line);
    assert_string_equal(diag.items[index].message, message);
}

static void assert_only_error(const char *text, int line, const char *message)
{
    assert_int_equal(load(text), CV_ERR_SCENARIO);
    if (diag.count != 1)
        show_diagnostics();
    assert_int_equal(diag.count, 1);
    assert_diagnostic(0, "lesson.ini", line, message);
}

static void assert_loads(const char *text)
{
    cv_status status = load(text);
    if (status != CV_OK)
        show_diagnostics();
    assert_int_equal(status, CV_OK);
    assert_int_equal(diag.count, 0);
}

/* ---- what a correct file gives ---- */

static void test_minimal_file_gets_documented_defaults(void **state)
{
    (void)state;
    assert_loads(BASE);
    assert_string_equal(scenario.name, "lesson");
    assert_string_equal(scenario.path, "lesson.ini");
    assert_int_equal(scenario.backend, CV_BACKEND_THREADS);
    assert_int_equal(scenario.buffer_slots, 4);
    assert_int_equal(scenario.items, 200);
    assert_int_equal(scenario.duration_ns, 0);
    assert_int_equal(scenario.seed, 1);
    assert_false(scenario.gil);
    assert_int_equal(scenario.switch_interval_ns, 5000000);
    assert_int_equal(scenario.sync, CV_SYNC_SEMAPHORES);
    assert_int_equal(scenario.deadlock_timeout_ns, 1000000000);
    assert_false(scenario.expect.set);
    assert_int_equal(scenario.group_count, 2);
    assert_int_equal(scenario.groups[0].role, CV_ROLE_PRODUCER);
    assert_int_equal(scenario.groups[0].count, 2);
    assert_int_equal(scenario.groups[0].line, 1);
    assert_int_equal(scenario.groups[1].role, CV_ROLE_CONSUMER);
    assert_int_equal(scenario.groups[1].line, 4);
    assert_int_equal(cv_scenario_worker_count(&scenario), 4);
}

static void test_every_run_key_is_read(void **state)
{
    (void)state;
    assert_loads("[run]\n"
                 "name = classic\n"
                 "description = Two and two around four slots\n"
                 "backend = processes\n"
                 "buffer = 16\n"
                 "items = 500\n"
                 "duration = 1.5s\n"
                 "seed = 18446744073709551615\n"
                 "gil = on\n"
                 "switch_interval = 250us\n"
                 "sync = mutex-first\n"
                 "deadlock_timeout = 2s\n" BASE);
    assert_string_equal(scenario.name, "classic");
    assert_string_equal(scenario.description, "Two and two around four slots");
    assert_int_equal(scenario.backend, CV_BACKEND_PROCESSES);
    assert_int_equal(scenario.buffer_slots, 16);
    assert_int_equal(scenario.items, 500);
    assert_int_equal(scenario.duration_ns, 1500000000);
    assert_true(scenario.seed == UINT64_MAX);
    assert_true(scenario.gil);
    assert_int_equal(scenario.switch_interval_ns, 250000);
    assert_int_equal(scenario.sync, CV_SYNC_MUTEX_FIRST);
    assert_int_equal(scenario.deadlock_timeout_ns, 2000000000);
}

static void test_named_groups_keep_their_names_and_delays(void **state)
{
    (void)state;
    assert_loads("[producers fast]\ncount = 3\nwork = none\nstart_delay = 20ms\n"
                 "[producers slow]\ncount = 1\nwork = io 9ms\n"
                 "[consumers]\ncount = 1\nwork = none\n");
    assert_int_equal(scenario.group_count, 3);
    assert_string_equal(scenario.groups[0].name, "fast");
    assert_int_equal(scenario.groups[0].start_delay_ns, 20000000);
    assert_int_equal(scenario.groups[0].step_count, 0);
    assert_string_equal(scenario.groups[1].name, "slow");
    assert_int_equal(scenario.groups[1].line, 5);
    assert_int_equal(cv_scenario_find_group(&scenario, CV_ROLE_PRODUCER), -1);
    assert_int_equal(cv_scenario_find_group(&scenario, CV_ROLE_CONSUMER), 2);
}

static void test_expect_section_is_read(void **state)
{
    (void)state;
    assert_loads(BASE "[expect]\noutcome = deadlock\nmin_items = 10\nmax_elapsed = 30s\n");
    assert_true(scenario.expect.set);
    assert_int_equal(scenario.expect.outcome, CV_OUTCOME_DEADLOCK);
    assert_int_equal(scenario.expect.min_items, 10);
    assert_int_equal(scenario.expect.max_elapsed_ns, 30000000000ll);
}

static void test_gil_accepts_every_boolean_spelling(void **state)
{
    (void)state;
    const char *on[] = {"on", "true", "yes", "1"};
    const char *off[] = {"off", "false", "no", "0"};
    for (int i = 0; i < 4; i++) {
        char text[256];
        snprintf(text, sizeof text, "[run]\ngil = %s\n" BASE, on[i]);
        assert_loads(text);
        assert_true(scenario.gil);
        snprintf(text, sizeof text, "[run]\ngil = %s\n" BASE, off[i]);
        assert_loads(text);
        assert_false(scenario.gil);
    }
}

static void test_duration_alone_lifts_the_item_limit(void **state)
{
    (void)state;
    assert_loads("[run]\nduration = 5s\n" BASE);
    assert_int_equal(scenario.items, CV_MAX_ITEMS);
    assert_loads("[run]\nduration = 5s\nitems = 30\n" BASE);
    assert_int_equal(scenario.items, 30);
}

static void test_indented_keys_comments_and_crlf_are_fine(void **state)
{
    (void)state;
    assert_loads("\xef\xbb\xbf; a lesson\r\n"
                 "[run]   ; the run\r\n"
                 "    buffer = 8   ; slots\r\n"
                 "\titems = 12\r\n"
                 "# hash comments too\r\n" BASE);
    assert_int_equal(scenario.buffer_slots, 8);
    assert_int_equal(scenario.items, 12);
}

/* ---- each class of error, with message and line ---- */

static void test_unknown_key_suggests_the_closest(void **state)
{
    (void)state;
    assert_only_error("[run]\nbuffr = 4\n" BASE, 2,
                      "unknown key 'buffr' in [run]; did you mean 'buffer'?");
    assert_only_error(BASE "[consumers fast]\ncuont = 1\nwork = none\ncount = 1\n", 8,
                      "unknown key 'cuont' in [consumers fast]; did you mean 'count'?");
}

static void test_unknown_key_far_from_any_lists_the_keys(void **state)
{
    (void)state;
    assert_only_error("[expect]\nzzzzzz = 1\n" BASE, 2,
                      "unknown key 'zzzzzz' in [expect]; the keys are outcome, min_items, "
                      "max_elapsed");
}

static void test_key_in_the_wrong_section_says_where_it_goes(void **state)
{
    (void)state;
    assert_only_error("[run]\ncount = 3\n" BASE, 2,
                      "key 'count' does not belong in [run]; it goes in [producers] and "
                      "[consumers] sections");
    assert_only_error(BASE "outcome = completed\n", 7,
                      "key 'outcome' does not belong in [consumers]; it goes in [expect]");
}

static void test_unknown_section_suggests_the_closest(void **state)
{
    (void)state;
    assert_int_equal(load("[prodcuers fast]\ncount = 1\n" BASE), CV_ERR_SCENARIO);
    assert_int_equal(diag.count, 1);
    assert_diagnostic(0, "lesson.ini", 1,
                      "unknown section [prodcuers fast]; did you mean [producers fast]?");
    assert_only_error("[settings]\n" BASE, 1,
                      "unknown section [settings]; the sections are [run], [producers], "
                      "[consumers] and [expect]");
    assert_only_error("[Run]\n" BASE, 1, "unknown section [Run]; did you mean [run]?");
    assert_only_error("[run fast]\n" BASE, 1, "section [run fast] takes no name; write [run]");
}

static void test_duplicate_key_names_the_first_line(void **state)
{
    (void)state;
    assert_only_error("[run]\nbuffer = 4\nitems = 9\nbuffer = 5\n" BASE, 4,
                      "duplicate key 'buffer' in [run] (first set on line 2)");
    assert_int_equal(scenario.buffer_slots, 4);
}

static void test_duplicate_section_names_the_first_line(void **state)
{
    (void)state;
    assert_only_error("[run]\nbuffer = 4\n[run]\nitems = 3\n" BASE, 3,
                      "section [run] appears twice (first on line 1)");
    assert_only_error(BASE "[producers]\nstart_delay = 1ms\n", 7,
                      "section [producers] appears twice (first on line 1)");
}

static void test_junk_after_a_number_is_an_error(void **state)
{
    (void)state;
    assert_only_error("[run]\nbuffer = 4 slots\n" BASE, 2,
                      "buffer: junk ' slots' after the number in '4 slots'; expected a whole "
                      "number from 1 to 1000000");
    assert_only_error("[run]\nitems = 10 # ten\n" BASE, 2,
                      "items: junk ' # ten' after the number in '10 # ten'; expected a whole "
                      "number from 1 to 1000000000 (comments start with ';')");
    assert_only_error("[run]\nbuffer = 2.5\n" BASE, 2,
                      "buffer: junk '.5' after the number in '2.5'; expected a whole number from "
                      "1 to 1000000");
}

static void test_words_and_negative_numbers_are_not_counts(void **state)
{
    (void)state;
    assert_only_error("[run]\nbuffer = four\n" BASE, 2,
                      "buffer: 'four' is not a number; expected a whole number from 1 to 1000000");
    assert_only_error("[run]\nitems = -3\n" BASE, 2,
                      "items: '-3' is negative; expected a whole number from 1 to 1000000000");
    assert_only_error("[run]\nbuffer =\n" BASE, 2,
                      "buffer: missing value; expected a whole number from 1 to 1000000");
}

static void test_out_of_range_values_name_the_range(void **state)
{
    (void)state;
    assert_only_error("[run]\nbuffer = 0\n" BASE, 2,
                      "buffer: 0 is out of range; expected a whole number from 1 to 1000000");
    assert_only_error("[run]\nbuffer = 1000001\n" BASE, 2,
                      "buffer: 1000001 is out of range; expected a whole number from 1 to "
                      "1000000");
    assert_only_error("[run]\nitems = 1000000001\n" BASE, 2,
                      "items: 1000000001 is out of range; expected a whole number from 1 to "
                      "1000000000");
    assert_only_error("[run]\nseed = 18446744073709551616\n" BASE, 2,
                      "seed: 18446744073709551616 is out of range; expected a whole number from 0 "
                      "to 18446744073709551615");
    assert_only_error("[run]\nduration = 3601s\n" BASE, 2,
                      "duration: 3601s is out of range; expected a duration from 0 to 3600s");
    assert_only_error("[run]\nswitch_interval = 0\n" BASE, 2,
                      "switch_interval: 0 is out of range; expected a duration from 1us to 1s");
    assert_only_error(BASE "[expect]\nmax_elapsed = 0\n", 8,
                      "max_elapsed: 0 is out of range; expected a duration from 1ns to 3600s");
}

static void test_durations_need_a_known_unit(void **state)
{
    (void)state;
    assert_only_error("[run]\nduration = 5sec\n" BASE, 2,
                      "duration: unknown unit 'sec' in '5sec'; units are ns, us, ms, s");
    assert_only_error("[run]\nduration = 5\n" BASE, 2,
                      "duration: '5' has no unit; write e.g. '5ms' (units: ns, us, ms, s)");
    assert_only_error("[run]\ndeadlock_timeout = 2h\n" BASE, 2,
                      "deadlock_timeout: unknown unit 'h' in '2h'; units are ns, us, ms, s");
}

static void test_huge_durations_are_rejected_not_wrapped(void **state)
{
    (void)state;
    assert_only_error("[run]\nduration = 99999999999999999999s\n" BASE, 2,
                      "duration: '99999999999999999999s' is too large; expected a duration from "
                      "0 to 3600s");
    assert_only_error("[run]\nduration = 9223372037s\n" BASE, 2,
                      "duration: '9223372037s' is too large; expected a duration from 0 to 3600s");
}

static void test_choices_suggest_the_closest(void **state)
{
    (void)state;
    assert_only_error("[run]\nbackend = thread\n" BASE, 2,
                      "backend: 'thread' is not one of threads or processes; did you mean "
                      "'threads'?");
    assert_only_error("[run]\nsync = mutex_first\n" BASE, 2,
                      "sync: 'mutex_first' is not one of semaphores, no-mutex, mutex-first, "
                      "condvar, one-condvar or condvar-if; did you mean 'mutex-first'?");
    assert_only_error(BASE "[expect]\noutcome = finished\n", 8,
                      "outcome: 'finished' is not one of completed, deadlock or ledger-violation");
    assert_only_error("[run]\ngil = maybe\n" BASE, 2,
                      "gil: 'maybe' is not on or off (also allowed: true/false, yes/no, 1/0)");
}

static void test_missing_required_key_points_at_the_section(void **state)
{
    (void)state;
    assert_only_error(BASE "[consumers slow]\nwork = io 5ms\n", 7,
                      "[consumers slow] is missing the required key 'count'");
    assert_only_error("[producers]\ncount = 1\n[consumers]\ncount = 1\nwork = none\n", 1,
                      "[producers] is missing the required key 'work'");
}

static void test_missing_roles_are_file_level_errors(void **state)
{
    (void)state;
    assert_int_equal(load("[run]\nbuffer = 2\n[producers]\ncount = 1\nwork = none\n"),
                     CV_ERR_SCENARIO);
    assert_int_equal(diag.count, 1);
    assert_diagnostic(0, "lesson.ini", 0,
                      "no consumers: add a [consumers] section with count = 1 or more");
    assert_only_error("[producers]\ncount = 0\nwork = none\n[consumers]\ncount = 1\nwork = none\n",
                      2,
                      "no producers: every [producers] group has count = 0; at least one is "
                      "needed");
}

static void test_worker_limits_depend_on_the_backend(void **state)
{
    (void)state;
    assert_only_error("[run]\nbackend = processes\n"
                      "[producers]\ncount = 200\nwork = none\n[consumers]\ncount = 57\nwork = "
                      "none\n",
                      2,
                      "257 workers are too many for backend = processes: at most 256 (1024 with "
                      "threads, 256 with processes)");
    assert_loads("[producers]\ncount = 200\nwork = none\n[consumers]\ncount = 57\nwork = none\n");
    assert_only_error("[producers]\ncount = 1000\nwork = none\n[consumers]\ncount = 25\nwork = "
                      "none\n",
                      2,
                      "1025 workers are too many for backend = threads: at most 1024 (1024 with "
                      "threads, 256 with processes)");
}

static void test_min_items_cannot_exceed_items(void **state)
{
    (void)state;
    assert_only_error(
        "[run]\nitems = 5\n" BASE "[expect]\nmin_items = 50\n", 10,
        "min_items: 50 is more than the 5 items the run makes (items); when making a run "
        "shorter, lower it too (--set expect.min_items=5)");
}

static void test_group_names_must_give_distinct_lanes(void **state)
{
    (void)state;
    assert_only_error("[producers x1]\ncount = 1\nwork = none\n[consumers]\ncount = 1\nwork = "
                      "none\n",
                      1,
                      "[producers x1]: a group name must not end with a digit (its lanes are "
                      "named x10, x11, ...)");
    assert_only_error(BASE "[consumers P]\ncount = 1\nwork = none\n", 7,
                      "[consumers P]: its lanes would have the same names as those of "
                      "[producers]");
    assert_only_error(BASE "[consumers a.b]\ncount = 1\nwork = none\n", 7,
                      "[consumers a.b]: a group name is 1 to 31 letters, digits, '_' or '-'");
}

static void test_lines_that_are_not_key_value_are_syntax_errors(void **state)
{
    (void)state;
    assert_only_error("[run]\nbuffer 4\n" BASE, 2,
                      "expected 'key = value' or a [section] header, not 'buffer 4'");
    assert_only_error("[run\nbuffer = 4\n" BASE, 1, "section header '[run' has no closing ']'");
    assert_only_error("[run] extra\n" BASE, 1,
                      "unexpected text after the section header '[run] extra'");
    assert_only_error("buffer = 4\n" BASE, 1,
                      "'buffer' comes before any section; put it under [run], [producers], "
                      "[consumers] or [expect]");
    assert_only_error("[run]\n= 4\n" BASE, 2, "a key name is missing before '='");
}

static void test_overlong_line_is_reported(void **state)
{
    (void)state;
    char text[1024];
    char description[301];
    memset(description, 'x', 300);
    description[300] = '\0';
    snprintf(text, sizeof text, "[run]\ndescription = %s\n" BASE, description);
    assert_only_error(text, 2, "line is 314 characters long; at most 198 fit");
    /* "description = " is 14 characters: 184 more make exactly 198. */
    description[184] = '\0';
    snprintf(text, sizeof text, "[run]\r\ndescription = %s\r\n" BASE, description);
    assert_loads(text);
    assert_int_equal(strlen(scenario.description), 184);
    snprintf(text, sizeof text, "[run]\ndescription = %sy\n" BASE, description);
    assert_only_error(text, 2, "line is 199 characters long; at most 198 fit");
}

static void test_empty_and_blank_files_are_errors(void **state)
{
    (void)state;
    const char *message =
        "the file is empty; a scenario needs at least a [producers] and a [consumers] section";
    assert_only_error("", 0, message);
    assert_only_error(" \n\t\n\r\n", 0, message);
}

static void test_binary_input_is_rejected_at_its_first_bad_byte(void **state)
{
    (void)state;
    const char nul[] = "[run]\nname = a\0b\n";
    assert_int_equal(
        cv_scenario_load_string(nul, sizeof nul - 1, "lesson.ini", NULL, 0, &scenario, &diag),
        CV_ERR_SCENARIO);
    assert_int_equal(diag.count, 1);
    assert_diagnostic(0, "lesson.ini", 2,
                      "NUL byte at column 9: this is a binary file, not a scenario");
    assert_only_error("[run]\n\n\x01\x02", 3,
                      "control character 0x01 at column 1: a scenario is plain text");
    assert_only_error("[run]\nname = caf\xe9\n", 2, "byte 0xe9 at column 11 is not UTF-8 text");
    assert_loads("[run]\nname = caf\xc3\xa9\n" BASE);
}

static void test_too_large_input_is_rejected(void **state)
{
    (void)state;
    size_t length = CV_MAX_SCENARIO_BYTES + 1;
    char *text = malloc(length);
    assert_non_null(text);
    memset(text, '\n', length);
    assert_int_equal(cv_scenario_load_string(text, length, "lesson.ini", NULL, 0, &scenario, &diag),
                     CV_ERR_SCENARIO);
    free(text);
    assert_diagnostic(0, "lesson.ini", 0,
                      "the file is 1048577 bytes; a scenario may be at most 1048576 bytes (1 MiB)");
}

static void test_every_error_is_reported_in_file_order(void **state)
{
    (void)state;
    const char *sets[] = {"run.items=0"};
    assert_int_equal(load_with("[run]\nbuffr = 4\nitems = x\nbackend = thread\n" BASE
                               "[consumers slow]\nwork = none\n"
                               "[expect]\noutcome = done\n",
                               sets, 1),
                     CV_ERR_SCENARIO);
    assert_int_equal(diag.count, 6);
    assert_int_equal(diag.items[0].line, 2);
    assert_int_equal(diag.items[1].line, 3);
    assert_int_equal(diag.items[2].line, 4);
    assert_diagnostic(3, "lesson.ini", 11, "[consumers slow] is missing the required key 'count'");
    assert_int_equal(diag.items[4].line, 14);
    assert_string_equal(diag.items[5].file, "--set run.items=0");
}

static void test_at_most_twenty_problems_are_kept(void **state)
{
    (void)state;
    char text[2048] = "[run]\n";
    for (int i = 0; i < 25; i++)
        strcat(text, "bogus = 1\n");
    assert_int_equal(load(text), CV_ERR_SCENARIO);
    assert_int_equal(diag.count, CV_MAX_DIAGNOSTICS);
    assert_true(diag.suppressed >= 5);
    assert_int_equal(diag.items[19].line, 21);
}

static void test_at_most_thirty_two_groups(void **state)
{
    (void)state;
    char text[4096] = "[consumers]\ncount = 1\nwork = none\n";
    for (int i = 0; i < CV_MAX_GROUPS; i++) {
        char group[64];
        snprintf(group, sizeof group, "[producers g%c%c]\ncount = 1\nwork = none\n", 'a' + i / 26,
                 'a' + i % 26);
        strcat(text, group);
    }
    assert_only_error(text, 1 + 3 * CV_MAX_GROUPS, "too many worker groups: at most 32");
}

/* ---- work steps and distributions ---- */

static void test_distributions_are_parsed(void **state)
{
    (void)state;
    assert_loads("[producers]\ncount = 1\n"
                 "work = cpu uniform(1ms, 3ms), io exp(2ms), cpu normal(2ms, 0.5ms), io 250us\n"
                 "[consumers]\ncount = 1\nwork = none\n");
    const cv_group *g = &scenario.groups[0];
    assert_int_equal(g->step_count, 4);
    assert_int_equal(g->steps[0].kind, CV_STEP_CPU);
    assert_int_equal(g->steps[0].duration.kind, CV_DIST_UNIFORM);
    assert_int_equal(g->steps[0].duration.a_ns, 1000000);
    assert_int_equal(g->steps[0].duration.b_ns, 3000000);
    assert_int_equal(g->steps[1].kind, CV_STEP_IO);
    assert_int_equal(g->steps[1].duration.kind, CV_DIST_EXP);
    assert_int_equal(g->steps[1].duration.a_ns, 2000000);
    assert_int_equal(g->steps[2].duration.kind, CV_DIST_NORMAL);
    assert_int_equal(g->steps[2].duration.a_ns, 2000000);
    assert_int_equal(g->steps[2].duration.b_ns, 500000);
    assert_int_equal(g->steps[3].duration.kind, CV_DIST_FIXED);
    assert_int_equal(g->steps[3].duration.a_ns, 250000);
}

static void test_bad_distributions_say_why(void **state)
{
    (void)state;
    assert_only_error("[producers]\ncount = 1\nwork = cpu uniform(3ms, 1ms)\n"
                      "[consumers]\ncount = 1\nwork = none\n",
                      3,
                      "work: step 1 ('cpu uniform(3ms, 1ms)'): in 'uniform(3ms, 1ms)' the low "
                      "end is above the high end");
    assert_only_error("[producers]\ncount = 1\nwork = io normal(2ms)\n"
                      "[consumers]\ncount = 1\nwork = none\n",
                      3,
                      "work: step 1 ('io normal(2ms)'): 'normal(2ms)' needs 2 arguments: "
                      "normal(mean, stddev)");
    assert_only_error("[producers]\ncount = 1\nwork = io unifrom(1ms, 2ms)\n"
                      "[consumers]\ncount = 1\nwork = none\n",
                      3,
                      "work: step 1 ('io unifrom(1ms, 2ms)'): unknown distribution: 'unifrom' "
                      "is not one of uniform, exp or normal; did you mean 'uniform'?");
    assert_only_error("[producers]\ncount = 1\nwork = io exp(0)\n"
                      "[consumers]\ncount = 1\nwork = none\n",
                      3, "work: step 1 ('io exp(0)'): in 'exp(0)' the mean must be more than 0");
    assert_only_error("[producers]\ncount = 1\nwork = io exp(2 parsecs)\n"
                      "[consumers]\ncount = 1\nwork = none\n",
                      3,
                      "work: step 1 ('io exp(2 parsecs)'): in exp(mean): unknown unit 'parsecs' "
                      "in '2 parsecs'; units are ns, us, ms, s");
}

static void test_bad_steps_say_which_step(void **state)
{
    (void)state;
    assert_only_error("[producers]\ncount = 1\nwork = cpu 2ms, disk 3ms\n"
                      "[consumers]\ncount = 1\nwork = none\n",
                      3, "work: step 2 ('disk 3ms'): a step is 'cpu D' or 'io D', e.g. 'cpu 2ms'");
    assert_only_error("[producers]\ncount = 1\nwork = cpu 2ms, oi 3ms\n"
                      "[consumers]\ncount = 1\nwork = none\n",
                      3,
                      "work: step 2 ('oi 3ms'): unknown kind 'oi'; did you mean 'io'? A step is "
                      "'cpu D' or 'io D'");
    assert_only_error("[producers]\ncount = 1\nwork = cpu\n[consumers]\ncount = 1\nwork = none\n",
                      3, "work: step 1 ('cpu') has no duration; write e.g. 'cpu 2ms'");
    assert_only_error("[producers]\ncount = 1\nwork = cpu 1ms,,io 1ms\n"
                      "[consumers]\ncount = 1\nwork = none\n",
                      3, "work: step 2 is empty (a comma too many?)");
    assert_only_error("[producers]\ncount = 1\nwork = none, cpu 1ms\n"
                      "[consumers]\ncount = 1\nwork = none\n",
                      3, "work: step 1: 'none' cannot be combined with other steps");
}

static void test_work_has_at_most_sixteen_steps(void **state)
{
    (void)state;
    char text[1024] = "[producers]\ncount = 1\nwork = io 1ms";
    for (int i = 1; i < CV_MAX_STEPS; i++)
        strcat(text, ",io 1ms");
    strcat(text, "\n[consumers]\ncount = 1\nwork = none\n");
    assert_loads(text);
    assert_int_equal(scenario.groups[0].step_count, CV_MAX_STEPS);
    char more[1024];
    snprintf(more, sizeof more, "%s", text);
    char *newline = strchr(strstr(more, "work"), '\n');
    memmove(newline + 7, newline, strlen(newline) + 1);
    memcpy(newline, ",io 1ms", 7);
    assert_only_error(more, 3, "work: more than 16 steps");
}

/* ---- durations ---- */

static void test_parse_duration_reads_units_and_decimals(void **state)
{
    (void)state;
    int64_t ns = -1;
    assert_true(cv_parse_duration("250us", &ns));
    assert_int_equal(ns, 250000);
    assert_true(cv_parse_duration("2ms", &ns));
    assert_int_equal(ns, 2000000);
    assert_true(cv_parse_duration("1.5s", &ns));
    assert_int_equal(ns, 1500000000);
    assert_true(cv_parse_duration("10ns", &ns));
    assert_int_equal(ns, 10);
    assert_true(cv_parse_duration("0.1s", &ns));
    assert_int_equal(ns, 100000000);
    assert_true(cv_parse_duration(" 2 ms ", &ns));
    assert_int_equal(ns, 2000000);
    assert_true(cv_parse_duration("3\xc2\xb5s", &ns));
    assert_int_equal(ns, 3000);
    assert_true(cv_parse_duration("0", &ns));
    assert_int_equal(ns, 0);
    assert_true(cv_parse_duration("1.500000000000s", &ns));
    assert_int_equal(ns, 1500000000);
    assert_true(cv_parse_duration("9223372036854775807ns", &ns));
    assert_true(ns == INT64_MAX);
}

static void test_parse_duration_refuses_anything_else(void **state)
{
    (void)state;
    const char *bad[] = {"",
                         "ms",
                         "5",
                         "5sec",
                         "-1ms",
                         "1.5ns",
                         "1.ms",
                         "1e3ms",
                         "+1s",
                         ".5s",
                         "2ms x",
                         "9223372036854775808ns",
                         "99999999999s"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t ns = 42;
        if (cv_parse_duration(bad[i], &ns))
            print_message("accepted '%s' as %lld ns\n", bad[i], (long long)ns);
        assert_false(cv_parse_duration(bad[i], &ns));
        assert_int_equal(ns, 42);
    }
}

static void test_formatted_durations_read_back_the_same(void **state)
{
    (void)state;
    const int64_t values[] = {1, 999, 1000, 250000, 1500000000, 3600000000000ll, 1234567891};
    const char *expected[] = {"1ns", "999ns", "1us", "250us", "1.5s", "3600s", "1.234567891s"};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        char text[32];
        int64_t back = 0;
        cv_duration_format(values[i], text, sizeof text);
        assert_string_equal(text, expected[i]);
        assert_true(cv_parse_duration(text, &back));
        assert_int_equal(back, values[i]);
    }
}

static void test_suggestions_allow_typos_but_not_nonsense(void **state)
{
    (void)state;
    const char *keys[] = {"buffer", "items", "duration"};
    assert_int_equal(cv_edit_distance("itmes", "items"), 1);
    assert_string_equal(cv_suggest("itmes", keys, 3), "items");
    assert_string_equal(cv_suggest("BUFFER", keys, 3), "buffer");
    assert_null(cv_suggest("zzz", keys, 3));
}

/* ---- --set ---- */

static void test_override_replaces_the_file_value(void **state)
{
    (void)state;
    const char *sets[] = {"run.buffer=8", "consumers.count = 3", "producers.work=cpu 1ms, io 2ms",
                          "consumers slow.count=2", "expect.outcome=deadlock"};
    assert_int_equal(load_with("[run]\nbuffer = 4\n" BASE "[consumers slow]\ncount = 1\n"
                               "work = io 9ms\n",
                               sets, 5),
                     CV_OK);
    assert_int_equal(scenario.buffer_slots, 8);
    assert_int_equal(scenario.groups[1].count, 3);
    assert_int_equal(scenario.groups[0].step_count, 2);
    assert_int_equal(scenario.groups[0].steps[0].duration.a_ns, 1000000);
    assert_int_equal(scenario.groups[2].count, 2);
    assert_true(scenario.expect.set);
    assert_int_equal(scenario.expect.outcome, CV_OUTCOME_DEADLOCK);
}

static void test_override_errors_name_the_argument(void **state)
{
    (void)state;
    const char *sets[] = {"run.buffr=3", "run.buffer=0", "buffer=3", "run.buffer",
                          "consumers fast.count=1"};
    assert_int_equal(load_with(BASE, sets, 5), CV_ERR_SCENARIO);
    assert_int_equal(diag.count, 5);
    assert_diagnostic(0, "--set run.buffr=3", 0,
                      "unknown key 'buffr' in [run]; did you mean 'buffer'?");
    assert_diagnostic(1, "--set run.buffer=0", 0,
                      "buffer: 0 is out of range; expected a whole number from 1 to 1000000");
    assert_diagnostic(2, "--set buffer=3", 0,
                      "expected section.key=value, e.g. run.buffer=8 or \"consumers "
                      "slow.count=2\"");
    assert_diagnostic(3, "--set run.buffer", 0,
                      "expected section.key=value, e.g. run.buffer=8 or \"consumers "
                      "slow.count=2\"");
    assert_diagnostic(4, "--set consumers fast.count=1", 0,
                      "the scenario has no section [consumers fast]; its worker sections are "
                      "[producers], [consumers]");
}

static void test_rule_broken_by_an_override_points_at_it(void **state)
{
    (void)state;
    const char *sets[] = {"run.backend=processes", "producers.count=300"};
    assert_int_equal(load_with(BASE, sets, 2), CV_ERR_SCENARIO);
    assert_int_equal(diag.count, 1);
    assert_diagnostic(0, "--set run.backend=processes", 0,
                      "302 workers are too many for backend = processes: at most 256 (1024 with "
                      "threads, 256 with processes)");
    const char *min_items[] = {"run.items=30", "expect.min_items=40"};
    assert_int_equal(load_with(BASE "[expect]\nmin_items = 10\n", min_items, 2), CV_ERR_SCENARIO);
    assert_diagnostic(
        0, "--set expect.min_items=40", 0,
        "min_items: 40 is more than the 30 items the run makes (items); when making a run "
        "shorter, lower it too (--set expect.min_items=30)");
}

/* A lesson's "Try: --set run.items=20" works: min_items follows the run's length. */
static void test_shorter_run_by_set_scales_min_items(void **state)
{
    (void)state;
    const char *items[] = {"run.items=30"};
    assert_int_equal(load_with("[run]\nitems = 120\n" BASE "[expect]\nmin_items = 100\n", items, 1),
                     CV_OK);
    assert_int_equal(scenario.items, 30);
    assert_int_equal(scenario.expect.min_items, 25);
    assert_int_equal(scenario.expect.min_items_in_file, 100);
    const char *tiny[] = {"run.items=1"};
    assert_int_equal(load_with("[run]\nitems = 120\n" BASE "[expect]\nmin_items = 100\n", tiny, 1),
                     CV_OK);
    assert_int_equal(scenario.expect.min_items, 1);
    const char *longer[] = {"run.items=500"};
    assert_int_equal(
        load_with("[run]\nitems = 120\n" BASE "[expect]\nmin_items = 100\n", longer, 1), CV_OK);
    assert_int_equal(scenario.expect.min_items, 100);
    assert_int_equal(scenario.expect.min_items_in_file, 0);
}

/* "Try: --set run.sync=semaphores" on the deadlock lesson: its outcome is no longer the point. */
static void test_set_that_changes_the_subject_leaves_the_claim_unchecked(void **state)
{
    (void)state;
    const char *text =
        "[run]\nsync = mutex-first\n" BASE "[expect]\noutcome = deadlock\nmax_elapsed = 5s\n";
    const char *sync[] = {"run.sync=semaphores"};
    assert_int_equal(load_with(text, sync, 1), CV_OK);
    assert_string_equal(scenario.expect.outcome_changed_by, "run.sync");
    assert_string_equal(scenario.expect.max_elapsed_changed_by, "run.sync");
    const char *gil[] = {"run.gil=on"};
    assert_int_equal(load_with(text, gil, 1), CV_OK);
    assert_string_equal(scenario.expect.outcome_changed_by, "");
    assert_string_equal(scenario.expect.max_elapsed_changed_by, "run.gil");
    const char *same[] = {"run.sync=mutex-first", "run.buffer=3"};
    assert_int_equal(load_with(text, same, 2), CV_OK);
    assert_string_equal(scenario.expect.outcome_changed_by, "");
    assert_string_equal(scenario.expect.max_elapsed_changed_by, "");
    const char *both[] = {"run.sync=semaphores", "expect.outcome=completed"};
    assert_int_equal(load_with(text, both, 2), CV_OK);
    assert_string_equal(scenario.expect.outcome_changed_by, "");
}

/* ---- files, validation, catalog ---- */

static void test_missing_file_is_an_input_error(void **state)
{
    (void)state;
    assert_int_equal(cv_scenario_load_file("/nonexistent/x.ini", NULL, 0, &scenario, &diag),
                     CV_ERR_INPUT);
    assert_diagnostic(0, "/nonexistent/x.ini", 0, "cannot open: No such file or directory");
    assert_int_equal(cv_scenario_load_file("/", NULL, 0, &scenario, &diag), CV_ERR_INPUT);
    assert_diagnostic(0, "/", 0, "is a directory, not a scenario file");
}

static void test_validate_catches_edits_made_in_code(void **state)
{
    (void)state;
    assert_loads(BASE);
    assert_int_equal(cv_scenario_validate(&scenario, &diag), CV_OK);
    scenario.buffer_slots = 0;
    scenario.groups[1].count = 0;
    assert_int_equal(cv_scenario_validate(&scenario, &diag), CV_ERR_SCENARIO);
    assert_int_equal(diag.count, 2);
    assert_diagnostic(0, "lesson.ini", 0,
                      "buffer: 0 is out of range; expected a whole number from 1 to 1000000");
    assert_diagnostic(1, "lesson.ini", 4,
                      "no consumers: every [consumers] group has count = 0; at least one is "
                      "needed");
}

static int ini_only(const struct dirent *entry)
{
    size_t length = strlen(entry->d_name);
    return length > 4 && strcmp(entry->d_name + length - 4, ".ini") == 0;
}

static void test_every_shipped_lesson_loads_with_name_description_and_expect(void **state)
{
    (void)state;
    const char *dir = getenv("CONVEYOR_SCENARIOS");
    assert_non_null(dir);
    struct dirent **entries = NULL;
    int count = scandir(dir, &entries, ini_only, alphasort);
    assert_true(count >= 15);
    for (int i = 0; i < count; i++) {
        char path[CV_PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", dir, entries[i]->d_name);
        cv_status status = cv_scenario_load_file(path, NULL, 0, &scenario, &diag);
        if (status != CV_OK) {
            print_message("%s:\n", path);
            show_diagnostics();
        }
        assert_int_equal(status, CV_OK);
        char stem[256];
        snprintf(stem, sizeof stem, "%s", entries[i]->d_name);
        stem[strlen(stem) - 4] = '\0';
        assert_string_equal(scenario.name, stem);
        assert_true(strlen(scenario.description) > 10);
        assert_true(scenario.expect.set);
        free(entries[i]);
    }
    free(entries);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal_file_gets_documented_defaults),
        cmocka_unit_test(test_every_run_key_is_read),
        cmocka_unit_test(test_named_groups_keep_their_names_and_delays),
        cmocka_unit_test(test_expect_section_is_read),
        cmocka_unit_test(test_gil_accepts_every_boolean_spelling),
        cmocka_unit_test(test_duration_alone_lifts_the_item_limit),
        cmocka_unit_test(test_indented_keys_comments_and_crlf_are_fine),
        cmocka_unit_test(test_unknown_key_suggests_the_closest),
        cmocka_unit_test(test_unknown_key_far_from_any_lists_the_keys),
        cmocka_unit_test(test_key_in_the_wrong_section_says_where_it_goes),
        cmocka_unit_test(test_unknown_section_suggests_the_closest),
        cmocka_unit_test(test_duplicate_key_names_the_first_line),
        cmocka_unit_test(test_duplicate_section_names_the_first_line),
        cmocka_unit_test(test_junk_after_a_number_is_an_error),
        cmocka_unit_test(test_words_and_negative_numbers_are_not_counts),
        cmocka_unit_test(test_out_of_range_values_name_the_range),
        cmocka_unit_test(test_durations_need_a_known_unit),
        cmocka_unit_test(test_huge_durations_are_rejected_not_wrapped),
        cmocka_unit_test(test_choices_suggest_the_closest),
        cmocka_unit_test(test_missing_required_key_points_at_the_section),
        cmocka_unit_test(test_missing_roles_are_file_level_errors),
        cmocka_unit_test(test_worker_limits_depend_on_the_backend),
        cmocka_unit_test(test_min_items_cannot_exceed_items),
        cmocka_unit_test(test_shorter_run_by_set_scales_min_items),
        cmocka_unit_test(test_set_that_changes_the_subject_leaves_the_claim_unchecked),
        cmocka_unit_test(test_group_names_must_give_distinct_lanes),
        cmocka_unit_test(test_lines_that_are_not_key_value_are_syntax_errors),
        cmocka_unit_test(test_overlong_line_is_reported),
        cmocka_unit_test(test_empty_and_blank_files_are_errors),
        cmocka_unit_test(test_binary_input_is_rejected_at_its_first_bad_byte),
        cmocka_unit_test(test_too_large_input_is_rejected),
        cmocka_unit_test(test_every_error_is_reported_in_file_order),
        cmocka_unit_test(test_at_most_twenty_problems_are_kept),
        cmocka_unit_test(test_at_most_thirty_two_groups),
        cmocka_unit_test(test_distributions_are_parsed),
        cmocka_unit_test(test_bad_distributions_say_why),
        cmocka_unit_test(test_bad_steps_say_which_step),
        cmocka_unit_test(test_work_has_at_most_sixteen_steps),
        cmocka_unit_test(test_parse_duration_reads_units_and_decimals),
        cmocka_unit_test(test_parse_duration_refuses_anything_else),
        cmocka_unit_test(test_formatted_durations_read_back_the_same),
        cmocka_unit_test(test_suggestions_allow_typos_but_not_nonsense),
        cmocka_unit_test(test_override_replaces_the_file_value),
        cmocka_unit_test(test_override_errors_name_the_argument),
        cmocka_unit_test(test_rule_broken_by_an_override_points_at_it),
        cmocka_unit_test(test_missing_file_is_an_input_error),
        cmocka_unit_test(test_validate_catches_edits_made_in_code),
        cmocka_unit_test(test_every_shipped_lesson_loads_with_name_description_and_expect),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
