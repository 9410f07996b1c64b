/*
 * sweep_options.c — see sweep_options.h. Every value is checked here or by
 * the scenario loader before the first run, so a typo costs no waiting.
 */
#include "sweep_options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagnostics.h"
#include "output_options.h"

static void usage(FILE *out)
{
    fputs("Usage: conveyor sweep [OPTION]... SCENARIO [--vary KEY=V1,V2,...] [--vs OVERRIDES]...\n"
          "Run the scenario at each value of one key (default: consumers.count 1, 2, 4, ...\n"
          "up to twice this machine's cores), for the scenario and each --vs variant, and\n"
          "report the median elapsed time and the speed-up at each value. Runs go one at a\n"
          "time, the variants interleaved at each value, so a load spike hits them alike.\n"
          "\n"
          "  --vary KEY=V1,V2,... the key (section.key, or consumers / producers for their\n"
          "                       count) and up to 16 values\n"
          "  --vs OVERRIDES       a variant, as for 'conveyor compare' (up to 3)\n"
          "  --repeat N           runs per value and variant, the median kept (default 3)\n"
          "  --set SECTION.KEY=VALUE, --backend=KIND   change every run\n"
          "  --csv=FILE           every run: point, value, variant, repeat, elapsed, outcome\n"
          "  --report=FILE.json   the same with medians and speed-ups\n"
          "  --png=FILE, --svg=FILE   the plot: elapsed time and speed-up against the\n"
          "                       value, a line per variant, the ideal speed-up and a\n"
          "                       mark at this machine's core count\n"
          "  --size=WxH           the plot's size (default 1600x900)\n"
          "  --theme=NAME         light (default) or dark\n"
          "  --quiet              no progress line, no table\n"
          "  --help               show this help and exit\n"
          "\n"
          "Speed-up at a value is the variant's median at the first value over its median\n"
          "there; the ideal is the value over the first value. A progress line on stderr\n"
          "says how far it got; Ctrl-C keeps the values done and marks the result\n"
          "incomplete. Exit status: 0 done; 1 a file failed; 2 bad usage, scenario, --vary\n"
          "or --vs; 130/143 stopped by SIGINT/SIGTERM (files still written).\n",
          out);
}

enum { OPT_VARY = 256, OPT_VS, OPT_REPEAT, OPT_BACKEND, OPT_SET, OPT_QUIET, OPT_HELP };

static const struct option long_options[] = {
    {"vary", required_argument, NULL, OPT_VARY},
    {"vs", required_argument, NULL, OPT_VS},
    {"repeat", required_argument, NULL, OPT_REPEAT},
    {"backend", required_argument, NULL, OPT_BACKEND},
    {"set", required_argument, NULL, OPT_SET},
    CV_OPTION_CSV,
    CV_OPTION_REPORT,
    CV_OPTION_PNG,
    CV_OPTION_SVG,
    CV_OPTION_SIZE,
    CV_OPTION_THEME,
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

int cv_sweep_default_values(int cores, char values[][32])
{
    int top = 2 * (cores > 0 ? cores : 1), n = 0;
    for (int v = 1; v < top && n < CV_SWEEP_POINTS_MAX - 1; v *= 2)
        snprintf(values[n++], 32, "%d", v);
    snprintf(values[n++], 32, "%d", top);
    return n;
}

static int parse_vary(cv_sweep_options *out, const char *arg)
{
    const char *equals = strchr(arg, '=');
    if (!equals || equals == arg || equals[1] == '\0')
        return cv_usage_error("sweep", "--vary %s: give KEY=V1,V2,... e.g. consumers.count=1,2,4",
                              arg);
    size_t key_length = (size_t)(equals - arg);
    if (key_length >= sizeof out->vary_key - 8)
        return cv_usage_error("sweep", "--vary %s: the key is too long", arg);
    if (memchr(arg, '.', key_length))
        snprintf(out->vary_key, sizeof out->vary_key, "%.*s", (int)key_length, arg);
    else if (strncmp(arg, "consumers", key_length) == 0 && key_length == 9)
        snprintf(out->vary_key, sizeof out->vary_key, "consumers.count");
    else if (strncmp(arg, "producers", key_length) == 0 && key_length == 9)
        snprintf(out->vary_key, sizeof out->vary_key, "producers.count");
    else
        snprintf(out->vary_key, sizeof out->vary_key, "run.%.*s", (int)key_length, arg);
    out->value_count = 0;
    const char *start = equals + 1;
    for (;;) {
        const char *comma = strchr(start, ',');
        size_t length = comma ? (size_t)(comma - start) : strlen(start);
        if (length == 0 || length >= 32)
            return cv_usage_error("sweep", "--vary %s: %s value", arg,
                                  length ? "a too long" : "an empty");
        if (out->value_count == CV_SWEEP_POINTS_MAX)
            return cv_usage_error("sweep", "--vary %s: at most %d values", arg,
                                  CV_SWEEP_POINTS_MAX);
        snprintf(out->value_storage[out->value_count++], 32, "%.*s", (int)length, start);
        if (!comma)
            break;
        start = comma + 1;
    }
    out->vary_argument = arg;
    return -1;
}

static int parse_one(int option, const char *arg, cv_sweep_options *out)
{
    int shared = cv_output_option(option, arg, "sweep", &out->outputs);
    if (shared != 1)
        return shared;
    switch (option) {
    case OPT_VARY:
        return parse_vary(out, arg);
    case OPT_VS: {
        if (out->variant_count == CV_SWEEP_VARIANTS_MAX - 1)
            return cv_usage_error("sweep", "--vs %s: at most %d --vs", arg,
                                  CV_SWEEP_VARIANTS_MAX - 1);
        char why[512];
        if (!cv_variant_parse(arg, &out->variants[out->variant_count], why, sizeof why))
            return cv_usage_error("sweep", "--vs %s: %s", arg, why);
        out->variant_arguments[out->variant_count++] = arg;
        return -1;
    }
    case OPT_REPEAT: {
        char *end = NULL;
        errno = 0;
        long repeat = strtol(arg, &end, 10);
        if (errno || end == arg || *end || repeat < 1 || repeat > CV_SWEEP_REPEAT_MAX)
            return cv_usage_error("sweep", "--repeat wants a whole number from 1 to %d, not '%s'",
                                  CV_SWEEP_REPEAT_MAX, arg);
        out->repeat = (int)repeat;
        return -1;
    }
    case OPT_BACKEND:
        if (cv_backend_option(arg, "sweep", out->backend_override, sizeof out->backend_override) >=
            0)
            return 2;
        arg = out->backend_override;
        /* fall through */
    case OPT_SET:
        if (out->override_count >= CV_MAX_OVERRIDES)
            return cv_usage_error("sweep", "too many --set options (at most %d)", CV_MAX_OVERRIDES);
        out->overrides[out->override_count++] = arg;
        return -1;
    case OPT_QUIET:
        out->quiet = true;
        return -1;
    case OPT_HELP:
        usage(stdout);
        return 0;
    default:
        return cv_usage_error("sweep", "unknown option");
    }
}

int cv_sweep_options_parse(int argc, char **argv, cv_sweep_options *out)
{
    memset(out, 0, sizeof *out);
    out->repeat = 3;
    snprintf(out->vary_key, sizeof out->vary_key, "consumers.count");
    optind = 1;
    opterr = 0;
    int option;
    while ((option = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
        if (option == '?')
            return cv_usage_error("sweep", "unknown or incomplete option '%s'", argv[optind - 1]);
        int status = parse_one(option, optarg, out);
        if (status >= 0)
            return status;
    }
    if (optind >= argc)
        return cv_usage_error("sweep", "which scenario? (a file, or a name from 'conveyor list')");
    if (optind + 1 < argc)
        return cv_usage_error("sweep", "one scenario; unexpected '%s'", argv[optind + 1]);
    out->scenario = argv[optind];
    return -1;
}
