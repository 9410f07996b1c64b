/*
 * scenario_source.c — see scenario_source.h. An existing file wins over a
 * catalog name, so a student's edited copy in the current folder is used.
 */
#include "scenario_source.h"

#include <stdio.h>

#include "catalog.h"
#include "conveyor/expect.h"
#include "diagnostics.h"

int cv_scenario_open(const char *name_or_path, const char *const *overrides, size_t override_count,
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
        cv_print_diagnostics(&diag);
        return CV_EXIT_USAGE;
    }
    return -1;
}

void cv_scenario_print_notes(const cv_scenario *scenario)
{
    char note[512];
    if (cv_expect_describe_overrides(scenario, note, sizeof note))
        fprintf(stderr, "%s: note: %s\n", scenario->path, note);
}
