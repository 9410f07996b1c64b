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

#endif
