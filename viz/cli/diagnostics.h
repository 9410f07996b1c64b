/*
 * diagnostics.h — printing errors the way compilers do, so editors can jump
 * to them: "FILE:LINE: error: message", or "FILE: error: message" where no
 * line applies, or "conveyor: error: message" where no file does.
 */
#ifndef CONVEYOR_CLI_DIAGNOSTICS_H
#define CONVEYOR_CLI_DIAGNOSTICS_H

#include "conveyor/status.h"

void cv_print_error(const cv_error *error);
void cv_print_diagnostics(const cv_diagnostics *diag);
/* A usage problem: the message, then "Try 'conveyor <command> --help'." */
int cv_usage_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Exit statuses, as documented in the man page. */
enum { CV_EXIT_OK = 0, CV_EXIT_RUN_FAILED = 1, CV_EXIT_USAGE = 2 };

/* The exit status for a library status: 2 for bad input, 1 for the rest. */
int cv_exit_status_for(cv_status status);

#endif
