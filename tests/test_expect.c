/*
 * test_expect.c — [expect] against run results: each expectation that
 * fails is named in the sentence, and no [expect] means nothing can fail.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "conveyor/expect.h"

static cv_scenario expecting(cv_outcome outcome, uint64_t min_items, int64_t max_elapsed_ns)
{
    cv_scenario s;
    cv_scenario_defaults(&s);
    s.expect.set = true;
    s.expect.outcome = outcome;
    s.expect.min_items = min_items;
    s.expect.max_elapsed_ns = max_elapsed_ns;
    return s;
}

static void test_no_expect_section_always_passes(void **state)
{
    (void)state;
    cv_scenario s;
    cv_scenario_defaults(&s);
    char why[256] = "stale";
    assert_true(cv_expect_check(&s, CV_OUTCOME_DEADLOCK, 0, 1e6, why, sizeof why));
    assert_string_equal(why, "");
}

static void test_met_expectations_pass(void **state)
{
    (void)state;
    cv_scenario s = expecting(CV_OUTCOME_COMPLETED, 120, 30000000000ll);
    char why[256];
    assert_true(cv_expect_check(&s, CV_OUTCOME_COMPLETED, 120, 29.9, why, sizeof why));
    assert_string_equal(why, "");
}

static void test_wrong_outcome_is_named(void **state)
{
    (void)state;
    cv_scenario s = expecting(CV_OUTCOME_DEADLOCK, 0, 0);
    char why[256];
    assert_false(cv_expect_check(&s, CV_OUTCOME_COMPLETED, 50, 2.0, why, sizeof why));
    assert_string_equal(why, "expected outcome deadlock, but the run ended with completed");
}

static void test_every_unmet_expectation_is_listed(void **state)
{
    (void)state;
    cv_scenario s = expecting(CV_OUTCOME_COMPLETED, 120, 1500000000);
    char why[256];
    assert_false(cv_expect_check(&s, CV_OUTCOME_STOPPED, 97, 2.25, why, sizeof why));
    assert_string_equal(why, "expected outcome completed, but the run ended with stopped; "
                             "expected at least 120 items consumed, but 97 were; expected the "
                             "run to take at most 1.5s, but it took 2.250s");
}

static void test_short_buffer_is_truncated_not_overrun(void **state)
{
    (void)state;
    cv_scenario s = expecting(CV_OUTCOME_COMPLETED, 120, 1000000000);
    char why[16];
    memset(why, 'x', sizeof why);
    assert_false(cv_expect_check(&s, CV_OUTCOME_DEADLOCK, 0, 9.0, why, sizeof why));
    assert_int_equal(strlen(why), sizeof why - 1);
    assert_false(cv_expect_check(&s, CV_OUTCOME_DEADLOCK, 0, 9.0, NULL, 0));
}

static void test_claims_changed_by_set_are_skipped_and_described(void **state)
{
    (void)state;
    cv_scenario s = expecting(CV_OUTCOME_DEADLOCK, 10, 1000000000);
    char why[256];
    assert_false(cv_expect_describe_overrides(&s, why, sizeof why));
    assert_string_equal(why, "");
    snprintf(s.expect.outcome_changed_by, sizeof s.expect.outcome_changed_by, "run.sync");
    snprintf(s.expect.max_elapsed_changed_by, sizeof s.expect.max_elapsed_changed_by, "run.gil");
    s.items = 12;
    s.expect.min_items_in_file = 100;
    assert_true(cv_expect_check(&s, CV_OUTCOME_COMPLETED, 10, 9.0, why, sizeof why));
    assert_false(cv_expect_check(&s, CV_OUTCOME_COMPLETED, 9, 9.0, why, sizeof why));
    assert_string_equal(why, "expected at least 10 items consumed, but 9 were");
    assert_true(cv_expect_describe_overrides(&s, why, sizeof why));
    assert_string_equal(why, "expect.min_items scaled from 100 to 10 for the 12 items of this run; "
                             "expect.outcome = deadlock not checked: run.sync was overridden; "
                             "expect.max_elapsed not checked: run.gil was overridden");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_expect_section_always_passes),
        cmocka_unit_test(test_met_expectations_pass),
        cmocka_unit_test(test_claims_changed_by_set_are_skipped_and_described),
        cmocka_unit_test(test_wrong_outcome_is_named),
        cmocka_unit_test(test_every_unmet_expectation_is_listed),
        cmocka_unit_test(test_short_buffer_is_truncated_not_overrun),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
