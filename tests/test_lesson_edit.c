/*
 * test_lesson_edit.c — after + / - or T in the window the header's
 * description stays true: it names what was edited and quotes the lesson's
 * words as the original (issue 20, point 8: "two consumers" was still shown
 * with three), and reads as written again once the edits are undone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "app/lesson_edit.h"

static cv_scenario lesson(void)
{
    cv_scenario s;
    cv_scenario_defaults(&s);
    snprintf(s.description, sizeof s.description, "One producer, two consumers");
    s.group_count = 2;
    s.groups[0].role = CV_ROLE_PRODUCER;
    s.groups[0].count = 1;
    s.groups[1].role = CV_ROLE_CONSUMER;
    s.groups[1].count = 2;
    return s;
}

static void test_adding_a_consumer_marks_the_description_as_the_original(void **state)
{
    (void)state;
    cv_scenario original = lesson(), edited = original;
    edited.groups[1].count = 3;
    cv_lesson_edit_describe(&original, &edited);
    assert_string_equal(edited.description,
                        "edited: 3 consumers \xC2\xB7 as written: One producer, two consumers");
    edited.backend = CV_BACKEND_PROCESSES;
    cv_lesson_edit_describe(&original, &edited);
    assert_string_equal(edited.description, "edited: 3 consumers, processes \xC2\xB7 as written: "
                                            "One producer, two consumers");
}

static void test_undone_edits_give_the_lessons_words_back(void **state)
{
    (void)state;
    cv_scenario original = lesson(), edited = original;
    edited.groups[1].count = 1;
    cv_lesson_edit_describe(&original, &edited);
    assert_string_equal(edited.description,
                        "edited: 1 consumer \xC2\xB7 as written: One producer, two consumers");
    edited.groups[1].count = 2;
    cv_lesson_edit_describe(&original, &edited);
    assert_string_equal(edited.description, "One producer, two consumers");
}

static void test_a_long_description_is_cut_not_overrun(void **state)
{
    (void)state;
    cv_scenario original = lesson(), edited = original;
    memset(original.description, 'x', sizeof original.description - 1);
    original.description[sizeof original.description - 1] = '\0';
    edited.groups[1].count = 5;
    cv_lesson_edit_describe(&original, &edited);
    assert_int_equal(strlen(edited.description), sizeof edited.description - 1);
    assert_memory_equal(edited.description, "edited: 5 consumers", 19);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_adding_a_consumer_marks_the_description_as_the_original),
        cmocka_unit_test(test_undone_edits_give_the_lessons_words_back),
        cmocka_unit_test(test_a_long_description_is_cut_not_overrun),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
