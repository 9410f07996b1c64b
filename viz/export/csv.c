/*
 * csv.c — one row per span (a state, cut where the worker moves on to
 * another item, and named by that item: timeline/item_span.h), streamed
 * straight from the lanes' event arrays through a large stdio buffer, so
 * memory does not grow with the trace. Times are µs with three decimals (exact for integer ns), the
 * unit the Chrome trace uses too, so the two exports can be compared line by line. Fields follow
 * RFC 4180: a lane name with a comma or a quote is quoted.
 *
 * When trace events were dropped, one last row says so in the same six
 * columns, so every CSV reader takes it: an empty worker and role, state
 * "dropped", the run's span, and in the item column how many events were
 * lost (which lanes lost them is not recorded). Filtering on state skips it.
 */
#include "export/csv.h"
#include "export/output_file.h"
#include "timeline/item_span.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool needs_quotes(const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        if (text[i] == ',' || text[i] == '"' || text[i] == '\r' || text[i] == '\n')
            return true;
    }
    return false;
}

static void write_field(FILE *out, const char *text, size_t size)
{
    size_t length = strnlen(text, size);
    if (!needs_quotes(text, length)) {
        fwrite(text, 1, length, out);
        return;
    }
    fputc('"', out);
    for (size_t i = 0; i < length; i++) {
        if (text[i] == '"')
            fputc('"', out);
        fputc(text[i], out);
    }
    fputc('"', out);
}

static void write_us(FILE *out, int64_t ns)
{
    uint64_t magnitude = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
    fprintf(out, "%s%" PRIu64 ".%03u", ns < 0 ? "-" : "", magnitude / 1000,
            (unsigned)(magnitude % 1000));
}

/* prefix: what goes in front of every row ("" for a single run). One row
 * per span: a new state or a new item starts a row (item_span.h). */
static void write_lane(FILE *out, const cv_trace *t, uint32_t lane, const char *prefix,
                       int64_t from_ns, int64_t to_ns)
{
    const cv_lane_info *info = &t->lanes[lane];
    const cv_lane_events *events = &t->events[lane];
    cv_item_span_walk walk;
    cv_item_span span;
    cv_item_span_walk_start(&walk, events->events, events->count, t->end_ns, true);
    while (!cv_output_stop_requested() && cv_item_span_walk_next(&walk, &span)) {
        /* Only what overlaps the range, cut to it (a `done` at its edge stays). */
        if (span.end_ns < from_ns || span.start_ns > to_ns ||
            (span.start_ns == to_ns && span.end_ns > span.start_ns))
            continue;
        span.start_ns = span.start_ns < from_ns ? from_ns : span.start_ns;
        span.end_ns = span.end_ns > to_ns ? to_ns : span.end_ns;
        if (span.end_ns == span.start_ns && span.state != CV_STATE_DONE)
            continue;
        fputs(prefix, out);
        write_field(out, info->name, sizeof info->name);
        fprintf(out, ",%s,%s,", cv_role_name(info->role), cv_state_name(span.state));
        write_us(out, span.start_ns);
        fputc(',', out);
        write_us(out, span.end_ns);
        fputc(',', out);
        if (span.item != CV_NO_ITEM)
            fprintf(out, "%" PRIu32, span.item);
        fputc('\n', out);
    }
}

/* "N,VARIANT," with the variant quoted as write_field would (cut to fit). */
static void run_prefix(char *out, size_t size, int run, const char *variant)
{
    size_t at = (size_t)snprintf(out, size, "%d,", run);
    size_t length = strlen(variant);
    bool quoted = needs_quotes(variant, length);
    if (quoted && at + 1 < size)
        out[at++] = '"';
    for (size_t i = 0; i < length && at + 4 < size; i++) {
        if (variant[i] == '"')
            out[at++] = '"';
        out[at++] = variant[i];
    }
    if (quoted)
        out[at++] = '"';
    out[at++] = ',';
    out[at] = '\0';
}

/* The last row of a run whose trace lost events: the run's span and, in
 * the item column, how many events were dropped. */
static void write_dropped(FILE *out, const cv_trace *t, const char *prefix)
{
    if (!t->dropped_events)
        return;
    fputs(prefix, out);
    fputs(",,dropped,", out);
    write_us(out, 0);
    fputc(',', out);
    write_us(out, t->end_ns);
    fprintf(out, ",%" PRIu64 "\n", t->dropped_events);
}

cv_status cv_csv_write(const char *path, const cv_trace *trace, cv_error *err)
{
    return cv_csv_write_range(path, trace, 0, 0, err);
}

cv_status cv_csv_write_range(const char *path, const cv_trace *trace, int64_t from_ns,
                             int64_t to_ns, cv_error *err)
{
    if (!path || !trace)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "cv_csv_write: path and trace are required");
    if (to_ns <= from_ns)
        to_ns = INT64_MAX;
    cv_output_file file;
    cv_status status = cv_output_open(&file, path, "table", err);
    if (status != CV_OK)
        return status;
    fputs("worker,role,state,start_us,end_us,item\n", file.stream);
    for (uint32_t lane = 0; lane < trace->lane_count; lane++)
        write_lane(file.stream, trace, lane, "", from_ns, to_ns);
    write_dropped(file.stream, trace, "");
    return cv_output_close(&file, err);
}

cv_status cv_csv_write_runs(const char *path, const cv_csv_run *runs, int count, cv_error *err)
{
    if (!path || !runs || count < 1)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "cv_csv_write_runs: path and runs are required");
    cv_output_file file;
    cv_status status = cv_output_open(&file, path, "table", err);
    if (status != CV_OK)
        return status;
    fputs("run,variant,worker,role,state,start_us,end_us,item\n", file.stream);
    for (int i = 0; i < count; i++) {
        /* The run and its variant (a quoted field), written in front of every row. */
        char prefix[1200];
        run_prefix(prefix, sizeof prefix, i + 1, runs[i].variant ? runs[i].variant : "");
        for (uint32_t lane = 0; lane < runs[i].trace->lane_count; lane++)
            write_lane(file.stream, runs[i].trace, lane, prefix, 0, INT64_MAX);
        write_dropped(file.stream, runs[i].trace, prefix);
    }
    return cv_output_close(&file, err);
}
