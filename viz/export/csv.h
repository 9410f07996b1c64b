/*
 * csv.h — a trace as a table for spreadsheets and lab reports
 * (`conveyor run --csv FILE.csv`): one row per state span.
 */
#ifndef CONVEYOR_VIZ_EXPORT_CSV_H
#define CONVEYOR_VIZ_EXPORT_CSV_H

#include "conveyor/status.h"
#include "conveyor/trace.h"

/*
 * Write `worker,role,state,start_us,end_us,item` with a header row, one row
 * per span in lane order ("-" writes to stdout). A span ends at the lane's
 * next state or where a put or get moves the worker to another item
 * (timeline/item_span.h); "done" has no length; the last open span ends at
 * the trace's end. item is the item the span is about, or empty. Streams;
 * CV_ERR_IO on failure, and a partly written file is removed.
 */
cv_status cv_csv_write(const char *path, const cv_trace *trace, cv_error *err);

/* The same for the spans that overlap [from_ns, to_ns) (a --range), each
 * cut to it; to_ns <= from_ns means to the trace's end. Errors as
 * cv_csv_write. */
cv_status cv_csv_write_range(const char *path, const cv_trace *trace, int64_t from_ns,
                             int64_t to_ns, cv_error *err);

/* One run of a comparison, for cv_csv_write_runs. */
typedef struct cv_csv_run {
    const cv_trace *trace;
    const char *variant; /* "as written" or the overrides */
} cv_csv_run;

/* The same table for several runs, with two columns in front: `run` (1, 2,
 * ...) and `variant`. Errors as cv_csv_write. */
cv_status cv_csv_write_runs(const char *path, const cv_csv_run *runs, int count, cv_error *err);

#endif
