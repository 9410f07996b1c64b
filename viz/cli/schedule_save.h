/*
 * schedule_save.h — `--save-schedule`: the steps a run took, written as a
 * schedule file (conveyor/schedule.h) that `--schedule` replays.
 */
#ifndef CONVEYOR_CLI_SCHEDULE_SAVE_H
#define CONVEYOR_CLI_SCHEDULE_SAVE_H

#include <stdbool.h>
#include <stddef.h>

#include "conveyor/scenario.h"
#include "conveyor/step.h"
#include "conveyor/trace.h"

/* Write steps (count of them, lanes named by trace) to path, through the
 * export module (complete or absent), after a header naming the scenario
 * and a `set` line for each override in effect ("-": standard output, whose
 * replay hint then reads standard input). Says "wrote schedule PATH" on
 * stderr unless quiet or "-". False, with the reason printed, if it could
 * not be written. */
bool cv_schedule_save(const char *path, const cv_scenario *scenario, const char *const *overrides,
                      size_t override_count, const cv_step_record *steps, size_t count,
                      const cv_trace *trace, bool quiet);

#endif
