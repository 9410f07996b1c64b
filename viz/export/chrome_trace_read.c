/*
 * chrome_trace_read.c — a Chrome trace written by conveyor, back into a
 * cv_trace.
 *
 * jansson parses the file; this code then trusts nothing in it. The file is
 * input from anywhere (a student's edit, another tool's trace, a truncated
 * download), so every field used is checked for presence, type and range,
 * and the first problem found is reported with the event's index. Only what
 * the writer stores losslessly is read: lanes from the thread_name metadata,
 * state changes from the complete ("X") events' starts, puts and gets from
 * the instants. Counter samples, flow arrows and span durations are derived
 * from those and ignored here.
 */
#include "export/chrome_trace_read.h"

#include "export/chrome_trace.h"

#include "conveyor/scenario.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

/* Longer than any run can last (runs are capped at an hour), far below
 * where µs → ns would overflow int64. */
#define MAX_TIME_US 1e12

/* jansson holds the whole document as objects: measured at about 13 bytes
 * of memory per byte of our JSON (bench/export_bench). */
#define MEMORY_PER_FILE_BYTE 13

typedef struct lane_key {
    json_int_t pid;
    json_int_t tid;
    uint32_t lane;
} lane_key;

typedef struct reader {
    const char *path;
    cv_error *err;
    cv_trace *trace;
    lane_key *keys; /* sorted by (pid, tid) once every lane is known */
    bool *defined;  /* lane_count entries */
    uint64_t expected_events;
    int64_t end_ns;
} reader;

static cv_status input_error(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static cv_status input_error(reader *r, const char *fmt, ...)
{
    char message[CV_ERROR_MESSAGE_MAX];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    return cv_fail(r->err, CV_ERR_INPUT, r->path, 0, "%s", message);
}

/* ---- typed field access: each returns false when absent or mistyped ---- */

static bool get_integer(const json_t *object, const char *key, json_int_t min, json_int_t max,
                        json_int_t *out)
{
    const json_t *value = json_object_get(object, key);
    if (!json_is_integer(value))
        return false;
    json_int_t v = json_integer_value(value);
    if (v < min || v > max)
        return false;
    *out = v;
    return true;
}

static const char *get_string(const json_t *object, const char *key)
{
    return json_string_value(json_object_get(object, key));
}

/* Copy a string into a fixed buffer, cutting at a character boundary. */
static void copy_truncated(char *dest, size_t size, const char *text)
{
    size_t length = strlen(text);
    if (length >= size) {
        length = size - 1;
        while (length > 0 && ((unsigned char)text[length] & 0xc0) == 0x80)
            length--;
    }
    memcpy(dest, text, length);
    dest[length] = '\0';
}

/* A time in µs (integer or real) as ns; false unless finite, >= 0, in range. */
static bool get_time_ns(const json_t *object, const char *key, int64_t *out)
{
    const json_t *value = json_object_get(object, key);
    if (!json_is_number(value))
        return false;
    double us = json_number_value(value);
    if (!isfinite(us) || us < 0 || us > MAX_TIME_US)
        return false;
    *out = llround(us * 1000.0);
    return true;
}

/* ---- the file as a whole ---- */

/* Refuse a file whose document would not fit in half of this machine's
 * memory: a clear message instead of the out-of-memory killer. */
static cv_status check_size(reader *r)
{
    struct stat st;
    long pages = sysconf(_SC_PHYS_PAGES), page_bytes = sysconf(_SC_PAGESIZE);
    if (stat(r->path, &st) != 0)
        return input_error(r, "cannot open the trace: %s", strerror(errno));
    if (pages <= 0 || page_bytes <= 0)
        return CV_OK;
    double needed = (double)st.st_size * MEMORY_PER_FILE_BYTE;
    double memory = (double)pages * (double)page_bytes;
    if (needed <= memory / 2)
        return CV_OK;
    return input_error(r,
                       "too large to open: %.0f MB of JSON needs about %.1f GB of memory to "
                       "read, more than half of this machine's %.1f GB (Perfetto UI can open "
                       "it)",
                       (double)st.st_size / 1e6, needed / 1e9, memory / 1e9);
}

static cv_status load_json(reader *r, json_t **root)
{
    json_error_t jerr;
    *root = json_load_file(r->path, 0, &jerr);
    if (*root)
        return CV_OK;
    if (json_error_code(&jerr) == json_error_cannot_open_file)
        return cv_fail(r->err, CV_ERR_INPUT, r->path, 0, "cannot read the trace: %s", jerr.text);
    if (jerr.column <= 0)
        return cv_fail(r->err, CV_ERR_INPUT, r->path, jerr.line > 0 ? jerr.line : 0,
                       "not a valid JSON trace: %s", jerr.text);
    return cv_fail(r->err, CV_ERR_INPUT, r->path, jerr.line > 0 ? jerr.line : 0,
                   "not a valid JSON trace: %s (column %d)", jerr.text, jerr.column);
}

static cv_status find_parts(reader *r, const json_t *root, const json_t **events,
                            const json_t **meta)
{
    if (json_is_array(root))
        return input_error(r, "a Chrome trace in the array form, not one written by conveyor "
                              "(no conveyor metadata)");
    *events = json_object_get(root, "traceEvents");
    if (!json_is_object(root) || !json_is_array(*events))
        return input_error(r, "not a Chrome trace: no \"traceEvents\" array");
    *meta = json_object_get(root, "otherData");
    json_int_t version, runs;
    if (json_is_object(*meta) && get_integer(*meta, "comparison_runs", 1, INT32_MAX, &runs))
        return input_error(r,
                           "a comparison of %lld runs (written by 'conveyor compare' for "
                           "Perfetto); view and render read one run per trace: save each with "
                           "'conveyor run --trace' and give them all ('render A.json B.json')",
                           (long long)runs);
    if (!json_is_object(*meta) ||
        !get_integer(*meta, CV_CHROME_TRACE_VERSION_KEY, 1, INT32_MAX, &version))
        return input_error(r,
                           "a Chrome trace, but not one written by conveyor (no \"%s\" in "
                           "\"otherData\")",
                           CV_CHROME_TRACE_VERSION_KEY);
    if (version > CV_CHROME_TRACE_VERSION)
        return input_error(r,
                           "written by a newer conveyor (trace format %lld; this one reads "
                           "format %d)",
                           (long long)version, CV_CHROME_TRACE_VERSION);
    return CV_OK;
}

static cv_status read_counts(reader *r, const json_t *meta, json_int_t *lane_count)
{
    json_int_t events, dropped, end_ns;
    if (!get_integer(meta, "lane_count", 0, CV_MAX_WORKERS_THREADS, lane_count))
        return input_error(r, "\"otherData\".\"lane_count\" must be an integer from 0 to %d",
                           CV_MAX_WORKERS_THREADS);
    if (!get_integer(meta, "event_count", 0, INT64_MAX, &events))
        return input_error(r, "\"otherData\".\"event_count\" must be a non-negative integer");
    if (!get_integer(meta, "dropped_events", 0, INT64_MAX, &dropped))
        return input_error(r, "\"otherData\".\"dropped_events\" must be a non-negative integer");
    if (!get_integer(meta, "end_ns", 0, (json_int_t)(MAX_TIME_US * 1000), &end_ns))
        return input_error(r, "\"otherData\".\"end_ns\" must be a time in ns from 0 to %.0f",
                           MAX_TIME_US * 1000);
    r->expected_events = (uint64_t)events;
    r->end_ns = end_ns;
    r->trace->dropped_events = (uint64_t)dropped;
    return CV_OK;
}

static cv_status read_run_metadata(reader *r, const json_t *meta)
{
    cv_trace *t = r->trace;
    const char *scenario = get_string(meta, "scenario");
    const char *description = get_string(meta, "description");
    const char *backend = get_string(meta, "backend");
    const char *outcome = get_string(meta, "outcome");
    json_int_t slots, parent_pid;
    if (!scenario || !description)
        return input_error(r, "\"otherData\" needs \"scenario\" and \"description\" strings");
    copy_truncated(t->scenario, sizeof t->scenario, scenario);
    copy_truncated(t->description, sizeof t->description, description);
    if (!backend || (strcmp(backend, "threads") != 0 && strcmp(backend, "processes") != 0))
        return input_error(r, "\"otherData\".\"backend\" must be \"threads\" or \"processes\"");
    t->backend = strcmp(backend, "processes") == 0 ? CV_BACKEND_PROCESSES : CV_BACKEND_THREADS;
    if (!outcome || !cv_outcome_from_name(outcome, &t->outcome))
        return input_error(r, "\"otherData\".\"outcome\" is not a known outcome");
    if (!get_integer(meta, "buffer_slots", 0, CV_MAX_BUFFER_SLOTS, &slots))
        return input_error(r, "\"otherData\".\"buffer_slots\" must be an integer from 0 to %u",
                           CV_MAX_BUFFER_SLOTS);
    if (!get_integer(meta, "parent_pid", 0, INT64_MAX, &parent_pid))
        return input_error(r, "\"otherData\".\"parent_pid\" must be a non-negative integer");
    t->buffer_slots = (uint32_t)slots;
    t->parent_pid = parent_pid;
    return CV_OK;
}

/* ---- lanes, from the thread_name metadata events ---- */

static cv_status event_error(reader *r, size_t index, const char *what)
{
    return input_error(r, "trace event #%zu: %s", index, what);
}

static bool is_lane_metadata(const json_t *event, const char *ph)
{
    const char *name = get_string(event, "name");
    return strcmp(ph, "M") == 0 && name && strcmp(name, "thread_name") == 0 &&
           json_object_get(json_object_get(event, "args"), "lane");
}

static cv_status read_lane(reader *r, size_t index, const json_t *event)
{
    const json_t *args = json_object_get(event, "args");
    json_int_t lane, group, os_id;
    lane_key key;
    if (!get_integer(args, "lane", 0, (json_int_t)r->trace->lane_count - 1, &lane))
        return event_error(r, index, "\"lane\" must be an integer below \"lane_count\"");
    if (r->defined[lane])
        return event_error(r, index, "a lane is named twice");
    if (!get_integer(event, "pid", INT64_MIN, INT64_MAX, &key.pid) ||
        !get_integer(event, "tid", INT64_MIN, INT64_MAX, &key.tid))
        return event_error(r, index, "\"pid\" and \"tid\" must be integers");
    cv_lane_info *info = &r->trace->lanes[lane];
    const char *name = get_string(args, "name");
    if (!name || name[0] == '\0' || strlen(name) >= sizeof info->name)
        return event_error(r, index, "a lane's \"name\" must be a string of 1 to 63 bytes");
    const char *role = get_string(args, "role");
    if (!role || (strcmp(role, "producer") != 0 && strcmp(role, "consumer") != 0))
        return event_error(r, index, "a lane's \"role\" must be \"producer\" or \"consumer\"");
    if (!get_integer(args, "group", 0, CV_MAX_GROUPS - 1, &group))
        return event_error(r, index, "a lane's \"group\" must be an integer from 0 to 31");
    if (!get_integer(args, "os_id", INT64_MIN, INT64_MAX, &os_id))
        return event_error(r, index, "a lane's \"os_id\" must be an integer");
    snprintf(info->name, sizeof info->name, "%s", name);
    info->role = strcmp(role, "consumer") == 0 ? CV_ROLE_CONSUMER : CV_ROLE_PRODUCER;
    info->group = (uint32_t)group;
    info->os_id = os_id;
    key.lane = (uint32_t)lane;
    r->keys[lane] = key;
    r->defined[lane] = true;
    return CV_OK;
}

static int compare_keys(const void *a, const void *b)
{
    const lane_key *x = a, *y = b;
    if (x->pid != y->pid)
        return (x->pid > y->pid) - (x->pid < y->pid);
    return (x->tid > y->tid) - (x->tid < y->tid);
}

static cv_status read_lanes(reader *r, const json_t *events)
{
    size_t index;
    const json_t *event;
    json_array_foreach(events, index, event)
    {
        const char *ph = get_string(event, "ph");
        if (!json_is_object(event) || !ph)
            return event_error(r, index, "not an object with a \"ph\" string");
        if (!is_lane_metadata(event, ph))
            continue;
        cv_status status = read_lane(r, index, event);
        if (status != CV_OK)
            return status;
    }
    for (uint32_t lane = 0; lane < r->trace->lane_count; lane++) {
        if (!r->defined[lane])
            return input_error(r, "lane %u of %u has no \"thread_name\" event", lane,
                               r->trace->lane_count);
    }
    qsort(r->keys, r->trace->lane_count, sizeof *r->keys, compare_keys);
    for (uint32_t i = 1; i < r->trace->lane_count; i++) {
        if (compare_keys(&r->keys[i - 1], &r->keys[i]) == 0)
            return input_error(r, "two lanes share pid %lld tid %lld", (long long)r->keys[i].pid,
                               (long long)r->keys[i].tid);
    }
    return CV_OK;
}

/* ---- events ---- */

static cv_status find_lane(reader *r, size_t index, const json_t *event, uint32_t *lane)
{
    lane_key key;
    if (!get_integer(event, "pid", INT64_MIN, INT64_MAX, &key.pid) ||
        !get_integer(event, "tid", INT64_MIN, INT64_MAX, &key.tid))
        return event_error(r, index, "\"pid\" and \"tid\" must be integers");
    const lane_key *found =
        bsearch(&key, r->keys, r->trace->lane_count, sizeof *r->keys, compare_keys);
    if (!found)
        return event_error(r, index, "an event on a thread that is not a conveyor lane");
    *lane = found->lane;
    return CV_OK;
}

static cv_status append_event(reader *r, size_t index, uint32_t lane, cv_event event)
{
    const cv_lane_events *events = &r->trace->events[lane];
    if (events->count > 0 && event.time_ns < events->events[events->count - 1].time_ns)
        return event_error(r, index, "goes back in time on its lane");
    return cv_trace_append(r->trace, lane, &event, 1, r->err);
}

/* An item and fill on a state event are optional (the writer stores them
 * only when set), but checked like any other when present. */
static bool get_optional_item(const json_t *event, json_int_t *item, json_int_t *fill)
{
    const json_t *args = json_object_get(event, "args");
    *item = 0;
    *fill = 0;
    if (!args)
        return true;
    if (json_object_get(args, "item") && !get_integer(args, "item", 0, UINT32_MAX, item))
        return false;
    if (json_object_get(args, "fill") && !get_integer(args, "fill", 0, CV_EVENT_FILL_MAX, fill))
        return false;
    return true;
}

static cv_status read_span(reader *r, size_t index, const json_t *event)
{
    const char *name = get_string(event, "name");
    cv_state state;
    int64_t ts, dur;
    json_int_t item, fill;
    uint32_t lane;
    if (!name || !cv_state_from_name(name, &state))
        return event_error(r, index, "a complete event whose name is not a worker state");
    if (!get_time_ns(event, "ts", &ts) || !get_time_ns(event, "dur", &dur))
        return event_error(r, index, "\"ts\" and \"dur\" must be numbers of µs from 0 to 1e12");
    if (!get_optional_item(event, &item, &fill))
        return event_error(r, index, "\"args\" \"item\" and \"fill\" must be integers in range");
    cv_status status = find_lane(r, index, event, &lane);
    if (status != CV_OK)
        return status;
    return append_event(r, index, lane, cv_event_make(ts, state, (uint32_t)item, (uint32_t)fill));
}

static cv_status read_item(reader *r, size_t index, const json_t *event)
{
    const char *name = get_string(event, "name");
    const json_t *args = json_object_get(event, "args");
    json_int_t item, fill;
    int64_t ts;
    uint32_t lane;
    if (!name || (strcmp(name, "put") != 0 && strcmp(name, "get") != 0))
        return event_error(r, index, "a buffer instant must be named \"put\" or \"get\"");
    if (!get_time_ns(event, "ts", &ts))
        return event_error(r, index, "\"ts\" must be a number of µs from 0 to 1e12");
    if (!get_integer(args, "item", 0, UINT32_MAX, &item) ||
        !get_integer(args, "fill", 0, CV_EVENT_FILL_MAX, &fill))
        return event_error(r, index,
                           "\"args\" needs \"item\" (0 to 2^32-1) and \"fill\" "
                           "(0 to 2^24-1) integers");
    cv_status status = find_lane(r, index, event, &lane);
    if (status != CV_OK)
        return status;
    uint32_t kind = strcmp(name, "put") == 0 ? CV_EVENT_PUT : CV_EVENT_GET;
    return append_event(r, index, lane, cv_event_make(ts, kind, (uint32_t)item, (uint32_t)fill));
}

static bool is_item_instant(const json_t *event, const char *ph)
{
    const char *category = get_string(event, "cat");
    return strcmp(ph, "i") == 0 && category && strcmp(category, CV_CHROME_TRACE_ITEM_CATEGORY) == 0;
}

static cv_status read_events(reader *r, const json_t *events)
{
    size_t index;
    const json_t *event;
    json_array_foreach(events, index, event)
    {
        const char *ph = get_string(event, "ph");
        cv_status status = CV_OK;
        if (strcmp(ph, "X") == 0)
            status = read_span(r, index, event);
        else if (is_item_instant(event, ph))
            status = read_item(r, index, event);
        if (status != CV_OK)
            return status;
    }
    if (r->trace->event_count != r->expected_events)
        return input_error(r, "holds %llu events but its metadata says %llu (cut short?)",
                           (unsigned long long)r->trace->event_count,
                           (unsigned long long)r->expected_events);
    if (r->end_ns > r->trace->end_ns)
        r->trace->end_ns = r->end_ns;
    r->trace->finished = true;
    return CV_OK;
}

static cv_status read_document(reader *r, const json_t *root)
{
    const json_t *events = NULL, *meta = NULL;
    json_int_t lane_count = 0;
    cv_status status = find_parts(r, root, &events, &meta);
    if (status == CV_OK)
        status = read_counts(r, meta, &lane_count);
    if (status != CV_OK)
        return status;
    uint64_t dropped = r->trace->dropped_events;
    status = cv_trace_init(r->trace, (uint32_t)lane_count, r->err);
    if (status != CV_OK)
        return status;
    r->trace->dropped_events = dropped;
    r->keys = calloc(lane_count ? (size_t)lane_count : 1, sizeof *r->keys);
    r->defined = calloc(lane_count ? (size_t)lane_count : 1, sizeof *r->defined);
    if (!r->keys || !r->defined)
        return cv_fail(r->err, CV_ERR_NOMEM, "", 0, "out of memory reading %s", r->path);
    status = read_run_metadata(r, meta);
    if (status == CV_OK)
        status = read_lanes(r, events);
    if (status == CV_OK)
        status = read_events(r, events);
    return status;
}

cv_status cv_chrome_trace_read(const char *path, cv_trace *out, cv_error *err)
{
    memset(out, 0, sizeof *out);
    if (!path)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "cv_chrome_trace_read: no path");
    reader r = {.path = path, .err = err, .trace = out};
    json_t *root = NULL;
    cv_status status = check_size(&r);
    if (status == CV_OK)
        status = load_json(&r, &root);
    if (status == CV_OK)
        status = read_document(&r, root);
    json_decref(root);
    free(r.keys);
    free(r.defined);
    if (status != CV_OK)
        cv_trace_free(out);
    return status;
}
