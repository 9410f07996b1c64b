/*
 * diagnostics.c — see diagnostics.h. The only place that formats errors
 * for people; everything below main hands errors up as values.
 */
#include "diagnostics.h"

#include <stdarg.h>
#include <stdio.h>

void cv_print_error(const cv_error *error)
{
    if (error->file[0] && error->line > 0)
        fprintf(stderr, "%s:%d: error: %s\n", error->file, error->line, error->message);
    else if (error->file[0])
        fprintf(stderr, "%s: error: %s\n", error->file, error->message);
    else
        fprintf(stderr, "conveyor: error: %s\n", error->message);
}

void cv_print_diagnostics(const cv_diagnostics *diag)
{
    for (int i = 0; i < diag->count; i++)
        cv_print_error(&diag->items[i]);
    if (diag->suppressed > 0)
        fprintf(stderr, "conveyor: %d more error(s) not shown\n", diag->suppressed);
}

int cv_usage_error(const char *command, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    fprintf(stderr, "conveyor: error: ");
    vfprintf(stderr, fmt, args);
    fprintf(stderr, "\nTry 'conveyor %s%s--help'.\n", command ? command : "", command ? " " : "");
    va_end(args);
    return CV_EXIT_USAGE;
}

int cv_exit_status_for(cv_status status)
{
    switch (status) {
    case CV_OK:
        return CV_EXIT_OK;
    case CV_ERR_USAGE:
    case CV_ERR_SCENARIO:
    case CV_ERR_INPUT:
        return CV_EXIT_USAGE;
    default:
        return CV_EXIT_RUN_FAILED;
    }
}
