/*
 * window_report.h — what the command prints about a window: the notices the
 * window passes up (a screenshot saved, or why not) and, with --verbose, its
 * frame times. The window itself prints nothing (errors are values below
 * main); the command decides what reaches the terminal.
 */
#ifndef CONVEYOR_CLI_WINDOW_REPORT_H
#define CONVEYOR_CLI_WINDOW_REPORT_H

#include "app/window.h"

/* A cv_window_options.on_notice that prints "conveyor: MESSAGE" on stderr. */
void cv_window_print_notice(const char *message, void *user);

/* "conveyor: N frames, frame time median ... ms, p99 ... ms" on stderr. */
void cv_window_print_frames(const cv_window_frames *frames);

#endif
