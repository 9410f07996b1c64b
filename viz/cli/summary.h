/*
 * summary.h — the short text a headless run prints: what ran, how it
 * ended and why, throughput, and where each worker spent its time.
 */
#ifndef CONVEYOR_CLI_SUMMARY_H
#define CONVEYOR_CLI_SUMMARY_H

#include <stdio.h>

#include "conveyor/run_result.h"
#include "conveyor/scenario.h"

void cv_print_summary(FILE *out, const cv_scenario *scenario, const cv_run_result *result);

#endif
