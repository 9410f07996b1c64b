/*
 * chrome_trace_read.h — open a trace saved by conveyor (`conveyor view`,
 * `conveyor render`) back into the cv_trace the window and exports draw.
 */
#ifndef CONVEYOR_VIZ_EXPORT_CHROME_TRACE_READ_H
#define CONVEYOR_VIZ_EXPORT_CHROME_TRACE_READ_H

#include "conveyor/status.h"
#include "conveyor/trace.h"

/*
 * Read a Chrome trace written by cv_chrome_trace_write into out (finished,
 * with its lanes, events, outcome and metadata); free it with cv_trace_free.
 * A file that cannot be read, is not JSON, is not a Chrome trace, was not
 * written by conveyor or is malformed gives CV_ERR_INPUT with a message
 * naming the file (and the line, when the JSON itself is broken); out is
 * then empty. The whole JSON document is held in memory while reading.
 */
cv_status cv_chrome_trace_read(const char *path, cv_trace *out, cv_error *err);

#endif
