/*
 * fuzz_support.c — a memfd for the input, a private folder for the copy
 * written back, and the checks on a reader's answer (see fuzz_support.h).
 */
#include "fuzz_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int cv_fuzz_memfd(const uint8_t *data, size_t size, char *path, size_t path_size)
{
    int fd = memfd_create("trace", 0);
    if (fd < 0)
        abort();
    if (size > 0 && write(fd, data, size) != (ssize_t)size)
        abort();
    snprintf(path, path_size, "/proc/self/fd/%d", fd);
    return fd;
}

static char folder[] = "/tmp/conveyor-fuzz-XXXXXX";
static char output[sizeof folder + 64];

static void remove_output(void)
{
    unlink(output);
    rmdir(folder);
}

const char *cv_fuzz_output_path(const char *name)
{
    if (!output[0]) {
        if (!mkdtemp(folder))
            abort();
        snprintf(output, sizeof output, "%s/%s", folder, name);
        atexit(remove_output);
    }
    return output;
}

void cv_fuzz_check_failure(cv_status status, const cv_error *err, const cv_trace *trace)
{
    if (status != CV_ERR_INPUT && status != CV_ERR_NOMEM)
        abort();
    if (!memchr(err->message, '\0', sizeof err->message) || err->message[0] == '\0')
        abort();
    if (trace->lanes || trace->events || trace->lane_count != 0)
        abort();
}

void cv_fuzz_check_same_trace(const cv_trace *a, const cv_trace *b)
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
