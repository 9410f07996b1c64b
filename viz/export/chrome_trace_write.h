/*
 * chrome_trace_write.h — save a trace in the Chrome trace event format
 * (`conveyor run --trace FILE.json`), for Perfetto, chrome://tracing and
 * speedscope, and for `conveyor view` / `conveyor render` to read back.
 */
#ifndef CONVEYOR_VIZ_EXPORT_CHROME_TRACE_WRITE_H
#define CONVEYOR_VIZ_EXPORT_CHROME_TRACE_WRITE_H

#include "conveyor/run_result.h"
#include "conveyor/status.h"
#include "conveyor/trace.h"

/*
 * Write trace to path ("-" writes to stdout). result may be NULL; when given,
 * its totals (items, ledger, explanation) are stored as metadata too.
 * Streams: memory use does not grow with the trace. CV_ERR_IO on failure,
 * and a partly written file is removed.
 */
cv_status cv_chrome_trace_write(const char *path, const cv_trace *trace,
                                const cv_run_result *result, cv_error *err);

/* One run of a comparison, for cv_chrome_trace_write_runs. */
typedef struct cv_chrome_run {
    const cv_trace *trace;
    const cv_run_result *result; /* may be NULL */
    const char *variant;         /* names the run's process group */
} cv_chrome_run;

/*
 * Write several runs into one Chrome trace, each run one process group
 * (pid 1, 2, ...) named "run N: VARIANT" with its lanes as threads, all on
 * the same clock from t = 0, so Perfetto stacks them. conveyor's own reader
 * opens single runs only ('conveyor view A.json B.json' compares saved ones).
 * Errors as cv_chrome_trace_write.
 */
cv_status cv_chrome_trace_write_runs(const char *path, const cv_chrome_run *runs, int count,
                                     cv_error *err);

#endif
