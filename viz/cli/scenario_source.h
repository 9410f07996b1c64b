/*
 * scenario_source.h — from what the user typed (a path or a catalog name,
 * plus --set overrides) to a validated scenario, printing every problem.
 */
#ifndef CONVEYOR_CLI_SCENARIO_SOURCE_H
#define CONVEYOR_CLI_SCENARIO_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "conveyor/scenario.h"

/* Returns -1 on success, else the exit status (2) after printing errors. */
int cv_scenario_open(const char *name_or_path, const char *const *overrides, size_t override_count,
                     cv_scenario *out);

/* Where the first `count` overrides were written: the `set` lines of a
 * schedule file, path at lines[i], so that their errors name FILE:LINE
 * instead of "--set TEXT". */
typedef struct cv_override_lines {
    const char *path;
    const uint32_t *lines;
    size_t count;
} cv_override_lines;

/* cv_scenario_open, with the problems of the overrides from_file names
 * reported at their file and line (from_file may be NULL). */
int cv_scenario_open_from(const char *name_or_path, const char *const *overrides,
                          size_t override_count, const cv_override_lines *from_file,
                          cv_scenario *out);

/* One "FILE: note: ..." line on stderr when --set scaled or set aside [expect]. */
void cv_scenario_print_notes(const cv_scenario *scenario);

#endif
