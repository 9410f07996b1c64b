/*
 * axis.h — the time axis: where ticks go and how times read.
 *
 * Tick steps are 1, 2 or 5 times a power of ten nanoseconds, the smallest that
 * keeps labels a readable distance apart, so zooming from seconds down to
 * microseconds always shows round numbers. Labels use one unit for the whole
 * axis, chosen by the largest visible time (s, ms, µs or ns), with just
 * enough decimals to tell neighbouring ticks apart.
 */
#ifndef CONVEYOR_VIZ_AXIS_H
#define CONVEYOR_VIZ_AXIS_H

#include <stddef.h>
#include <stdint.h>

/* The tick step for span_ns over width_px pixels with ticks at least min_px apart. */
int64_t cv_axis_tick_step(int64_t span_ns, int width_px, int min_px);

/* At most this many ticks are drawn on any axis, whatever the range: every
 * tick loop stops here even if a caller's range is nonsense. */
#define CV_AXIS_MAX_TICKS 4096

/* The label of the tick at t_ns, for an axis whose largest visible time is
 * max_ns and whose step is step_ns: "0 s", "1.5 s", "250 ms", "12 µs". */
void cv_axis_label(int64_t t_ns, int64_t step_ns, int64_t max_ns, char *out, size_t out_size);

/* A duration for people with three significant digits: "3.21 ms", "850 µs", "1.25 s". */
void cv_format_duration(int64_t ns, char *out, size_t out_size);

#endif
