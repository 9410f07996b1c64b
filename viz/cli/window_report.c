/*
 * window_report.c — printing what the window reports (see window_report.h).
 */
#include "window_report.h"

#include <stdio.h>

void cv_window_print_notice(const char *message, void *user)
{
    (void)user;
    fprintf(stderr, "conveyor: %s\n", message);
}

void cv_window_print_frames(const cv_window_frames *frames)
{
    fprintf(stderr, "conveyor: %zu frames, frame time median %.2f ms, p99 %.2f ms\n", frames->count,
            frames->median_ms, frames->p99_ms);
}
