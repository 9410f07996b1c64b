/*
 * csv.c — one row per state span, streamed straight from the lanes' event
 * arrays through a large stdio buffer, so memory does not grow with the
 * trace. Times are µs with three decimals (exact for integer ns), the unit
 * the Chrome trace uses too, so the two exports can be compared line by line.
 * Fields follow RFC 4180: a lane name with a comma or a quote is quoted.
 *
 * When trace events were dropped, one last row says so in the same six
 * columns, so every CSV reader takes it: an empty worker and role, state
 * "dropped", the run's span, and in the item column how many events were
 * lost (which lanes lost them is not recorded). Filtering on state skips it.
 */
#include "export/csv.h"
#include "export/output_file.h"

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

/* The span of the state event at index: where it ends and its first item.
 * Returns the index of the next state event (or count). */
static size_t scan_span(const cv_trace *t, const cv_lane_events *lane, size_t index,
                        int64_t *end_ns, const cv_event **item)
{
    const cv_event *start = &lane->events[index];
    size_t i = index + 1;
    *item = NULL;
    for (; i < lane->count && !cv_event_is_state(&lane->events[i]); i++) {
        if (!*item && cv_event_is_handover(&lane->events[i]))
            *item = &lane->events[i];
    }
    if (i < lane->count)
        *end_ns = lane->events[i].time_ns;
    else if (cv_event_kind(start) == CV_STATE_DONE || t->end_ns < start->time_ns)
        *end_ns = start->time_ns;
    else
        *end_ns = t->end_ns;
    return i;
}

/* prefix: what goes in front of every row ("" for a single run). */
static void write_lane(FILE *out, const cv_trace *t, uint32_t lane, const char *prefix)
{
    const cv_lane_info *info = &t->lanes[lane];
    const cv_lane_events *events = &t->events[lane];
    size_t i = 0;
    while (i < events->count && !cv_event_is_state(&events->events[i]))
        i++;
    while (i < events->count && !cv_output_stop_requested()) {
        const cv_event *start = &events->events[i];
        const cv_event *item;
        int64_t end_ns;
        size_t next = scan_span(t, events, i, &end_ns, &item);
        fputs(prefix, out);
        write_field(out, info->name, sizeof info->name);
        fprintf(out, ",%s,%s,", cv_role_name(info->role),
                cv_state_name((cv_state)cv_event_kind(start)));
        write_us(out, start->time_ns);
        fputc(',', out);
        write_us(out, end_ns);
        fputc(',', out);
        if (item)
            fprintf(out, "%" PRIu32, item->item);
        fputc('\n', out);
        i = next;
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
    if (!path || !trace)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "cv_csv_write: path and trace are required");
    cv_output_file file;
    cv_status status = cv_output_open(&file, path, "table", err);
    if (status != CV_OK)
        return status;
    fputs("worker,role,state,start_us,end_us,item\n", file.stream);
    for (uint32_t lane = 0; lane < trace->lane_count; lane++)
        write_lane(file.stream, trace, lane, "");
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
            write_lane(file.stream, runs[i].trace, lane, prefix);
        write_dropped(file.stream, runs[i].trace, prefix);
    }
    return cv_output_close(&file, err);
}
