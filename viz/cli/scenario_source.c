/*
 * scenario_source.c — see scenario_source.h. An existing file wins over a
 * catalog name, so a student's edited copy in the current folder is used.
 */
#include "scenario_source.h"

#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "conveyor/expect.h"
#include "diagnostics.h"

/*
 * The loader names an override's problem "--set TEXT" (line 0). A problem
 * whose text a file's `set` line gave is named by the first such line
 * instead; a --set on the command line with the same text has the same
 * problem, fixed at the same place.
 */
static void name_override_lines(cv_diagnostics *diag, const char *const *overrides,
                                const cv_override_lines *from_file)
{
    for (int i = 0; i < diag->count; i++) {
        cv_error *item = &diag->items[i];
        if (item->line != 0 || strncmp(item->file, "--set ", 6) != 0)
            continue;
        size_t k = 0;
        while (k < from_file->count && strcmp(item->file + 6, overrides[k]) != 0)
            k++;
        if (k == from_file->count)
            continue;
        snprintf(item->file, sizeof item->file, "%s", from_file->path);
        item->line = (int)from_file->lines[k];
    }
}

int cv_scenario_open_from(const char *name_or_path, const char *const *overrides,
                          size_t override_count, const cv_override_lines *from_file,
                          cv_scenario *out)
{
    char path[CV_PATH_MAX];
    if (!cv_catalog_resolve(name_or_path, path, sizeof path)) {
        fprintf(stderr,
                "%s: error: no such file, and no lesson of that name in the catalog (%s); "
                "'conveyor list' shows the lessons\n",
                name_or_path, cv_catalog_dir());
        return CV_EXIT_USAGE;
    }
    cv_diagnostics diag;
    cv_diagnostics_clear(&diag);
    cv_status status = cv_scenario_load_file(path, overrides, override_count, out, &diag);
    if (status != CV_OK) {
        if (from_file)
            name_override_lines(&diag, overrides, from_file);
        cv_print_diagnostics(&diag);
        return CV_EXIT_USAGE;
    }
    return -1;
}

int cv_scenario_open(const char *name_or_path, const char *const *overrides, size_t override_count,
                     cv_scenario *out)
{
    return cv_scenario_open_from(name_or_path, overrides, override_count, NULL, out);
}

void cv_scenario_print_notes(const cv_scenario *scenario)
{
    char note[512];
    if (cv_expect_describe_overrides(scenario, note, sizeof note))
        fprintf(stderr, "%s: note: %s\n", scenario->path, note);
}
