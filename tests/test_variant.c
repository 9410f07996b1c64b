/*
 * test_variant.c — `--vs` arguments: --set's syntax joined by commas, the
 * short forms expanded to it, commas inside a value kept, and every shape
 * that cannot be right refused with words that say why.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "variant.h"

static void assert_parses_to(const char *argument, int count, const char *const expected[])
{
    cv_variant variant;
    char why[256] = "";
    if (!cv_variant_parse(argument, &variant, why, sizeof why))
        fail_msg("'%s' was refused: %s", argument, why);
    assert_int_equal(variant.override_count, count);
    for (int i = 0; i < count; i++)
        assert_string_equal(variant.overrides[i], expected[i]);
}

static void assert_refused(const char *argument, const char *why_contains)
{
    cv_variant variant;
    char why[256] = "";
    if (cv_variant_parse(argument, &variant, why, sizeof why))
        fail_msg("'%s' was accepted", argument);
    if (!strstr(why, why_contains))
        fail_msg("'%s': the reason '%s' does not say '%s'", argument, why, why_contains);
}

static void test_full_overrides_are_kept_as_written(void **state)
{
    (void)state;
    assert_parses_to("run.backend=processes", 1, (const char *[]){"run.backend=processes"});
    assert_parses_to("run.gil=on,run.backend=processes", 2,
                     (const char *[]){"run.gil=on", "run.backend=processes"});
    assert_parses_to(" consumers slow.count=2 ", 1, (const char *[]){"consumers slow.count=2"});
}

static void test_short_forms_expand_to_the_set_syntax(void **state)
{
    (void)state;
    assert_parses_to("processes", 1, (const char *[]){"run.backend=processes"});
    assert_parses_to("threads", 1, (const char *[]){"run.backend=threads"});
    assert_parses_to("gil=on", 1, (const char *[]){"run.gil=on"});
    assert_parses_to("gil,processes", 2, (const char *[]){"run.gil=on", "run.backend=processes"});
    assert_parses_to("no-gil", 1, (const char *[]){"run.gil=off"});
    assert_parses_to("consumers=4,buffer=1", 2,
                     (const char *[]){"consumers.count=4", "run.buffer=1"});
}

static void test_commas_inside_a_value_stay_in_it(void **state)
{
    (void)state;
    assert_parses_to(
        "consumers.work=cpu 1ms, io uniform(1ms, 2ms),processes", 2,
        (const char *[]){"consumers.work=cpu 1ms, io uniform(1ms, 2ms)", "run.backend=processes"});
}

static void test_bad_shapes_are_refused_with_a_reason(void **state)
{
    (void)state;
    assert_refused("", "empty");
    assert_refused("   ", "empty");
    assert_refused("run.gil=on,,processes", "empty part");
    assert_refused(",processes", "empty part");
    assert_refused("proceses", "not section.key=value");
    assert_refused("colour=blue", "no [run] key");
    assert_refused("processes,bogus=1", "'bogus' is no [run] key");
    char many[400] = "";
    for (int i = 0; i < 17; i++)
        strcat(many, i ? ",gil" : "gil");
    assert_refused(many, "more than 16");
    char long_text[1100];
    memset(long_text, 'a', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    assert_refused(long_text, "longer than");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_overrides_are_kept_as_written),
        cmocka_unit_test(test_short_forms_expand_to_the_set_syntax),
        cmocka_unit_test(test_commas_inside_a_value_stay_in_it),
        cmocka_unit_test(test_bad_shapes_are_refused_with_a_reason),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
