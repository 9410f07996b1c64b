/*
 * cmd_list.c — `conveyor list`: the shipped lessons, one per line, with the
 * one-line description each file carries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "commands.h"
#include "diagnostics.h"

int cv_cmd_list(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        puts("Usage: conveyor list\nShow the shipped lessons: 'conveyor run NAME' runs one.");
        return CV_EXIT_OK;
    }
    if (argc > 1)
        return cv_usage_error("list", "unexpected '%s'", argv[1]);
    cv_catalog_entry *entries = NULL;
    int count = cv_catalog_list(&entries);
    if (count <= 0) {
        fprintf(stderr, "conveyor: error: no lessons found in %s\n", cv_catalog_dir());
        free(entries);
        return CV_EXIT_RUN_FAILED;
    }
    int width = 0;
    for (int i = 0; i < count; i++) {
        int length = (int)strlen(entries[i].name);
        if (length > width)
            width = length;
    }
    for (int i = 0; i < count; i++)
        printf("%-*s  %s\n", width, entries[i].name, entries[i].description);
    free(entries);
    return CV_EXIT_OK;
}
