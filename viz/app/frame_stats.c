/*
 * frame_stats.c — frame-time quantiles (see frame_stats.h). Quantiles sort a
 * copy, which is fine: they are asked for once, at exit.
 */
#include "app/frame_stats.h"

#include <stdlib.h>
#include <string.h>

void cv_frame_stats_add(cv_frame_stats *s, double ms)
{
    if (s->count == s->capacity) {
        size_t capacity = s->capacity ? s->capacity * 2 : 1024;
        double *grown = realloc(s->ms, capacity * sizeof *grown);
        if (!grown)
            return;
        s->ms = grown;
        s->capacity = capacity;
    }
    s->ms[s->count++] = ms;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double cv_frame_stats_quantile(const cv_frame_stats *s, double q)
{
    if (s->count == 0)
        return 0;
    double *sorted = malloc(s->count * sizeof *sorted);
    if (!sorted)
        return 0;
    memcpy(sorted, s->ms, s->count * sizeof *sorted);
    qsort(sorted, s->count, sizeof *sorted, compare);
    size_t index = (size_t)(q * (double)(s->count - 1) + 0.5);
    if (index >= s->count)
        index = s->count - 1;
    double value = sorted[index];
    free(sorted);
    return value;
}

void cv_frame_stats_free(cv_frame_stats *s)
{
    free(s->ms);
    memset(s, 0, sizeof *s);
}
