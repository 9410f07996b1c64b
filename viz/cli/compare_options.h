/*
 * compare_options.h — the options of `conveyor compare`, parsed with
 * getopt_long into plain data. Kept apart from run_options.c: a comparison
 * takes --vs and writes combined files, and `conveyor run` stays as it was.
 */
#ifndef CONVEYOR_CLI_COMPARE_OPTIONS_H
#define CONVEYOR_CLI_COMPARE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "outputs.h"
#include "run_options.h"
#include "variant.h"

#define CV_COMPARE_RUNS_MAX 4 /* the scenario as written and up to three variants */

typedef struct cv_compare_options {
    const char *scenario;
    bool headless;
    bool quiet;
    double exit_after_s; /* the window closes by itself after this long; 0 = stays open */
    cv_outputs outputs;
    const char *overrides[CV_MAX_OVERRIDES]; /* --set and --backend: every run */
    size_t override_count;
    char backend_override[64];
    const char *variant_arguments[CV_COMPARE_RUNS_MAX - 1]; /* each --vs as typed */
    cv_variant variants[CV_COMPARE_RUNS_MAX - 1];
    int variant_count;
} cv_compare_options;

/* Parse argv (argv[0] is "compare"). Returns -1 on success, or the exit
 * status to leave with (0 after --help, 2 after a usage error, printed). */
int cv_compare_options_parse(int argc, char **argv, cv_compare_options *out);

#endif
