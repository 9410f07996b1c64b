/*
 * sweep_options.h — the options of `conveyor sweep`, parsed into plain data:
 * the key to vary and its values, the --vs variants, --repeat, the files.
 */
#ifndef CONVEYOR_CLI_SWEEP_OPTIONS_H
#define CONVEYOR_CLI_SWEEP_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "compare/sweep.h"
#include "outputs.h"
#include "run_options.h"
#include "variant.h"

typedef struct cv_sweep_options {
    const char *scenario;
    bool quiet;
    int repeat;                                  /* --repeat; 3 */
    char vary_key[128];                          /* "consumers.count" */
    char value_storage[CV_SWEEP_POINTS_MAX][32]; /* each value as given */
    int value_count;                             /* 0 = the default progression */
    const char *vary_argument;                   /* --vary as typed, for messages */
    const char *overrides[CV_MAX_OVERRIDES];     /* --set and --backend: every run */
    size_t override_count;
    char backend_override[64];
    const char *variant_arguments[CV_SWEEP_VARIANTS_MAX - 1];
    cv_variant variants[CV_SWEEP_VARIANTS_MAX - 1];
    int variant_count;
    cv_outputs outputs; /* --csv, --report, --png, --svg, --size, --theme */
} cv_sweep_options;

/* Parse argv (argv[0] is "sweep"). Returns -1 on success, or the exit status
 * to leave with (0 after --help, 2 after a usage error, printed). */
int cv_sweep_options_parse(int argc, char **argv, cv_sweep_options *out);

/* The default progression for `cores` cores: 1, 2, 4, ... up to 2 × cores,
 * which is always the last value. Returns how many (at most CV_SWEEP_POINTS_MAX). */
int cv_sweep_default_values(int cores, char values[][32]);

#endif
