/*
 * cmd_check.c — `conveyor check FILE...`: validate scenario files with the
 * same rules and messages as `run`, without running anything.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "diagnostics.h"
#include "run_options.h"
#include "scenario_source.h"

static void usage(FILE *out)
{
    fputs("Usage: conveyor check [--set SECTION.KEY=VALUE]... SCENARIO...\n"
          "Validate scenario files (or catalog names); print 'FILE: ok' for each good one\n"
          "and 'FILE:LINE: error: ...' for every problem. Exit 2 if any is bad.\n",
          out);
}

int cv_cmd_check(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"set", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *overrides[CV_MAX_OVERRIDES];
    size_t override_count = 0;
    optind = 1;
    opterr = 0;
    int option;
    while ((option = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
        if (option == 'h') {
            usage(stdout);
            return CV_EXIT_OK;
        }
        if (option != 's')
            return cv_usage_error("check", "unknown or incomplete option '%s'", argv[optind - 1]);
        if (override_count >= CV_MAX_OVERRIDES)
            return cv_usage_error("check", "too many --set options");
        overrides[override_count++] = optarg;
    }
    if (optind >= argc)
        return cv_usage_error("check", "which scenario files?");
    int exit_status = CV_EXIT_OK;
    for (int i = optind; i < argc; i++) {
        cv_scenario scenario;
        if (cv_scenario_open(argv[i], overrides, override_count, &scenario) >= 0)
            exit_status = CV_EXIT_USAGE;
        else {
            printf("%s: ok\n", argv[i]);
            cv_scenario_print_notes(&scenario);
        }
    }
    return exit_status;
}
