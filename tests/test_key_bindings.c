/*
 * test_key_bindings.c — one table drives the keys and the help overlay, so
 * they cannot drift: every bound key is listed in the help of a mode where it
 * does something, every listed action has a key or a mouse gesture, and the
 * keys the guide promises do what it says (issue 20: F1 worked but the help
 * did not list it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "app/key_bindings.h"

static bool help_lists(bool live, cv_key_action action, const char *label)
{
    char lines[CV_KEY_ACTION_COUNT + 2][96];
    int n = cv_key_help_lines(live, lines, CV_KEY_ACTION_COUNT + 2);
    const char *what = cv_key_action_text(action, live);
    for (int i = 0; i < n; i++) {
        const char *tab = strchr(lines[i], '\t');
        if (!tab || strcmp(tab + 1, what) != 0)
            continue;
        /* The label is one of the keys before the tab. */
        const char *at = strstr(lines[i], label);
        return at && at < tab;
    }
    return false;
}

static void test_every_bound_key_is_in_the_help_where_it_works(void **state)
{
    (void)state;
    size_t count = 0;
    const cv_key_binding *bindings = cv_key_bindings(&count);
    assert_true(count > 20);
    for (size_t i = 0; i < count; i++) {
        const cv_key_binding *b = &bindings[i];
        bool listed = false, works = false;
        for (int live = 0; live < 2; live++) {
            if (!cv_key_action_text(b->action, live))
                continue;
            works = true;
            listed |= help_lists(live, b->action, b->label);
        }
        if (!works || !listed)
            fail_msg("key %s (action %d) is bound but %s", b->label, (int)b->action,
                     works ? "not in the help" : "does nothing in either mode");
    }
}

static void test_every_help_line_has_a_key_or_a_gesture(void **state)
{
    (void)state;
    for (int live = 0; live < 2; live++) {
        char lines[CV_KEY_ACTION_COUNT + 2][96];
        int n = cv_key_help_lines(live, lines, CV_KEY_ACTION_COUNT + 2);
        assert_true(n > 10);
        for (int i = 0; i < n; i++) {
            const char *tab = strchr(lines[i], '\t');
            assert_non_null(tab);
            if (tab == lines[i])
                fail_msg("help line \"%s\" names no key", lines[i]);
        }
    }
}

static void test_help_lists_f1_h_and_question_mark(void **state)
{
    (void)state;
    for (int live = 0; live < 2; live++) {
        assert_true(help_lists(live, CV_KEY_HELP, "F1"));
        assert_true(help_lists(live, CV_KEY_HELP, "H"));
        assert_true(help_lists(live, CV_KEY_HELP, "?"));
    }
}

static void test_keys_do_what_the_guide_says(void **state)
{
    (void)state;
    assert_int_equal(cv_key_lookup(SDLK_F1, 0), CV_KEY_HELP);
    assert_int_equal(cv_key_lookup(SDLK_h, 0), CV_KEY_HELP);
    assert_int_equal(cv_key_lookup(SDLK_SLASH, KMOD_LSHIFT), CV_KEY_HELP);
    assert_int_equal(cv_key_lookup(SDLK_SLASH, 0), CV_KEY_NONE);
    assert_int_equal(cv_key_lookup(SDLK_SPACE, 0), CV_KEY_PAUSE);
    assert_int_equal(cv_key_lookup(SDLK_w, 0), CV_KEY_ZOOM_IN);
    assert_int_equal(cv_key_lookup(SDLK_x, 0), CV_KEY_ZOOM_OUT);
    assert_int_equal(cv_key_lookup(SDLK_s, 0), CV_KEY_SCREENSHOT);
    assert_int_equal(cv_key_lookup(SDLK_t, 0), CV_KEY_SWITCH_BACKEND);
    assert_int_equal(cv_key_lookup(SDLK_EQUALS, 0), CV_KEY_NONE);
    assert_int_equal(cv_key_lookup(SDLK_EQUALS, KMOD_RSHIFT), CV_KEY_ADD_CONSUMER);
    assert_int_equal(cv_key_lookup(SDLK_EQUALS, KMOD_LCTRL), CV_KEY_TEXT_BIGGER);
    assert_int_equal(cv_key_lookup(SDLK_MINUS, 0), CV_KEY_REMOVE_CONSUMER);
    assert_int_equal(cv_key_lookup(SDLK_MINUS, KMOD_LCTRL), CV_KEY_TEXT_SMALLER);
    assert_int_equal(cv_key_lookup(SDLK_0, KMOD_LCTRL), CV_KEY_TEXT_NORMAL);
    /* Ctrl with a key that has no Ctrl binding acts as the key alone. */
    assert_int_equal(cv_key_lookup(SDLK_s, KMOD_LCTRL), CV_KEY_SCREENSHOT);
    assert_int_equal(cv_key_lookup(SDLK_ESCAPE, 0), CV_KEY_ESCAPE);
    assert_int_equal(cv_key_lookup(SDLK_q, 0), CV_KEY_QUIT);
    /* Full screen for a projector (issue 20, point 4), listed in the help both ways. */
    assert_int_equal(cv_key_lookup(SDLK_F11, 0), CV_KEY_FULLSCREEN);
    assert_true(help_lists(true, CV_KEY_FULLSCREEN, "F11"));
    assert_true(help_lists(false, CV_KEY_FULLSCREEN, "F11"));
    /* Threads/processes and consumers are live-only; replay speed is replay-only. */
    assert_null(cv_key_action_text(CV_KEY_SWITCH_BACKEND, false));
    assert_null(cv_key_action_text(CV_KEY_SLOWER, true));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_bound_key_is_in_the_help_where_it_works),
        cmocka_unit_test(test_every_help_line_has_a_key_or_a_gesture),
        cmocka_unit_test(test_help_lists_f1_h_and_question_mark),
        cmocka_unit_test(test_keys_do_what_the_guide_says),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
