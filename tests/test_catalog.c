/*
 * test_catalog.c — finding lessons: a name resolves in the catalog folder,
 * an existing path wins over a name, and the list is sorted and shows a
 * broken lesson with the reason instead of hiding it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/catalog.h"

static char folder[] = "/tmp/conveyor-catalog-XXXXXX";

static void write_file(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", folder, name);
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fputs(text, file);
    fclose(file);
}

static int make_folder(void **state)
{
    (void)state;
    if (!mkdtemp(folder))
        return -1;
    const char *workers = "[producers]\ncount = 1\nwork = none\n[consumers]\ncount = 1\nwork = "
                          "none\n";
    char text[512];
    snprintf(text, sizeof text, "[run]\ndescription = Second lesson\n%s", workers);
    write_file("zeta.ini", text);
    snprintf(text, sizeof text, "[run]\ndescription = First lesson\n%s", workers);
    write_file("alpha.ini", text);
    write_file("broken.ini", "[run]\nbuffr = 3\n");
    write_file("notes.txt", "not a lesson");
    return setenv("CONVEYOR_SCENARIOS", folder, 1);
}

static int remove_folder(void **state)
{
    (void)state;
    const char *names[] = {"zeta.ini", "alpha.ini", "broken.ini", "notes.txt"};
    for (size_t i = 0; i < 4; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", folder, names[i]);
        unlink(path);
    }
    return rmdir(folder);
}

static void test_catalog_dir_follows_the_environment(void **state)
{
    (void)state;
    assert_string_equal(cv_catalog_dir(), folder);
}

static void test_a_name_resolves_to_its_file_in_the_catalog(void **state)
{
    (void)state;
    char path[1024], expected[1024];
    snprintf(expected, sizeof expected, "%s/alpha.ini", folder);
    assert_true(cv_catalog_resolve("alpha", path, sizeof path));
    assert_string_equal(path, expected);
    assert_true(cv_catalog_resolve("alpha.ini", path, sizeof path));
    assert_string_equal(path, expected);
    assert_false(cv_catalog_resolve("missing", path, sizeof path));
    assert_false(cv_catalog_resolve("no/such/alpha", path, sizeof path));
    assert_false(cv_catalog_resolve("", path, sizeof path));
}

static void test_an_existing_path_wins_over_a_name(void **state)
{
    (void)state;
    char given[1024], path[1024];
    snprintf(given, sizeof given, "%s/zeta.ini", folder);
    assert_true(cv_catalog_resolve(given, path, sizeof path));
    assert_string_equal(path, given);
}

static void test_list_is_sorted_and_shows_broken_lessons(void **state)
{
    (void)state;
    cv_catalog_entry *entries = NULL;
    int count = cv_catalog_list(&entries);
    assert_int_equal(count, 3);
    assert_string_equal(entries[0].name, "alpha");
    assert_string_equal(entries[0].description, "First lesson");
    assert_true(entries[0].loads);
    assert_string_equal(entries[1].name, "broken");
    assert_false(entries[1].loads);
    assert_string_equal(entries[1].description,
                        "(does not load: line 2: unknown key 'buffr' in [run]; did you mean "
                        "'buffer'?)");
    assert_string_equal(entries[2].name, "zeta");
    free(entries);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalog_dir_follows_the_environment),
        cmocka_unit_test(test_a_name_resolves_to_its_file_in_the_catalog),
        cmocka_unit_test(test_an_existing_path_wins_over_a_name),
        cmocka_unit_test(test_list_is_sorted_and_shows_broken_lessons),
    };
    return cmocka_run_group_tests(tests, make_folder, remove_folder);
}
