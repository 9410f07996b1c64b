/*
 * axis.c — tick steps and time labels (see axis.h). Integer arithmetic picks
 * the decimals so a 0.2 ms step never prints as 0.19999 ms.
 */
#include "render/axis.h"

#include <stdio.h>

int64_t cv_axis_tick_step(int64_t span_ns, int width_px, int min_px)
{
    if (span_ns <= 0 || width_px <= 0)
        return 1;
    if (min_px < 1)
        min_px = 1;
    /* The smallest step whose ticks land at least min_px apart. */
    double min_step = (double)span_ns * min_px / width_px;
    static const int64_t multipliers[] = {1, 2, 5};
    for (int64_t power = 1; power <= INT64_MAX / 10; power *= 10) {
        for (int i = 0; i < 3; i++) {
            int64_t step = multipliers[i] * power;
            if ((double)step >= min_step)
                return step;
        }
    }
    return INT64_MAX / 10;
}

static void pick_unit(int64_t max_ns, int64_t *unit_ns, const char **name)
{
    if (max_ns < 0)
        max_ns = -max_ns;
    if (max_ns >= 1000000000) {
        *unit_ns = 1000000000;
        *name = "s";
    } else if (max_ns >= 1000000) {
        *unit_ns = 1000000;
        *name = "ms";
    } else if (max_ns >= 1000) {
        *unit_ns = 1000;
        *name = "\xC2\xB5s";
    } else {
        *unit_ns = 1;
        *name = "ns";
    }
}

void cv_axis_label(int64_t t_ns, int64_t step_ns, int64_t max_ns, char *out, size_t out_size)
{
    int64_t unit;
    const char *name;
    pick_unit(max_ns, &unit, &name);
    int decimals = 0;
    for (int64_t u = unit; step_ns > 0 && step_ns % u != 0 && decimals < 9; u /= 10)
        decimals++;
    snprintf(out, out_size, "%.*f %s", decimals, (double)t_ns / (double)unit, name);
}

void cv_format_duration(int64_t ns, char *out, size_t out_size)
{
    int64_t unit;
    const char *name;
    pick_unit(ns, &unit, &name);
    double value = (double)ns / (double)unit;
    double magnitude = value < 0 ? -value : value;
    int decimals = unit == 1 ? 0 : magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
    snprintf(out, out_size, "%.*f %s", decimals, value, name);
}
