/*
 * output_options.c — the options commands share (see output_options.h).
 */
#include "output_options.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagnostics.h"
#include "render/theme.h"

int cv_output_option(int option, const char *arg, const char *command, cv_outputs *outputs)
{
    switch (option) {
    case CV_OPT_REPORT:
        outputs->report_path = arg;
        return -1;
    case CV_OPT_TRACE:
        outputs->trace_path = arg;
        return -1;
    case CV_OPT_CSV:
        outputs->csv_path = arg;
        return -1;
    case CV_OPT_PNG:
        outputs->png_path = arg;
        return -1;
    case CV_OPT_SVG:
        outputs->svg_path = arg;
        return -1;
    case CV_OPT_SIZE:
        if (!cv_parse_size(arg, &outputs->width, &outputs->height))
            return cv_usage_error(
                command, "--size wants WIDTHxHEIGHT from %dx%d to %dx%d, like 1600x900, not '%s'",
                CV_MIN_WIDTH, CV_MIN_HEIGHT, CV_MAX_SIDE, CV_MAX_SIDE, arg);
        return -1;
    case CV_OPT_THEME:
        if (!cv_theme_from_name(arg, &outputs->theme))
            return cv_usage_error(command, "--theme must be light or dark, not '%s'", arg);
        return -1;
    case CV_OPT_RANGE:
        if (!cv_parse_range(arg, &outputs->range_start_ns, &outputs->range_end_ns))
            return cv_usage_error(command,
                                  "--range wants START:END in seconds like 0.5:2, not '%s'", arg);
        return -1;
    case CV_OPT_ARROWS:
        outputs->arrows = true;
        return -1;
    default:
        return 1;
    }
}

bool cv_parse_positive(const char *text, double max, double *out)
{
    char *end = NULL;
    errno = 0;
    double value = strtod(text, &end);
    /* NaN fails every comparison, so each test is written to reject it. */
    if (errno || end == text || *end != '\0' || !isfinite(value) || !(value > 0) || !(value <= max))
        return false;
    *out = value;
    return true;
}

int cv_backend_option(const char *arg, const char *command, char *override, size_t override_size)
{
    if (strcmp(arg, "threads") != 0 && strcmp(arg, "processes") != 0)
        return cv_usage_error(command, "--backend must be threads or processes, not '%s'", arg);
    snprintf(override, override_size, "run.backend=%s", arg);
    return -1;
}
