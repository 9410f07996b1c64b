/*
 * run_options.h — the options of `conveyor run` (and the ones `view` and
 * `render` share), parsed with getopt_long into plain data.
 */
#ifndef CONVEYOR_CLI_RUN_OPTIONS_H
#define CONVEYOR_CLI_RUN_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "outputs.h"

#define CV_MAX_OVERRIDES 64

typedef struct cv_run_options {
    const char *scenario; /* a path or a catalog name */
    bool headless;
    bool verbose;
    bool quiet;
    double exit_after_s;       /* 0 = stay open */
    double scale;              /* 0 = automatic */
    bool fullscreen;           /* --fullscreen: the window opens full screen */
    bool untraced;             /* --no-trace: measure without recording events */
    bool test_expect;          /* --test-expect: exit 0 iff the run met its [expect] */
    bool step;                 /* --step: step mode in the window */
    const char *schedule_path; /* --schedule: replay these steps */
    cv_outputs outputs;
    const char *overrides[CV_MAX_OVERRIDES]; /* --set and --backend, in order */
    size_t override_count;
    char backend_override[64];
    char cores_override[32];   /* "run.cores=N" from --cores */
    const char *more_files[3]; /* view/render: further traces to stack under the first */
    size_t more_file_count;
} cv_run_options;

/*
 * Parse argv (argv[0] is the command name); --help prints usage(). Returns -1 on success, or the
 * exit status to leave with (0 after --help, 2 after a usage error).
 */
int cv_run_options_parse(int argc, char **argv, const char *command, void (*usage)(FILE *),
                         cv_run_options *out);

void cv_run_usage(FILE *out);

#endif
