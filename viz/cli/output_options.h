/*
 * output_options.h — the command-line options that every command writing a
 * run's files shares (run, view, render, compare, sweep): where each file
 * goes, the picture's size, theme and time range, and the checked numbers
 * and --backend that go with them. One parser, so a value is accepted or
 * refused, and the refusal worded, the same way in every command.
 */
#ifndef CONVEYOR_CLI_OUTPUT_OPTIONS_H
#define CONVEYOR_CLI_OUTPUT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "outputs.h"

/* getopt_long values of the shared options; a command's own start at 256. */
enum {
    CV_OPT_REPORT = 1024,
    CV_OPT_TRACE,
    CV_OPT_CSV,
    CV_OPT_PNG,
    CV_OPT_SVG,
    CV_OPT_SIZE,
    CV_OPT_THEME,
    CV_OPT_RANGE,
    CV_OPT_ARROWS,
};

/* Their long_options entries, for the commands that take them. */
#define CV_OPTION_REPORT                                                                           \
    {                                                                                              \
        "report", required_argument, NULL, CV_OPT_REPORT                                           \
    }
#define CV_OPTION_TRACE                                                                            \
    {                                                                                              \
        "trace", required_argument, NULL, CV_OPT_TRACE                                             \
    }
#define CV_OPTION_CSV                                                                              \
    {                                                                                              \
        "csv", required_argument, NULL, CV_OPT_CSV                                                 \
    }
#define CV_OPTION_PNG                                                                              \
    {                                                                                              \
        "png", required_argument, NULL, CV_OPT_PNG                                                 \
    }
#define CV_OPTION_SVG                                                                              \
    {                                                                                              \
        "svg", required_argument, NULL, CV_OPT_SVG                                                 \
    }
#define CV_OPTION_SIZE                                                                             \
    {                                                                                              \
        "size", required_argument, NULL, CV_OPT_SIZE                                               \
    }
#define CV_OPTION_THEME                                                                            \
    {                                                                                              \
        "theme", required_argument, NULL, CV_OPT_THEME                                             \
    }
#define CV_OPTION_RANGE                                                                            \
    {                                                                                              \
        "range", required_argument, NULL, CV_OPT_RANGE                                             \
    }

#define CV_OPTION_ARROWS                                                                           \
    {                                                                                              \
        "arrows", no_argument, NULL, CV_OPT_ARROWS                                                 \
    }

/* Every output option, as run, view, render and compare take them. */
#define CV_OUTPUT_OPTIONS                                                                          \
    CV_OPTION_REPORT, CV_OPTION_TRACE, CV_OPTION_CSV, CV_OPTION_PNG, CV_OPTION_SVG,                \
        CV_OPTION_SIZE, CV_OPTION_THEME, CV_OPTION_RANGE, CV_OPTION_ARROWS

/*
 * Take one shared option (a CV_OPT_* value) into `outputs`. Returns -1 when
 * taken, 2 after a usage error naming `command` and the option (a size
 * outside CV_MIN_WIDTH x CV_MIN_HEIGHT to CV_MAX_SIDE, a theme other than
 * light or dark, a range that is not START:END seconds), or 1 when `option`
 * is not one of them (the caller's own).
 */
int cv_output_option(int option, const char *arg, const char *command, cv_outputs *outputs);

/* A number greater than 0 and at most max, finite (NaN, infinities and
 * overflow refused); false if text is not one. */
bool cv_parse_positive(const char *text, double max, double *out);

/* --backend KIND as the override "run.backend=KIND" in `override`
 * (override_size bytes): -1 when KIND is threads or processes, else 2 after
 * a usage error naming `command`. */
int cv_backend_option(const char *arg, const char *command, char *override, size_t override_size);

#endif
