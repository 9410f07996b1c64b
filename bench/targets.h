/*
 * targets.h — one row per issue target, for the "targets at a glance" table
 * of docs/performance.md. A benchmark that measures a target reports it
 * here; the row is appended to the file named by CONVEYOR_BENCH_TARGETS
 * (bench/run-all.sh sets it) and nothing happens when that is unset.
 */
#ifndef CONVEYOR_BENCH_TARGETS_H
#define CONVEYOR_BENCH_TARGETS_H

#include <stdbool.h>

/* One Markdown row: | target | measured (printf format) | met |. */
void cv_bench_target(const char *target, bool met, const char *measured_format, ...)
    __attribute__((format(printf, 3, 4)));

#endif
