/*
 * report.h — the run summary as JSON (`conveyor run --report FILE.json`).
 *
 * Scripts and graders read this file, so its keys are a contract: every key
 * listed in issue 3 is always present (0, false or "" where it does not
 * apply), and anything added later is an additional key, never a rename.
 */
#ifndef CONVEYOR_VIZ_EXPORT_REPORT_H
#define CONVEYOR_VIZ_EXPORT_REPORT_H

#include "conveyor/run_result.h"
#include "conveyor/scenario.h"
#include "conveyor/status.h"

/* Write the report of a finished run to path ("-" writes to stdout).
 * scenario may be NULL (the scenario keys are then empty). CV_ERR_IO on failure. */
cv_status cv_report_write(const char *path, const cv_scenario *scenario,
                          const cv_run_result *result, cv_error *err);

#endif
