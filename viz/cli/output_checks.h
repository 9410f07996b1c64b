/*
 * output_checks.h — the files asked for, checked before anything runs: an
 * hour-long run must not end in a usage error. Each named output must be a
 * file name (not empty), in a folder that exists and can be written (or an
 * existing device or FIFO that can be), differ from every other output and
 * from the input, and the picture size and time range must be drawable.
 */
#ifndef CONVEYOR_CLI_OUTPUT_CHECKS_H
#define CONVEYOR_CLI_OUTPUT_CHECKS_H

#include "outputs.h"

/*
 * Check outputs for `conveyor COMMAND` reading input_count files
 * (input_paths: the scenario, a schedule, the traces; NULL entries are
 * skipped): no output may name one of them.
 * Returns -1 when all is well, else prints the problem and returns 2.
 */
int cv_outputs_check(const cv_outputs *outputs, const char *command, const char *const *input_paths,
                     size_t input_count);

#endif
