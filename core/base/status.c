/*
 * status.c — filling cv_error and cv_diagnostics. The library never prints;
 * these only format messages for the command line to print.
 */
#include "conveyor/status.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void copy_file_name(char *dest, const char *file)
{
    snprintf(dest, CV_ERROR_FILE_MAX, "%s", file ? file : "");
}

cv_status cv_fail(cv_error *err, cv_status status, const char *file, int line, const char *fmt, ...)
{
    if (!err)
        return status;
    copy_file_name(err->file, file);
    err->line = line;
    va_list args;
    va_start(args, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, args);
    va_end(args);
    return status;
}

cv_status cv_fail_errno(cv_error *err, const char *what)
{
    int saved = errno;
    cv_status status = saved == ENOMEM ? CV_ERR_NOMEM : CV_ERR_SYSTEM;
    return cv_fail(err, status, "", 0, "%s: %s", what, strerror(saved));
}

void cv_diagnostics_clear(cv_diagnostics *diag)
{
    diag->count = 0;
    diag->suppressed = 0;
}

void cv_diagnostics_addv(cv_diagnostics *diag, const char *file, int line, const char *fmt,
                         va_list args)
{
    if (diag->count >= CV_MAX_DIAGNOSTICS) {
        diag->suppressed++;
        return;
    }
    cv_error *item = &diag->items[diag->count++];
    copy_file_name(item->file, file);
    item->line = line;
    vsnprintf(item->message, sizeof item->message, fmt, args);
}

void cv_diagnostics_add(cv_diagnostics *diag, const char *file, int line, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    cv_diagnostics_addv(diag, file, line, fmt, args);
    va_end(args);
}
