/*
 * test_sweep.c — a sweep's arithmetic: the median of the completed repeats
 * (odd and even counts, a slow outlier ignored, failed runs left out), the
 * speed-up against the variant's own first point, the ideal line, and a
 * sweep cut short marked incomplete point by point.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "compare/sweep.h"

static cv_sweep_sample ran(double elapsed_s)
{
    return (cv_sweep_sample){elapsed_s, true};
}

static void test_the_median_ignores_an_outlier_and_failed_runs(void **state)
{
    (void)state;
    static cv_sweep sweep;
    cv_sweep_init(&sweep, 2, 2, 3);
    cv_sweep_record(&sweep, 0, 0, ran(1.0));
    cv_sweep_record(&sweep, 0, 0, ran(9.0)); /* a load spike */
    cv_sweep_record(&sweep, 0, 0, ran(1.2));
    assert_float_equal(cv_sweep_median_s(&sweep, 0, 0), 1.2, 1e-12);
    cv_sweep_record(&sweep, 0, 1, ran(2.0));
    cv_sweep_record(&sweep, 0, 1, (cv_sweep_sample){0.3, false}); /* deadlocked: not a time */
    cv_sweep_record(&sweep, 0, 1, ran(3.0));
    assert_float_equal(cv_sweep_median_s(&sweep, 0, 1), 2.5, 1e-12);
    assert_false(cv_sweep_record(&sweep, 0, 1, ran(4.0))); /* a fourth of three */
    assert_float_equal(cv_sweep_median_s(&sweep, 1, 0), 0.0, 0);
}

static void test_speedup_is_the_first_point_over_this_one_per_variant(void **state)
{
    (void)state;
    static cv_sweep sweep;
    cv_sweep_init(&sweep, 3, 2, 1);
    double values[] = {1, 2, 4};
    for (int p = 0; p < 3; p++)
        sweep.values[p] = values[p];
    cv_sweep_record(&sweep, 0, 0, ran(4.0));
    cv_sweep_record(&sweep, 1, 0, ran(2.0));
    cv_sweep_record(&sweep, 2, 0, ran(2.0));
    cv_sweep_record(&sweep, 0, 1, ran(8.0)); /* a slower variant scales on its own base */
    cv_sweep_record(&sweep, 1, 1, ran(8.0));
    cv_sweep_record(&sweep, 2, 1, (cv_sweep_sample){1.0, false});
    assert_float_equal(cv_sweep_speedup(&sweep, 0, 0), 1.0, 1e-12);
    assert_float_equal(cv_sweep_speedup(&sweep, 1, 0), 2.0, 1e-12);
    assert_float_equal(cv_sweep_speedup(&sweep, 2, 0), 2.0, 1e-12);
    assert_float_equal(cv_sweep_speedup(&sweep, 1, 1), 1.0, 1e-12);
    assert_float_equal(cv_sweep_speedup(&sweep, 2, 1), 0.0, 0); /* no completed run there */
    assert_float_equal(cv_sweep_ideal(&sweep, 2), 4.0, 1e-12);
}

static void test_an_interrupted_sweep_is_incomplete_from_the_first_missing_run(void **state)
{
    (void)state;
    static cv_sweep sweep;
    cv_sweep_init(&sweep, 2, 2, 2);
    for (int v = 0; v < 2; v++)
        for (int r = 0; r < 2; r++)
            cv_sweep_record(&sweep, 0, v, ran(1.0));
    cv_sweep_record(&sweep, 1, 0, ran(1.0));
    cv_sweep_record(&sweep, 1, 1, ran(1.0));
    assert_true(cv_sweep_point_complete(&sweep, 0));
    assert_false(cv_sweep_point_complete(&sweep, 1));
    assert_false(cv_sweep_complete(&sweep));
    cv_sweep_record(&sweep, 1, 0, ran(1.0));
    cv_sweep_record(&sweep, 1, 1, (cv_sweep_sample){0.5, false});
    assert_true(cv_sweep_complete(&sweep)); /* a failed run still counts as done */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_median_ignores_an_outlier_and_failed_runs),
        cmocka_unit_test(test_speedup_is_the_first_point_over_this_one_per_variant),
        cmocka_unit_test(test_an_interrupted_sweep_is_incomplete_from_the_first_missing_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
