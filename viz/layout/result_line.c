/*
 * result_line.c — see result_line.h. A run that deadlocked or raced has no
 * speed-up: its elapsed time measures when it was stopped, not the work. The
 * speed-up is a ratio of items per second (of elapsed times when the items
 * are the same).
 */
#include "layout/result_line.h"

#include <stdio.h>

double cv_speedup(const cv_run_numbers *first, const cv_run_numbers *run, const char **why)
{
    *why = NULL;
    if (!run->completed) {
        *why = run->outcome;
        return 0;
    }
    if (!first->completed || first->elapsed_s <= 0) {
        *why = "the first run did not complete";
        return 0;
    }
    if (run->elapsed_s <= 0) {
        *why = "no time elapsed";
        return 0;
    }
    /* Items per second, so runs of different lengths (two traced programs,
     * or --set run.items) compare by their rate; for runs of the same items
     * it is the ratio of elapsed times. */
    if (first->items == 0 || run->items == 0) {
        *why = "no items";
        return 0;
    }
    double first_rate = (double)first->items / first->elapsed_s;
    double rate = (double)run->items / run->elapsed_s;
    return rate / first_rate;
}

void cv_result_line(char *out, size_t size, int index, const cv_run_numbers *run, double speedup,
                    const char *why)
{
    double rate = run->elapsed_s > 0 ? (double)run->items / run->elapsed_s : 0;
    char speed[96];
    if (index == 0)
        snprintf(speed, sizeof speed, "the run to compare with");
    else if (speedup > 0)
        snprintf(speed, sizeof speed, "speed-up %.2f\u00d7 vs run 1", speedup);
    else
        snprintf(speed, sizeof speed, "no speed-up (%s)", why ? why : "unknown");
    snprintf(out, size, "%.3f s \u00b7 %.1f items/s \u00b7 %s", run->elapsed_s, rate, speed);
}
