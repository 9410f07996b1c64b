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

/* One run of a comparison, for cv_report_write_runs. */
typedef struct cv_report_run {
    const cv_scenario *scenario; /* the variant's scenario (may be NULL) */
    const cv_run_result *result;
    const char *variant;      /* "as written" or the overrides: "run.backend=processes" */
    double started_s;         /* when the run began and ended, seconds since the first began */
    double ended_s;           /* (runs of a comparison never overlap) */
    double speedup;           /* the first run's elapsed time over this one's; 0 = none */
    const char *speedup_note; /* why there is none ("deadlock"), or NULL */
} cv_report_run;

/*
 * Write a comparison as one JSON object: "runs", one entry per run in order
 * with its "variant", "started_s", "ended_s", "speedup" (null when the run
 * did not complete) and "report" (exactly what cv_report_write writes for
 * it), and "speedups", the same numbers as an array. CV_ERR_IO on failure.
 */
cv_status cv_report_write_runs(const char *path, const cv_report_run *runs, int count,
                               cv_error *err);

#endif
