/*
 * sweep.c — see sweep.h. Medians, not means: one run slowed by a load spike
 * on a shared machine moves a mean but not the median of three.
 */
#include "compare/sweep.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

void cv_sweep_init(cv_sweep *sweep, int point_count, int variant_count, int repeat)
{
    assert(point_count >= 1 && point_count <= CV_SWEEP_POINTS_MAX);
    assert(variant_count >= 1 && variant_count <= CV_SWEEP_VARIANTS_MAX);
    assert(repeat >= 1 && repeat <= CV_SWEEP_REPEAT_MAX);
    memset(sweep, 0, sizeof *sweep);
    sweep->point_count = point_count;
    sweep->variant_count = variant_count;
    sweep->repeat = repeat;
}

bool cv_sweep_record(cv_sweep *sweep, int point, int variant, cv_sweep_sample sample)
{
    assert(point >= 0 && point < sweep->point_count);
    assert(variant >= 0 && variant < sweep->variant_count);
    int *n = &sweep->recorded[point][variant];
    if (*n >= sweep->repeat)
        return false;
    sweep->samples[point][variant][(*n)++] = sample;
    return true;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double cv_sweep_median_s(const cv_sweep *sweep, int point, int variant)
{
    double times[CV_SWEEP_REPEAT_MAX];
    int n = 0;
    for (int i = 0; i < sweep->recorded[point][variant]; i++) {
        const cv_sweep_sample *s = &sweep->samples[point][variant][i];
        if (s->completed && s->elapsed_s > 0)
            times[n++] = s->elapsed_s;
    }
    if (n == 0)
        return 0;
    qsort(times, (size_t)n, sizeof times[0], compare_doubles);
    return n % 2 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
}

double cv_sweep_speedup(const cv_sweep *sweep, int point, int variant)
{
    double first = cv_sweep_median_s(sweep, 0, variant);
    double here = cv_sweep_median_s(sweep, point, variant);
    return first > 0 && here > 0 ? first / here : 0;
}

double cv_sweep_ideal(const cv_sweep *sweep, int point)
{
    return sweep->values[0] > 0 ? sweep->values[point] / sweep->values[0] : 0;
}

bool cv_sweep_point_complete(const cv_sweep *sweep, int point)
{
    for (int v = 0; v < sweep->variant_count; v++) {
        if (sweep->recorded[point][v] < sweep->repeat)
            return false;
    }
    return true;
}

bool cv_sweep_complete(const cv_sweep *sweep)
{
    for (int p = 0; p < sweep->point_count; p++) {
        if (!cv_sweep_point_complete(sweep, p))
            return false;
    }
    return true;
}
