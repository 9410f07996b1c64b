/*
 * test_clock.c — the workers' cheap clock (the time-stamp counter mapped
 * onto CLOCK_MONOTONIC) tells the same time as CLOCK_MONOTONIC and never
 * runs backwards. Where the counter is not used, the mapping is the clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tsc.h"

static void test_counter_clock_agrees_with_clock_monotonic(void **state)
{
    (void)state;
    cv_tsc_map map = cv_tsc_calibrate();
    for (int i = 0; i < 20; i++) {
        int64_t before = cv_mono_ns();
        int64_t mapped = cv_tsc_mono_ns(&map);
        int64_t after = cv_mono_ns();
        /* Within a millisecond: far below anything a lane can show, far above
         * the calibration error; a wrong scale would be off by much more. */
        assert_in_range(mapped, before - 1000000, after + 1000000);
        cv_sleep_ns(5000000);
    }
}

static void test_counter_clock_never_runs_backwards(void **state)
{
    (void)state;
    cv_tsc_map map = cv_tsc_calibrate();
    int64_t last = cv_tsc_mono_ns(&map);
    for (int i = 0; i < 1000000; i++) {
        int64_t now = cv_tsc_mono_ns(&map);
        assert_true(now >= last);
        last = now;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counter_clock_agrees_with_clock_monotonic),
        cmocka_unit_test(test_counter_clock_never_runs_backwards),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
