/*
 * schedule.c — reading schedule files (see conveyor/schedule.h). A line
 * language too small for a parser library: comments, `set`, `LANE
 * OPERATION`, a final `run`. The first problem is reported with its line,
 * before any run starts.
 */
#include "conveyor/schedule.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *trim(char *text)
{
    while (isspace((unsigned char)*text))
        text++;
    size_t length = strlen(text);
    while (length > 0 && isspace((unsigned char)text[length - 1]))
        text[--length] = '\0';
    return text;
}

/* Words separated by any run of blanks, joined by one space. */
static void squeeze(char *text)
{
    char *to = text;
    bool blank = false;
    for (char *from = text; *from; from++) {
        if (isspace((unsigned char)*from)) {
            blank = true;
            continue;
        }
        if (blank && to != text)
            *to++ = ' ';
        blank = false;
        *to++ = *from;
    }
    *to = '\0';
}

static cv_status grow(void **array, size_t count, size_t element, cv_error *err, const char *path)
{
    if (count == 0 || (count & (count - 1)) != 0)
        return CV_OK;
    void *grown = realloc(*array, count * 2 * element);
    if (!grown)
        return cv_fail(err, CV_ERR_NOMEM, path, 0, "out of memory reading the schedule");
    *array = grown;
    return CV_OK;
}

static cv_status add_set(cv_schedule *out, const char *text, uint32_t line, cv_error *err)
{
    if (out->count > 0)
        return cv_fail(err, CV_ERR_USAGE, out->path, (int)line,
                       "`set` after the first step: overrides come first");
    if (!strchr(text, '=') || text[0] == '=')
        return cv_fail(err, CV_ERR_USAGE, out->path, (int)line,
                       "`set` wants SECTION.KEY=VALUE, as --set does, not '%s'", text);
    if (out->set_count == 0 && !(out->sets = malloc(sizeof *out->sets)))
        return cv_fail(err, CV_ERR_NOMEM, out->path, 0, "out of memory reading the schedule");
    if (out->set_count == 0 && !(out->set_lines = malloc(sizeof *out->set_lines)))
        return cv_fail(err, CV_ERR_NOMEM, out->path, 0, "out of memory reading the schedule");
    cv_status status = grow((void **)&out->sets, out->set_count, sizeof *out->sets, err, out->path);
    if (status == CV_OK)
        status =
            grow((void **)&out->set_lines, out->set_count, sizeof *out->set_lines, err, out->path);
    if (status != CV_OK)
        return status;
    out->set_lines[out->set_count] = line;
    snprintf(out->sets[out->set_count++], CV_SCHEDULE_LINE_MAX, "%s", text);
    return CV_OK;
}

static cv_status unknown_step(const cv_schedule *out, const char *op, uint32_t line, cv_error *err)
{
    char choices[400] = "";
    size_t used = 0;
    for (int i = CV_STEP_NONE + 1; i < CV_STEP_COUNT && used < sizeof choices; i++) {
        int n = snprintf(choices + used, sizeof choices - used, "%s%s", i > 1 ? ", " : "",
                         cv_step_op_name((cv_step_op)i));
        used += n > 0 ? (size_t)n : 0;
    }
    return cv_fail(err, CV_ERR_USAGE, out->path, (int)line, "unknown step '%.60s' (one of: %s)", op,
                   choices);
}

static cv_status add_step(cv_schedule *out, char *text, uint32_t line, bool *after_run,
                          cv_error *err)
{
    if (*after_run)
        return cv_fail(err, CV_ERR_USAGE, out->path, (int)line,
                       "a step after `run` (everyone already runs freely)");
    cv_schedule_step step = {.line = line};
    if (strcmp(text, "run") == 0) {
        *after_run = true;
    } else {
        char *space = strchr(text, ' ');
        if (!space)
            return cv_fail(err, CV_ERR_USAGE, out->path, (int)line,
                           "'%.60s' is not a step: write LANE OPERATION, e.g. 'P0 claim'", text);
        *space = '\0';
        size_t lane_length = strlen(text);
        if (lane_length > 0 && text[lane_length - 1] == ':')
            text[--lane_length] = '\0';
        if (lane_length == 0 || lane_length >= sizeof step.lane)
            return cv_fail(err, CV_ERR_USAGE, out->path, (int)line,
                           "a lane name of 1 to %zu "
                           "characters comes first",
                           sizeof step.lane - 1);
        memcpy(step.lane, text, lane_length + 1);
        if (!cv_step_op_from_name(space + 1, &step.op))
            return unknown_step(out, space + 1, line, err);
    }
    if (out->count == 0 && !(out->steps = malloc(sizeof *out->steps)))
        return cv_fail(err, CV_ERR_NOMEM, out->path, 0, "out of memory reading the schedule");
    cv_status status = grow((void **)&out->steps, out->count, sizeof *out->steps, err, out->path);
    if (status != CV_OK)
        return status;
    out->steps[out->count++] = step;
    return CV_OK;
}

static cv_status parse_line(cv_schedule *out, char *text, uint32_t line, bool *after_run,
                            cv_error *err)
{
    text[strcspn(text, "#;")] = '\0';
    text = trim(text);
    squeeze(text);
    if (text[0] == '\0')
        return CV_OK;
    if (strncmp(text, "set ", 4) == 0)
        return add_set(out, text + 4, line, err);
    return add_step(out, text, line, after_run, err);
}

cv_status cv_schedule_parse(const char *text, size_t size, const char *path, cv_schedule *out,
                            cv_error *err)
{
    *out = (cv_schedule){0};
    snprintf(out->path, sizeof out->path, "%s", path);
    bool after_run = false;
    uint32_t line = 0;
    size_t at = 0;
    while (at < size) {
        line++;
        const char *end = memchr(text + at, '\n', size - at);
        size_t length = end ? (size_t)(end - (text + at)) : size - at;
        char buffer[CV_SCHEDULE_LINE_MAX];
        cv_status status = CV_OK;
        if (length >= sizeof buffer)
            status = cv_fail(err, CV_ERR_USAGE, path, (int)line, "line longer than %zu characters",
                             sizeof buffer - 1);
        else if (memchr(text + at, '\0', length))
            status = cv_fail(err, CV_ERR_USAGE, path, (int)line,
                             "a NUL byte: this is not a schedule file");
        if (status == CV_OK) {
            memcpy(buffer, text + at, length);
            buffer[length] = '\0';
            status = parse_line(out, buffer, line, &after_run, err);
        }
        if (status != CV_OK) {
            cv_schedule_free(out);
            return status;
        }
        at += length + 1;
    }
    return CV_OK;
}

cv_status cv_schedule_load_file(const char *path, cv_schedule *out, cv_error *err)
{
    *out = (cv_schedule){0};
    /* "-" is standard input, named in errors as grep and gcc name it. */
    bool from_stdin = strcmp(path, "-") == 0;
    if (from_stdin)
        path = CV_SCHEDULE_STDIN_NAME;
    FILE *file = from_stdin ? stdin : fopen(path, "rb");
    if (!file)
        return cv_fail(err, CV_ERR_SYSTEM, path, 0, "cannot read the schedule: %s",
                       strerror(errno));
    size_t capacity = 4096, size = 0;
    char *text = malloc(capacity);
    cv_status status = CV_OK;
    while (text) {
        size += fread(text + size, 1, capacity - size, file);
        if (size < capacity)
            break;
        char *grown = realloc(text, capacity * 2);
        if (!grown) {
            free(text);
            text = NULL;
            break;
        }
        text = grown;
        capacity *= 2;
    }
    if (!text)
        status = cv_fail(err, CV_ERR_NOMEM, path, 0, "out of memory reading the schedule");
    else if (ferror(file))
        status =
            cv_fail(err, CV_ERR_SYSTEM, path, 0, "cannot read the schedule: %s", strerror(errno));
    if (!from_stdin)
        fclose(file);
    if (status == CV_OK)
        status = cv_schedule_parse(text, size, path, out, err);
    free(text);
    return status;
}

void cv_schedule_free(cv_schedule *schedule)
{
    free(schedule->steps);
    free(schedule->sets);
    free(schedule->set_lines);
    schedule->steps = NULL;
    schedule->sets = NULL;
    schedule->set_lines = NULL;
    schedule->count = schedule->set_count = 0;
}

cv_status cv_schedule_resolve(const cv_schedule *schedule, const char *const *lane_names,
                              uint32_t lane_count, cv_step_record *out, cv_error *err)
{
    for (size_t i = 0; i < schedule->count; i++) {
        const cv_schedule_step *step = &schedule->steps[i];
        out[i] = (cv_step_record){CV_STEP_RUN_FREELY, step->op, step->line};
        if (step->lane[0] == '\0')
            continue;
        uint32_t lane = 0;
        while (lane < lane_count && strcmp(lane_names[lane], step->lane) != 0)
            lane++;
        if (lane < lane_count) {
            out[i].worker = lane;
            continue;
        }
        char names[256] = "";
        size_t used = 0;
        for (uint32_t k = 0; k < lane_count && used < sizeof names; k++) {
            int n =
                snprintf(names + used, sizeof names - used, "%s%s", k ? ", " : "", lane_names[k]);
            used += n > 0 ? (size_t)n : 0;
        }
        return cv_fail(err, CV_ERR_USAGE, schedule->path, (int)step->line,
                       "no lane '%s' (this run has %s)", step->lane, names);
    }
    return CV_OK;
}

bool cv_step_op_in_sync(cv_step_op op, cv_sync sync)
{
    bool semaphores = !cv_sync_uses_condvar(sync);
    switch (op) {
    case CV_STEP_WAIT_EMPTY:
    case CV_STEP_WAIT_FULL:
    case CV_STEP_POST_FULL:
    case CV_STEP_POST_EMPTY:
        return semaphores;
    case CV_STEP_LOCK:
    case CV_STEP_UNLOCK:
        return sync != CV_SYNC_NO_MUTEX;
    case CV_STEP_READ_IN:
    case CV_STEP_READ_OUT:
        return sync == CV_SYNC_NO_MUTEX;
    case CV_STEP_WAIT_NOT_FULL:
    case CV_STEP_SIGNAL_NOT_FULL:
        /* one-condvar's one condition is `not empty`, for both sides. */
        return !semaphores && sync != CV_SYNC_ONE_CONDVAR;
    case CV_STEP_WAIT_NOT_EMPTY:
    case CV_STEP_SIGNAL_NOT_EMPTY:
    case CV_STEP_RELOCK:
        return !semaphores;
    default:
        return true;
    }
}

/* Why op is never a step under sync, for the message. */
static const char *why_not_in_sync(cv_step_op op, cv_sync sync)
{
    switch (op) {
    case CV_STEP_WAIT_EMPTY:
    case CV_STEP_WAIT_FULL:
    case CV_STEP_POST_FULL:
    case CV_STEP_POST_EMPTY:
        return "it has no semaphores, only a mutex and condition variables";
    case CV_STEP_LOCK:
    case CV_STEP_UNLOCK:
        return "it leaves the lock out";
    case CV_STEP_READ_IN:
    case CV_STEP_READ_OUT:
        return "its index is read under the lock, by `put` and `get`";
    case CV_STEP_WAIT_NOT_FULL:
    case CV_STEP_SIGNAL_NOT_FULL:
        return sync == CV_SYNC_ONE_CONDVAR
                   ? "its one condition is `not empty`, for producers and consumers alike"
                   : "it has no condition variables";
    default:
        return "it has no condition variables";
    }
}

cv_status cv_schedule_check_sync(const cv_schedule *schedule, cv_sync sync, cv_error *err)
{
    for (size_t i = 0; i < schedule->count; i++) {
        const cv_schedule_step *step = &schedule->steps[i];
        if (step->lane[0] == '\0' || cv_step_op_in_sync(step->op, sync))
            continue;
        return cv_fail(err, CV_ERR_USAGE, schedule->path, (int)step->line,
                       "`%s` is never a step under sync = %s: %s", cv_step_op_name(step->op),
                       cv_sync_name(sync), why_not_in_sync(step->op, sync));
    }
    return CV_OK;
}
