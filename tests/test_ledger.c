/*
 * test_ledger.c — the item ledger catches a lost and a duplicated item, and
 * does not call items still in the buffer of a stopped run "lost".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ledger.h"

typedef struct fixture {
    cv_region region;
    cv_control *control;
} fixture;

static int set_up(void **state)
{
    static fixture f;
    cv_region_shape shape = {
        .worker_count = 1, .buffer_slots = 4, .ledger_items = 100, .ring_capacity = 16};
    cv_error err;
    if (cv_region_create(&shape, false, &f.region, &err) != CV_OK)
        return -1;
    f.control = cv_region_control(&f.region);
    *state = &f;
    return 0;
}

static int tear_down(void **state)
{
    fixture *f = *state;
    cv_region_destroy(&f->region);
    return 0;
}

static void put_and_get(cv_control *control, uint32_t first, uint32_t last)
{
    for (uint32_t id = first; id <= last; id++) {
        cv_ledger_record_put(control, id, false);
        cv_ledger_record_get(control, id, false);
    }
}

static void test_every_item_put_once_and_got_once_is_ok(void **state)
{
    fixture *f = *state;
    put_and_get(f->control, 0, 99);
    cv_ledger_report report;
    cv_ledger_check(f->control, 100, 0, &report);
    assert_true(report.ok);
    assert_int_equal(report.checked, 100);
    assert_int_equal(report.lost_count, 0);
    assert_int_equal(report.duplicated_count, 0);
}

static void test_an_item_never_taken_is_reported_lost_with_its_id(void **state)
{
    fixture *f = *state;
    put_and_get(f->control, 0, 41);
    cv_ledger_record_put(f->control, 42, false);
    put_and_get(f->control, 43, 99);
    cv_ledger_report report;
    cv_ledger_check(f->control, 100, 0, &report);
    assert_false(report.ok);
    assert_int_equal(report.lost_count, 1);
    assert_int_equal(report.lost_ids[0], 42);
    assert_int_equal(report.duplicated_count, 0);
}

static void test_an_item_taken_twice_is_reported_duplicated_with_its_id(void **state)
{
    fixture *f = *state;
    put_and_get(f->control, 0, 99);
    cv_ledger_record_get(f->control, 7, false);
    cv_ledger_report report;
    cv_ledger_check(f->control, 100, 0, &report);
    assert_false(report.ok);
    assert_int_equal(report.duplicated_count, 1);
    assert_int_equal(report.duplicated_ids[0], 7);
}

static void test_items_left_in_the_buffer_of_a_stopped_run_are_not_lost(void **state)
{
    fixture *f = *state;
    put_and_get(f->control, 0, 9);
    cv_ledger_record_put(f->control, 10, false);
    cv_ledger_record_put(f->control, 11, false);
    cv_ledger_report report;
    cv_ledger_check(f->control, 12, 2, &report);
    assert_true(report.ok);
    assert_int_equal(report.unfinished_count, 2);
    assert_int_equal(report.lost_count, 0);
}

static void test_more_missing_items_than_the_buffer_holds_are_lost(void **state)
{
    fixture *f = *state;
    for (uint32_t id = 0; id < 5; id++)
        cv_ledger_record_put(f->control, id, false);
    cv_ledger_report report;
    cv_ledger_check(f->control, 5, 2, &report);
    assert_false(report.ok);
    assert_int_equal(report.lost_count, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_item_put_once_and_got_once_is_ok, set_up,
                                        tear_down),
        cmocka_unit_test_setup_teardown(test_an_item_never_taken_is_reported_lost_with_its_id,
                                        set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_an_item_taken_twice_is_reported_duplicated_with_its_id,
                                        set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_items_left_in_the_buffer_of_a_stopped_run_are_not_lost,
                                        set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_more_missing_items_than_the_buffer_holds_are_lost,
                                        set_up, tear_down),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
