/*
 * chrome_trace.h — names shared by the Chrome trace writer and reader.
 *
 * A conveyor trace is an ordinary Chrome trace event file that Perfetto,
 * chrome://tracing and speedscope open, plus enough in "otherData" and in the
 * events' args to read it back into the same cv_trace. These names are the
 * file format; the writer and the reader must agree on them, so they live here.
 */
#ifndef CONVEYOR_VIZ_EXPORT_CHROME_TRACE_H
#define CONVEYOR_VIZ_EXPORT_CHROME_TRACE_H

/* Bumped when a reader of the old format could not read the new one. */
#define CV_CHROME_TRACE_VERSION 1

/* The otherData key whose presence marks a file as written by conveyor. */
#define CV_CHROME_TRACE_VERSION_KEY "conveyor_trace_version"

/* Category of the put/get instants (their names are "put" and "get"). */
#define CV_CHROME_TRACE_ITEM_CATEGORY "buffer"

/* Synthetic pids/tids, used when the trace lacks distinct OS ids, start here:
 * above any real pid (Linux caps pid_max at 2^22). */
#define CV_CHROME_TRACE_SYNTHETIC_ID 0x40000000ll

#endif
