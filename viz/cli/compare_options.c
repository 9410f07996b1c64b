/*
 * compare_options.c — see compare_options.h. A bad --vs is a usage error
 * (exit 2) that names the --vs argument, found before anything runs.
 */
#include "compare_options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagnostics.h"
#include "output_options.h"

static void usage(FILE *out)
{
    fputs("Usage: conveyor compare [OPTION]... SCENARIO --vs OVERRIDES [--vs OVERRIDES]...\n"
          "Run the scenario as written, then each variant, one after the other (never at\n"
          "the same time), and stack the runs on one time axis: the same seconds per pixel\n"
          "in every pane, aligned at t = 0. Up to 4 runs in all.\n"
          "\n"
          "  --vs OVERRIDES       a variant: --set's section.key=value, several joined by\n"
          "                       commas (--vs run.gil=on,run.backend=processes), or a\n"
          "                       short form: threads, processes, gil, no-gil, a [run] key\n"
          "                       without its section (gil=on, buffer=1), consumers=N\n"
          "  --headless           no window: run, print the table, write the files\n"
          "  --set SECTION.KEY=VALUE, --backend=KIND   change every run, as for 'run'\n"
          "  --png=FILE, --svg=FILE   the runs stacked, one pane each, with its result\n"
          "  --report=FILE.json   every run's report, when each ran, and the speed-ups\n"
          "  --trace=FILE.json    Chrome trace, one process group per run\n"
          "  --csv=FILE           one row per state span, with run and variant columns\n"
          "  --size=WxH           picture size (default 1600 wide, 600 per pane)\n"
          "  --theme=NAME         light (default) or dark\n"
          "  --range=START:END    draw only this time window, in seconds\n"
          "  --arrows             an arrow from put to get for every item in view\n"
          "  --quiet              print nothing but errors\n"
          "  --exit-after=SECONDS close the window by itself after this long\n"
          "  --help               show this help and exit\n"
          "\n"
          "Each pane says elapsed time, items/s and the speed-up against the first run\n"
          "(its elapsed time over this run's). A run that deadlocks, races or fails keeps\n"
          "its pane and banner; the comparison goes on.\n"
          "Exit status: 0 every run completed; 1 one did not (or a file failed); 2 bad\n"
          "usage, scenario or --vs; 130/143 stopped by SIGINT/SIGTERM.\n",
          out);
}

enum { OPT_VS = 256, OPT_HEADLESS, OPT_BACKEND, OPT_SET, OPT_QUIET, OPT_EXIT_AFTER, OPT_HELP };

static const struct option long_options[] = {
    {"vs", required_argument, NULL, OPT_VS},
    {"headless", no_argument, NULL, OPT_HEADLESS},
    {"backend", required_argument, NULL, OPT_BACKEND},
    {"set", required_argument, NULL, OPT_SET},
    CV_OUTPUT_OPTIONS,
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"exit-after", required_argument, NULL, OPT_EXIT_AFTER},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

static int add_variant(cv_compare_options *out, const char *arg)
{
    if (out->variant_count == CV_COMPARE_RUNS_MAX - 1)
        return cv_usage_error("compare", "--vs %s: at most %d runs in a comparison (%d --vs)", arg,
                              CV_COMPARE_RUNS_MAX, CV_COMPARE_RUNS_MAX - 1);
    char why[512];
    if (!cv_variant_parse(arg, &out->variants[out->variant_count], why, sizeof why))
        return cv_usage_error("compare", "--vs %s: %s", arg, why);
    out->variant_arguments[out->variant_count++] = arg;
    return -1;
}

static int add_override(cv_compare_options *out, const char *text)
{
    if (out->override_count >= CV_MAX_OVERRIDES)
        return cv_usage_error("compare", "too many --set options (at most %d)", CV_MAX_OVERRIDES);
    out->overrides[out->override_count++] = text;
    return -1;
}

static int parse_one(int option, const char *arg, cv_compare_options *out)
{
    int shared = cv_output_option(option, arg, "compare", &out->outputs);
    if (shared != 1)
        return shared;
    switch (option) {
    case OPT_VS:
        return add_variant(out, arg);
    case OPT_HEADLESS:
        out->headless = true;
        return -1;
    case OPT_BACKEND:
        if (cv_backend_option(arg, "compare", out->backend_override,
                              sizeof out->backend_override) >= 0)
            return 2;
        return add_override(out, out->backend_override);
    case OPT_SET:
        return add_override(out, arg);
    case OPT_EXIT_AFTER:
        if (!cv_parse_positive(arg, 86400, &out->exit_after_s))
            return cv_usage_error("compare", "--exit-after wants seconds greater than 0, not '%s'",
                                  arg);
        return -1;
    case OPT_QUIET:
        out->quiet = true;
        return -1;
    case OPT_HELP:
        usage(stdout);
        return 0;
    default:
        return cv_usage_error("compare", "unknown option");
    }
}

int cv_compare_options_parse(int argc, char **argv, cv_compare_options *out)
{
    memset(out, 0, sizeof *out);
    optind = 1;
    opterr = 0;
    int option;
    while ((option = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
        if (option == '?')
            return cv_usage_error("compare", "unknown or incomplete option '%s'", argv[optind - 1]);
        int status = parse_one(option, optarg, out);
        if (status >= 0)
            return status;
    }
    if (optind >= argc)
        return cv_usage_error("compare",
                              "which scenario? (a file, or a name from 'conveyor list')");
    if (optind + 1 < argc)
        return cv_usage_error("compare", "one scenario; unexpected '%s'", argv[optind + 1]);
    if (out->variant_count == 0)
        return cv_usage_error("compare", "compare with what? give --vs, e.g. --vs processes");
    if (!out->headless && cv_outputs_any(&out->outputs))
        return cv_usage_error("compare", "the window writes no files: add --headless to write "
                                         "them (the runs are the same)");
    out->scenario = argv[optind];
    return -1;
}
