/*
 * fuzz_trace_read.c — libFuzzer harness for the Chrome trace reader.
 *
 * The input is the file's bytes, handed to cv_chrome_trace_read through a
 * memfd so the real path-based code runs. Beyond "no crash": a failure is
 * CV_ERR_INPUT with a non-empty message and leaves the trace empty, and a
 * trace that reads cleanly is written out and read back to the very same
 * trace (the writer and the reader agree on everything the reader accepts).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "export/chrome_trace_read.h"
#include "export/chrome_trace_write.h"
#include "fuzz_files.h"

static void check_failure(cv_status status, const cv_error *err, const cv_trace *trace)
{
    if (status != CV_ERR_INPUT && status != CV_ERR_NOMEM)
        abort();
    if (!memchr(err->message, '\0', sizeof err->message) || err->message[0] == '\0')
        abort();
    if (trace->lanes || trace->events || trace->lane_count != 0)
        abort();
}

static void check_same(const cv_trace *a, const cv_trace *b)
{
    if (a->lane_count != b->lane_count || a->event_count != b->event_count ||
        a->end_ns != b->end_ns || a->outcome != b->outcome || a->backend != b->backend ||
        a->dropped_events != b->dropped_events || strcmp(a->scenario, b->scenario) != 0 ||
        strcmp(a->description, b->description) != 0)
        abort();
    for (uint32_t lane = 0; lane < a->lane_count; lane++) {
        const cv_lane_info *x = &a->lanes[lane], *y = &b->lanes[lane];
        if (strcmp(x->name, y->name) != 0 || x->role != y->role || x->group != y->group ||
            x->os_id != y->os_id || a->events[lane].count != b->events[lane].count)
            abort();
        if (a->events[lane].count > 0 && memcmp(a->events[lane].events, b->events[lane].events,
                                                a->events[lane].count * sizeof(cv_event)) != 0)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    const char *again_path = cv_fuzz_output_path("again.json");
    int fd = cv_fuzz_memfd(data, size, path, sizeof path);
    cv_error err = {0};
    cv_trace trace;
    cv_status status = cv_chrome_trace_read(path, &trace, &err);
    close(fd);
    if (status != CV_OK) {
        check_failure(status, &err, &trace);
        return 0;
    }
    /* Written to a real file: the writer replaces its target by renaming a
     * complete temporary file over it (output_file.c), which a memfd's
     * /proc/self/fd link cannot take. */
    if (cv_chrome_trace_write(again_path, &trace, NULL, &err) != CV_OK)
        abort();
    cv_trace again;
    if (cv_chrome_trace_read(again_path, &again, &err) != CV_OK)
        abort();
    unlink(again_path);
    check_same(&trace, &again);
    cv_trace_free(&again);
    cv_trace_free(&trace);
    return 0;
}
