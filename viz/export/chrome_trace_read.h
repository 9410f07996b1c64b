/*
 * chrome_trace_read.h — open a trace saved by conveyor (`conveyor view`,
 * `conveyor render`) back into the cv_trace the window and exports draw.
 */
#ifndef CONVEYOR_VIZ_EXPORT_CHROME_TRACE_READ_H
#define CONVEYOR_VIZ_EXPORT_CHROME_TRACE_READ_H

#include "conveyor/run_result.h"
#include "conveyor/status.h"
#include "conveyor/trace.h"

/*
 * Read a Chrome trace written by cv_chrome_trace_write into out (finished,
 * with its lanes, events, outcome and metadata); free it with cv_trace_free.
 * path "-" reads standard input; a pipe or FIFO reads like a file. Streams:
 * memory is the events kept (16 bytes each) and a fixed amount besides,
 * never the document. A file that cannot be read, is not JSON, is not a
 * Chrome trace, was not written by conveyor or is malformed gives
 * CV_ERR_INPUT with a message naming the file (and the line, when the JSON
 * itself is broken); so does one with more events than
 * cv_trace_memory_limit_bytes (conveyor/tracefile.h) allows, as soon as its
 * metadata or the events read say so, with a message naming the limit.
 * CV_ERR_NOMEM when memory runs out below that limit. out is empty on error.
 */
cv_status cv_chrome_trace_read(const char *path, cv_trace *out, cv_error *err);

/*
 * The same, and the run's result as the writer kept it (elapsed time, items,
 * the ledger's verdict, the explanation, the deadlock's lock holder, lost
 * and duplicated counts, the machine), so a replay tells the run's story:
 * *has_result is false for a trace written without one (a live export
 * before the run ended). Worker summaries come only with a worker that
 * died: then one per lane (worker_count = the lane count), with the lane's
 * name, role and os id, and died, exit_signal and exit_code for the dead
 * ones (the lanes hold the statistics); else workers is NULL and
 * worker_count 0. Free the workers with cv_tracefile_result_free
 * (conveyor/tracefile.h) or free(). Errors as cv_chrome_trace_read, and
 * CV_ERR_INPUT for a malformed result; the result is zeroed on error.
 */
cv_status cv_chrome_trace_read_result(const char *path, cv_trace *out, cv_run_result *result,
                                      bool *has_result, cv_error *err);

#endif
