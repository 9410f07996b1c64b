/*
 * run_options.c — see run_options.h. GNU long options; every value checked
 * here so that a typo is a usage error (exit 2), never a silent default.
 */
#include "run_options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagnostics.h"
#include "output_options.h"

void cv_run_usage(FILE *out)
{
    fputs("Usage: conveyor run [OPTION]... SCENARIO\n"
          "Run a scenario (a file, or a name from 'conveyor list') and show it live.\n"
          "\n"
          "  --headless           no window: run, print a summary, write the files asked for\n"
          "  --backend=KIND       threads or processes (overrides the scenario)\n"
          "  --cores=N            confine the workers to N CPUs (overrides run.cores)\n"
          "  --set SECTION.KEY=VALUE  override a scenario key (repeatable), e.g.\n"
          "                       --set run.buffer=8 --set consumers.count=3\n"
          "  --report=FILE.json   the run summary as JSON\n"
          "  --trace=FILE.json    Chrome trace JSON (Perfetto, chrome://tracing, speedscope)\n"
          "  --trace=FILE.cvtrace conveyor's compact native trace, for big runs\n"
          "  --csv=FILE           one row per state span\n"
          "  --png=FILE           the timeline picture (works without a display)\n"
          "  --svg=FILE           the timeline as vector graphics\n"
          "  --size=WxH           picture size for --png/--svg (default 1600x900), and the\n"
          "                       window's (default 1280x800)\n"
          "  --theme=NAME         light (default, for print) or dark\n"
          "  --range=START:END    show and export only this time window, in seconds\n"
          "  --arrows             an arrow from put to get for every item in view, in the\n"
          "                       PNG and SVG and in the window (I toggles it there)\n"
          "  --scale=F            window text and lane size (projector: 1.5 or 2)\n"
          "  --fullscreen         open the window full screen (F11 toggles)\n"
          "  --exit-after=SECONDS close the window by itself after this long\n"
          "  --step               step mode: every worker stops before each synchronisation\n"
          "                       operation; you choose who takes the next step\n"
          "  --schedule=FILE      replay the steps saved in FILE (headless or in the window;\n"
          "                       '-' reads them from standard input)\n"
          "  --save-schedule=FILE save the steps taken (with --step or --schedule)\n"
          "  --no-trace           record no events (measures tracing's cost)\n"
          "  --test-expect        exit 0 when the run ends as its [expect] says, even a\n"
          "                       deadlock or a race (for testing lessons)\n"
          "  --verbose            print frame-time statistics when the window closes\n"
          "  --quiet              print nothing but errors\n"
          "  --help               show this help and exit\n"
          "\n"
          "Exit status: 0 the run completed (and met its [expect], if it has one); 1 it\n"
          "did not (deadlock, lost items, a worker died, expectation not met); 2 bad\n"
          "usage or scenario; 130/143 stopped by SIGINT/SIGTERM. Closing the window before\n"
          "the run ends (Esc or Q, in step mode too) is the user's choice, not a failure: 0.\n"
          "A file that cannot be written (standard output included) makes it 1; a closed\n"
          "pipe does not.\n"
          "\n"
          "Files are complete or absent: each is written beside its target and renamed\n"
          "into place. '-' is standard output (the summary then goes to stderr); an\n"
          "existing device or FIFO is written in place; a symlink's target is replaced.\n",
          out);
}

enum {
    OPT_HEADLESS = 256,
    OPT_BACKEND,
    OPT_CORES,
    OPT_SET,
    OPT_SCALE,
    OPT_FULLSCREEN,
    OPT_EXIT_AFTER,
    OPT_NO_TRACE,
    OPT_STEP,
    OPT_SCHEDULE,
    OPT_SAVE_SCHEDULE,
    OPT_TEST_EXPECT,
    OPT_VERBOSE,
    OPT_QUIET,
    OPT_HELP
};

static const struct option long_options[] = {
    {"headless", no_argument, NULL, OPT_HEADLESS},
    {"backend", required_argument, NULL, OPT_BACKEND},
    {"cores", required_argument, NULL, OPT_CORES},
    {"set", required_argument, NULL, OPT_SET},
    CV_OUTPUT_OPTIONS,
    {"scale", required_argument, NULL, OPT_SCALE},
    {"fullscreen", no_argument, NULL, OPT_FULLSCREEN},
    {"exit-after", required_argument, NULL, OPT_EXIT_AFTER},
    {"no-trace", no_argument, NULL, OPT_NO_TRACE},
    {"step", no_argument, NULL, OPT_STEP},
    {"schedule", required_argument, NULL, OPT_SCHEDULE},
    {"save-schedule", required_argument, NULL, OPT_SAVE_SCHEDULE},
    {"test-expect", no_argument, NULL, OPT_TEST_EXPECT},
    {"verbose", no_argument, NULL, OPT_VERBOSE},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

static int add_override(cv_run_options *out, const char *command, const char *text)
{
    if (out->override_count >= CV_MAX_OVERRIDES)
        return cv_usage_error(command, "too many --set options (at most %d)", CV_MAX_OVERRIDES);
    out->overrides[out->override_count++] = text;
    return -1;
}

static int parse_one(int option, const char *arg, const char *command, void (*usage)(FILE *),
                     cv_run_options *out)
{
    int shared = cv_output_option(option, arg, command, &out->outputs);
    if (shared != 1)
        return shared;
    switch (option) {
    case OPT_HEADLESS:
        out->headless = true;
        return -1;
    case OPT_BACKEND:
        if (cv_backend_option(arg, command, out->backend_override, sizeof out->backend_override) >=
            0)
            return 2;
        return add_override(out, command, out->backend_override);
    case OPT_CORES: {
        uint32_t available = cv_cores_available();
        char *end = NULL;
        errno = 0;
        unsigned long cores = strtoul(arg, &end, 10);
        if (arg[0] < '0' || arg[0] > '9' || errno != 0 || *end != '\0' || cores < 1 ||
            cores > available)
            return cv_usage_error(command,
                                  "--cores must be a whole number from 1 to %u (the CPUs this "
                                  "machine gives conveyor), not '%s'",
                                  available, arg);
        snprintf(out->cores_override, sizeof out->cores_override, "run.cores=%lu", cores);
        return add_override(out, command, out->cores_override);
    }
    case OPT_SET:
        return add_override(out, command, arg);
    case OPT_SCALE:
        if (!cv_parse_positive(arg, 8, &out->scale) || out->scale < 0.5)
            return cv_usage_error(command, "--scale wants a number from 0.5 to 8, not '%s'", arg);
        return -1;
    case OPT_FULLSCREEN:
        out->fullscreen = true;
        return -1;
    case OPT_EXIT_AFTER:
        if (!cv_parse_positive(arg, 86400, &out->exit_after_s))
            return cv_usage_error(command, "--exit-after wants seconds greater than 0, not '%s'",
                                  arg);
        return -1;
    case OPT_NO_TRACE:
        out->untraced = true;
        return -1;
    case OPT_STEP:
        out->step = true;
        return -1;
    case OPT_SCHEDULE:
        out->schedule_path = arg;
        return -1;
    case OPT_SAVE_SCHEDULE:
        out->outputs.schedule_path = arg;
        return -1;
    case OPT_TEST_EXPECT:
        out->test_expect = true;
        return -1;
    case OPT_VERBOSE:
        out->verbose = true;
        return -1;
    case OPT_QUIET:
        out->quiet = true;
        return -1;
    case OPT_HELP:
        usage(stdout);
        return 0;
    default:
        return cv_usage_error(command, "unknown option");
    }
}

int cv_run_options_parse(int argc, char **argv, const char *command, void (*usage)(FILE *),
                         cv_run_options *out)
{
    memset(out, 0, sizeof *out);
    optind = 1;
    opterr = 0;
    int option;
    while ((option = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
        if (option == '?') {
            const char *bad = argv[optind - 1];
            return cv_usage_error(command, "unknown or incomplete option '%s'", bad);
        }
        int status = parse_one(option, optarg, command, usage, out);
        if (status >= 0)
            return status;
    }
    if (optind >= argc)
        return cv_usage_error(command,
                              strcmp(command, "run") == 0
                                  ? "which scenario? (a file, or a name from 'conveyor list')"
                                  : "which trace file?");
    bool replay = strcmp(command, "run") != 0;
    if (replay && (out->step || out->schedule_path || out->outputs.schedule_path))
        return cv_usage_error(command, "--step, --schedule and --save-schedule are for "
                                       "'conveyor run' (a saved trace cannot be stepped)");
    if (optind + 1 < argc && (!replay || argc - optind > 4))
        return cv_usage_error(command,
                              replay ? "at most 4 traces; unexpected '%s'"
                                     : "one file at a time; unexpected '%s'",
                              argv[optind + (replay ? 4 : 1)]);
    if (out->headless && out->step && !out->schedule_path)
        return cv_usage_error(command, "--step needs the window (you choose the steps there); "
                                       "to replay a schedule headless, give --schedule");
    if (out->outputs.schedule_path && !out->step && !out->schedule_path)
        return cv_usage_error(command,
                              "--save-schedule saves the steps of step mode: add --step or "
                              "--schedule");
    out->scenario = argv[optind];
    for (int i = optind + 1; i < argc; i++)
        out->more_files[out->more_file_count++] = argv[i];
    return -1;
}
