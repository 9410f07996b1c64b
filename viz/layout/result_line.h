/*
 * result_line.h — the one-line result a pane of a comparison shows (and the
 * comparison table prints): elapsed time, items per second, and the speed-up
 * against the first run, or why there is none.
 */
#ifndef CONVEYOR_VIZ_LAYOUT_RESULT_LINE_H
#define CONVEYOR_VIZ_LAYOUT_RESULT_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cv_run_numbers {
    double elapsed_s;
    uint64_t items;      /* consumed */
    bool completed;      /* only completed runs have a speed-up */
    const char *outcome; /* its name, to say why there is none */
} cv_run_numbers;

/* The speed-up of run against first: its items per second over first's
 * (for the same items, first's elapsed time over run's), or 0 with *why
 * saying why there is none (a run that did not complete, no time, no items). */
double cv_speedup(const cv_run_numbers *first, const cv_run_numbers *run, const char **why);

/* "0.087 s · 92.1 items/s · speed-up 1.46× vs run 1" (index 0: the first). */
void cv_result_line(char *out, size_t size, int index, const cv_run_numbers *run, double speedup,
                    const char *why);

#endif
