/*
 * chrome_trace_read.c — a Chrome trace written by conveyor, back into a
 * cv_trace, streamed.
 *
 * yajl parses the file a block at a time and calls back for every key and
 * value; nothing but the events kept and one event's fields is ever held, so
 * memory follows the events, not the document (which is about 300 bytes an
 * event), and a pipe or standard input reads like a file. This code trusts
 * nothing in the file: it may be a student's edit, another tool's trace or a
 * cut-short download, so every field used is checked for presence, type and
 * range, and the first problem found is reported with the event's index.
 *
 * The checks are those of the reader before it (which held the document
 * whole with jansson), and a trace reads into the very same cv_trace
 * (tests/data/lesson-traces). Because the metadata ("otherData") may come
 * after the events, and a lane's "thread_name" after its events, events are
 * staged per (pid, tid) as they come and given to their lanes at the end;
 * the lane arrays are moved, not copied. Only what the writer stores
 * losslessly is read: lanes from the thread_name metadata, state changes
 * from the span starts ("B", or "X" in older files; a span lasts until the
 * lane's next one, so "E" and "dur" are not needed), puts and gets from the
 * instants.
 * Counter samples, flow arrows and span durations are derived from those and
 * ignored here.
 */
#include "export/chrome_trace_read.h"

#include "export/chrome_trace.h"

#include "conveyor/scenario.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "conveyor/tracefile.h"

/* Longer than any run can last (runs are capped at an hour), far below
 * where µs → ns would overflow int64. */
#define MAX_TIME_US 1e12

#define READ_BLOCK_BYTES (256u << 10)

/* Far deeper than a trace nests (4 levels); yajl keeps a byte per level. */
#define MAX_DEPTH 64

/* A token yajl has not finished is kept whole in its buffer; no token of a
 * conveyor trace is longer than a few hundred bytes. */
#define MAX_BYTES_WITHOUT_TOKEN (64u << 20)

/* Strings kept per field: lane names are at most 63 bytes, and a longer
 * string only needs to be known as too long. */
#define TEXT_MAX 80

/* Distinct (pid, tid) pairs events may name: one per lane at most. */
#define MAX_THREADS CV_MAX_WORKERS_THREADS
#define THREAD_BUCKETS (4 * MAX_THREADS)

typedef enum value_type { V_NONE = 0, V_INT, V_REAL, V_STRING, V_BOOL, V_OTHER } value_type;

typedef struct value {
    value_type type;
    long long integer;
    double number;
    size_t length; /* the whole string's length; text holds at most TEXT_MAX - 1 bytes */
    char text[TEXT_MAX];
} value;

/* The fields of one trace event that the reader looks at. */
typedef enum event_key {
    EK_PH,
    EK_NAME,
    EK_CAT,
    EK_PID,
    EK_TID,
    EK_TS,
    EK_DUR,
    EK_ARGS,
    EK_COUNT
} event_key;

typedef enum args_key {
    AK_ITEM,
    AK_FILL,
    AK_LANE,
    AK_NAME,
    AK_ROLE,
    AK_GROUP,
    AK_OS_ID,
    AK_OS_ID_KIND,
    AK_DIED, /* a lane's worker died (optional: with a result, since 2026-12) */
    AK_EXIT_SIGNAL,
    AK_EXIT_CODE,
    AK_COUNT
} args_key;

typedef enum meta_key {
    MK_VERSION,
    MK_SCENARIO,
    MK_DESCRIPTION,
    MK_BACKEND,
    MK_OUTCOME,
    MK_BUFFER_SLOTS,
    MK_PARENT_PID,
    MK_LANE_COUNT,
    MK_EVENT_COUNT,
    MK_DROPPED,
    MK_END_NS,
    MK_MACHINE,
    MK_ELAPSED_S, /* from here on: the run's result, when the writer had one */
    MK_ITEMS_PRODUCED,
    MK_ITEMS_CONSUMED,
    MK_LEDGER_OK,
    MK_EXPLANATION,
    MK_LOCK_HOLDER,
    MK_LOST_COUNT,
    MK_DUPLICATED_COUNT,
    MK_LEFTOVER_ITEMS,
    MK_COMPARISON_RUNS, /* a comparison's trace (conveyor compare): not one run */
    MK_SYNC,
    MK_GIL,
    MK_COUNT
} meta_key;

/* The "machine" object in otherData (cv_machine; optional: older traces). */
typedef enum machine_key {
    MACH_CORES,
    MACH_CORES_AVAILABLE,
    MACH_READY_MEASURED,
    MACH_BUSY,
    MACH_LOAD_AVERAGE,
    MACH_NOTE,
    MACH_COUNT
} machine_key;

static const char *const machine_keys[MACH_COUNT] = {"cores", "cores_available", "ready_measured",
                                                     "busy",  "load_average",    "note"};

static const char *const event_keys[EK_COUNT] = {"ph",  "name", "cat", "pid",
                                                 "tid", "ts",   "dur", "args"};
static const char *const args_keys[AK_COUNT] = {"item", "fill",        "lane",     "name",
                                                "role", "group",       "os_id",    "os_id_kind",
                                                "died", "exit_signal", "exit_code"};
static const char *const meta_keys[MK_COUNT] = {CV_CHROME_TRACE_VERSION_KEY,
                                                "scenario",
                                                "description",
                                                "backend",
                                                "outcome",
                                                "buffer_slots",
                                                "parent_pid",
                                                "lane_count",
                                                "event_count",
                                                "dropped_events",
                                                "end_ns",
                                                "machine",
                                                "elapsed_s",
                                                "items_produced",
                                                "items_consumed",
                                                "ledger_ok",
                                                "explanation",
                                                "lock_holder",
                                                "lost_count",
                                                "duplicated_count",
                                                "leftover_items",
                                                "comparison_runs",
                                                "sync",
                                                "gil"};

/* Where the parser is: what the innermost open container means. */
typedef enum context {
    C_ROOT,    /* before the document's value */
    C_TOP,     /* the document's object */
    C_EVENTS,  /* the traceEvents array */
    C_EVENT,   /* one event object */
    C_ARGS,    /* an event's args object */
    C_META,    /* the otherData object */
    C_MACHINE, /* otherData's machine object */
    C_SKIP     /* anything else: skipped, containers and all */
} context;

typedef struct frame {
    context context;
    int key; /* the key whose value comes next (an *_key, or -1 for one not read) */
} frame;

/* A thread_name event, kept until the metadata says how many lanes there are. */
typedef struct lane_definition {
    size_t index; /* the event's position, for messages */
    value fields[AK_COUNT];
    value pid, tid;
} lane_definition;

/* Events seen on one (pid, tid), kept in slot `slot` of the staging trace. */
typedef struct thread_slot {
    long long pid;
    long long tid;
    uint32_t slot;
    bool used;
    bool in_state;  /* a span has begun on this thread */
    cv_state state; /* the state of the latest one */
} thread_slot;

typedef struct reader {
    const char *path;
    cv_error *err;
    cv_status status; /* the first error, once a callback has stopped the parse */
    frame stack[MAX_DEPTH];
    int depth;
    bool saw_token;

    bool saw_root_object, saw_events, saw_meta, meta_not_object;
    size_t event_index; /* elements of traceEvents so far */
    value event[EK_COUNT];
    value args[AK_COUNT];
    bool args_is_object;
    value meta[MK_COUNT];
    value machine[MACH_COUNT];
    char machine_note[CV_MACHINE_NOTE_MAX];
    char explanation[sizeof(((cv_run_result *)0)->explanation)];
    char scenario[CV_NAME_MAX];
    char description[CV_DESCRIPTION_MAX];

    /* Problems with single events are reported only once the metadata is
     * known good, as the reader before did: a foreign Chrome trace should
     * say it is foreign, not that its first event is odd. The first of each
     * kind is kept, and nothing more is staged after it. */
    char event_problem[CV_ERROR_MESSAGE_MAX];   /* an event that is not an object with "ph" */
    char staging_problem[CV_ERROR_MESSAGE_MAX]; /* a span or put/get that cannot be read */
    bool has_event_problem, has_staging_problem;

    lane_definition *lanes; /* thread_name events, in file order */
    size_t lane_definitions;
    size_t lane_capacity;

    cv_trace staging; /* MAX_THREADS lanes: one per (pid, tid) seen */
    thread_slot buckets[THREAD_BUCKETS];
    size_t first_event[MAX_THREADS]; /* each slot's first event index, for messages */
    uint32_t slots_used;
    uint64_t most_events; /* what cv_trace_memory_limit_bytes allows */
} reader;

static cv_status input_error_at(reader *r, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static cv_status input_error_at(reader *r, int line, const char *fmt, ...)
{
    char message[CV_ERROR_MESSAGE_MAX];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    r->status = cv_fail(r->err, CV_ERR_INPUT, r->path, line, "%s", message);
    return r->status;
}

#define input_error(r, ...) input_error_at((r), 0, __VA_ARGS__)

static cv_status event_error(reader *r, size_t index, const char *what)
{
    return input_error(r, "trace event #%zu: %s", index, what);
}

/* Keep the first problem of a kind for later; the parse goes on. */
static cv_status defer(bool *has, char *message, size_t index, const char *what)
{
    if (!*has)
        snprintf(message, CV_ERROR_MESSAGE_MAX, "trace event #%zu: %s", index, what);
    *has = true;
    return CV_OK;
}

static cv_status bad_event(reader *r, size_t index, const char *what)
{
    return defer(&r->has_event_problem, r->event_problem, index, what);
}

static cv_status bad_staged_event(reader *r, size_t index, const char *what)
{
    return defer(&r->has_staging_problem, r->staging_problem, index, what);
}

/* ---- typed field access: each returns false when absent or mistyped ---- */

static bool get_integer(const value *v, long long min, long long max, long long *out)
{
    if (v->type != V_INT || v->integer < min || v->integer > max)
        return false;
    *out = v->integer;
    return true;
}

/* The string, or NULL when the value is not one. Longer strings come back
 * cut at TEXT_MAX - 1 bytes: callers compare them with short words or check
 * their length, which v->length keeps. */
static const char *get_string(const value *v)
{
    return v->type == V_STRING ? v->text : NULL;
}

static bool string_is(const value *v, const char *word)
{
    return v->type == V_STRING && v->length == strlen(word) && strcmp(v->text, word) == 0;
}

/* Copy a string into a fixed buffer, cutting at a character boundary. */
static void copy_truncated(char *dest, size_t size, const char *text, size_t length)
{
    if (length >= size) {
        length = size - 1;
        while (length > 0 && ((unsigned char)text[length] & 0xc0) == 0x80)
            length--;
    }
    memcpy(dest, text, length);
    dest[length] = '\0';
}

/* A time in µs (integer or real) as ns; false unless finite, >= 0, in range. */
static bool get_time_ns(const value *v, int64_t *out)
{
    if (v->type != V_INT && v->type != V_REAL)
        return false;
    double us = v->type == V_INT ? (double)v->integer : v->number;
    if (!isfinite(us) || us < 0 || us > MAX_TIME_US)
        return false;
    *out = llround(us * 1000.0);
    return true;
}

/* ---- staging: events by (pid, tid) ---- */

static size_t bucket_of(long long pid, long long tid)
{
    uint64_t h = (uint64_t)pid * 0x9e3779b97f4a7c15ull ^ (uint64_t)tid * 0xc2b2ae3d27d4eb4full;
    return (size_t)(h >> 32) % THREAD_BUCKETS;
}

static thread_slot *find_thread(reader *r, long long pid, long long tid, bool add)
{
    size_t b = bucket_of(pid, tid);
    for (size_t probe = 0; probe < THREAD_BUCKETS; probe++, b = (b + 1) % THREAD_BUCKETS) {
        thread_slot *s = &r->buckets[b];
        if (s->used && s->pid == pid && s->tid == tid)
            return s;
        if (!s->used) {
            if (!add || r->slots_used == MAX_THREADS)
                return NULL;
            *s = (thread_slot){pid, tid, r->slots_used++, true, false, CV_STATE_SPAWN};
            return s;
        }
    }
    return NULL;
}

static cv_status stage_event(reader *r, size_t index, cv_event event)
{
    long long pid, tid;
    if (!get_integer(&r->event[EK_PID], LLONG_MIN, LLONG_MAX, &pid) ||
        !get_integer(&r->event[EK_TID], LLONG_MIN, LLONG_MAX, &tid))
        return bad_staged_event(r, index, "\"pid\" and \"tid\" must be integers");
    thread_slot *thread = find_thread(r, pid, tid, true);
    if (!thread)
        return bad_staged_event(r, index, "an event on a thread that is not a conveyor lane");
    if (r->staging.events[thread->slot].count == 0)
        r->first_event[thread->slot] = index;
    const cv_lane_events *events = &r->staging.events[thread->slot];
    if (events->count > 0 && event.time_ns < events->events[events->count - 1].time_ns)
        return bad_staged_event(r, index, "goes back in time on its lane");
    if (cv_event_is_state(&event)) {
        /* A span that goes on in the same state only starts another item:
         * the put or get beside it says so, and the lane has no state
         * change there. */
        cv_state state = (cv_state)cv_event_kind(&event);
        if (thread->in_state && thread->state == state)
            return CV_OK;
        thread->in_state = true;
        thread->state = state;
    }
    if (r->staging.event_count >= r->most_events) {
        char limit[160];
        cv_trace_memory_limit_describe(limit, sizeof limit);
        return input_error(r,
                           "too large to open: more than %llu events, which need more memory "
                           "than %s",
                           (unsigned long long)r->most_events, limit);
    }
    cv_status status = cv_trace_append(&r->staging, thread->slot, &event, 1, r->err);
    if (status != CV_OK)
        r->status = status;
    return status;
}

/* ---- one event, once its object has closed ---- */

static bool is_lane_metadata(const reader *r)
{
    return string_is(&r->event[EK_PH], "M") && string_is(&r->event[EK_NAME], "thread_name") &&
           r->args_is_object && r->args[AK_LANE].type != V_NONE;
}

static cv_status keep_lane_definition(reader *r, size_t index)
{
    if (r->lane_definitions == MAX_THREADS)
        return event_error(r, index, "more lanes than a run can have (1024)");
    if (r->lane_definitions == r->lane_capacity) {
        size_t capacity = r->lane_capacity ? 2 * r->lane_capacity : 8;
        lane_definition *lanes = realloc(r->lanes, capacity * sizeof *lanes);
        if (!lanes) {
            r->status = cv_fail(r->err, CV_ERR_NOMEM, "", 0, "out of memory reading %s", r->path);
            return r->status;
        }
        r->lanes = lanes;
        r->lane_capacity = capacity;
    }
    lane_definition *d = &r->lanes[r->lane_definitions++];
    d->index = index;
    memcpy(d->fields, r->args, sizeof d->fields);
    d->pid = r->event[EK_PID];
    d->tid = r->event[EK_TID];
    return CV_OK;
}

/* An item and fill on a span are optional (the writer stores the item the
 * span is about), but checked like any other when present. */
static bool get_optional_item(const reader *r, long long *item, long long *fill)
{
    *item = 0;
    *fill = 0;
    if (!r->args_is_object)
        return true;
    if (r->args[AK_ITEM].type != V_NONE && !get_integer(&r->args[AK_ITEM], 0, UINT32_MAX, item))
        return false;
    if (r->args[AK_FILL].type != V_NONE &&
        !get_integer(&r->args[AK_FILL], 0, CV_EVENT_FILL_MAX, fill))
        return false;
    return true;
}

static cv_status read_span(reader *r, size_t index)
{
    const char *name = get_string(&r->event[EK_NAME]);
    cv_state state;
    int64_t ts, dur = 0;
    long long item, fill;
    if (!name || r->event[EK_NAME].length >= TEXT_MAX || !cv_state_from_name(name, &state))
        return bad_staged_event(r, index, "a span whose name is not a worker state");
    bool complete = string_is(&r->event[EK_PH], "X");
    if (!get_time_ns(&r->event[EK_TS], &ts) || (complete && !get_time_ns(&r->event[EK_DUR], &dur)))
        return bad_staged_event(r, index,
                                "\"ts\" and \"dur\" must be numbers of µs from 0 to 1e12");
    if (!get_optional_item(r, &item, &fill))
        return bad_staged_event(r, index,
                                "\"args\" \"item\" and \"fill\" must be integers in range");
    /* The item a span is about is worked out from the puts and gets again
     * (timeline/item_span.h); checked above, not kept. */
    (void)item;
    (void)fill;
    return stage_event(r, index, cv_event_make(ts, state, 0, 0));
}

static cv_status read_item(reader *r, size_t index)
{
    const value *name = &r->event[EK_NAME];
    long long item, fill;
    int64_t ts;
    if (!string_is(name, "put") && !string_is(name, "get"))
        return bad_staged_event(r, index, "a buffer instant must be named \"put\" or \"get\"");
    if (!get_time_ns(&r->event[EK_TS], &ts))
        return bad_staged_event(r, index, "\"ts\" must be a number of µs from 0 to 1e12");
    if (!r->args_is_object || !get_integer(&r->args[AK_ITEM], 0, UINT32_MAX, &item) ||
        !get_integer(&r->args[AK_FILL], 0, CV_EVENT_FILL_MAX, &fill))
        return bad_staged_event(r, index,
                                "\"args\" needs \"item\" (0 to 2^32-1) and \"fill\" "
                                "(0 to 2^24-1) integers");
    uint32_t kind = string_is(name, "put") ? CV_EVENT_PUT : CV_EVENT_GET;
    return stage_event(r, index, cv_event_make(ts, kind, (uint32_t)item, (uint32_t)fill));
}

static cv_status finish_event(reader *r)
{
    size_t index = r->event_index++;
    const value *ph = &r->event[EK_PH];
    if (ph->type != V_STRING)
        return bad_event(r, index, "not an object with a \"ph\" string");
    if (is_lane_metadata(r))
        return keep_lane_definition(r, index);
    if (r->has_event_problem || r->has_staging_problem)
        return CV_OK;
    if (string_is(ph, "B") || string_is(ph, "X"))
        return read_span(r, index);
    if (string_is(ph, "i") && string_is(&r->event[EK_CAT], CV_CHROME_TRACE_ITEM_CATEGORY))
        return read_item(r, index);
    return CV_OK;
}

/* Refused as soon as the metadata says how many events there will be. */
static cv_status check_declared_events(reader *r)
{
    long long declared;
    if (!get_integer(&r->meta[MK_EVENT_COUNT], 0, LLONG_MAX, &declared) ||
        (uint64_t)declared <= r->most_events)
        return CV_OK;
    char limit[160];
    cv_trace_memory_limit_describe(limit, sizeof limit);
    return input_error(r, "too large to open: %lld events need %.0f MB of memory, more than %s",
                       declared, (double)declared * sizeof(cv_event) / 1e6, limit);
}

/* ---- yajl callbacks ---- */

static int lookup(const char *const *keys, int count, const unsigned char *key, size_t length)
{
    for (int i = 0; i < count; i++) {
        if (strlen(keys[i]) == length && memcmp(keys[i], key, length) == 0)
            return i;
    }
    return -1;
}

static frame *top(reader *r)
{
    return &r->stack[r->depth];
}

/* The value slot the next scalar goes to, or NULL if it is not read. */
static value *slot_for(reader *r)
{
    frame *f = top(r);
    if (f->key < 0)
        return NULL;
    switch (f->context) {
    case C_EVENT:
        return &r->event[f->key];
    case C_ARGS:
        return &r->args[f->key];
    case C_META:
        return &r->meta[f->key];
    case C_MACHINE:
        return &r->machine[f->key];
    default:
        return NULL;
    }
}

static int push(reader *r, context c)
{
    if (r->depth + 1 >= MAX_DEPTH) {
        input_error(r, "not a valid JSON trace: nested more than %d deep", MAX_DEPTH);
        return 0;
    }
    r->stack[++r->depth] = (frame){c, -1};
    return 1;
}

/* A scalar value (or the start of a container, as V_OTHER) in the current
 * context. Returns 0 to stop the parse on an error. */
static int on_value(reader *r, value_type type, long long integer, double number,
                    const unsigned char *text, size_t length)
{
    r->saw_token = true;
    frame *f = top(r);
    if (f->context == C_ROOT) {
        input_error(r, "not a Chrome trace: no \"traceEvents\" array");
        return 0;
    }
    if (f->context == C_EVENTS) {
        bad_event(r, r->event_index++, "not an object with a \"ph\" string");
        return 1;
    }
    if (f->context == C_TOP && f->key == 0) {
        input_error(r, "not a Chrome trace: no \"traceEvents\" array");
        return 0;
    }
    if (f->context == C_TOP && f->key == 1)
        r->meta_not_object = true;
    value *v = slot_for(r);
    if (!v)
        return 1;
    v->type = type;
    v->integer = integer;
    v->number = number;
    v->length = length;
    if (type == V_STRING) {
        size_t kept = length < TEXT_MAX ? length : TEXT_MAX - 1;
        memcpy(v->text, text, kept);
        v->text[kept] = '\0';
    }
    if (f->context == C_META && type == V_STRING && f->key == MK_SCENARIO)
        copy_truncated(r->scenario, sizeof r->scenario, (const char *)text, length);
    if (f->context == C_META && type == V_STRING && f->key == MK_DESCRIPTION)
        copy_truncated(r->description, sizeof r->description, (const char *)text, length);
    if (f->context == C_META && type == V_STRING && f->key == MK_EXPLANATION)
        copy_truncated(r->explanation, sizeof r->explanation, (const char *)text, length);
    if (f->context == C_MACHINE && type == V_STRING && f->key == MACH_NOTE)
        copy_truncated(r->machine_note, sizeof r->machine_note, (const char *)text, length);
    return 1;
}

static int on_null(void *ctx)
{
    return on_value(ctx, V_OTHER, 0, 0, NULL, 0);
}

static int on_boolean(void *ctx, int boolean)
{
    return on_value(ctx, V_BOOL, boolean != 0, 0, NULL, 0);
}

static int on_integer(void *ctx, long long integer)
{
    return on_value(ctx, V_INT, integer, 0, NULL, 0);
}

static int on_double(void *ctx, double number)
{
    return on_value(ctx, V_REAL, 0, number, NULL, 0);
}

static int on_string(void *ctx, const unsigned char *text, size_t length)
{
    reader *r = ctx;
    if (memchr(text, '\0', length)) {
        input_error(r, "not a valid JSON trace: a string holds \\u0000");
        return 0;
    }
    return on_value(r, V_STRING, 0, 0, text, length);
}

/* Fields absent again; only the types, not the text (this runs per event). */
static void clear(value *values, int count)
{
    for (int i = 0; i < count; i++)
        values[i].type = V_NONE;
}

static int on_start_map(void *ctx)
{
    reader *r = ctx;
    frame *f = top(r);
    r->saw_token = true;
    switch (f->context) {
    case C_ROOT:
        r->saw_root_object = true;
        return push(r, C_TOP);
    case C_TOP:
        if (f->key == 1 && !r->saw_meta) {
            r->saw_meta = true;
            return push(r, C_META);
        }
        if (f->key == 0)
            return on_value(r, V_OTHER, 0, 0, NULL, 0);
        break;
    case C_EVENTS:
        clear(r->event, EK_COUNT);
        clear(r->args, AK_COUNT);
        r->args_is_object = false;
        return push(r, C_EVENT);
    case C_META:
        if (f->key == MK_MACHINE) {
            r->meta[MK_MACHINE].type = V_OTHER;
            clear(r->machine, MACH_COUNT);
            return push(r, C_MACHINE);
        }
        break;
    case C_EVENT:
        if (f->key == EK_ARGS) {
            r->event[EK_ARGS].type = V_OTHER;
            r->args_is_object = true;
            clear(r->args, AK_COUNT);
            return push(r, C_ARGS);
        }
        break;
    default:
        break;
    }
    value *v = slot_for(r);
    if (v)
        v->type = V_OTHER;
    return push(r, C_SKIP);
}

static int on_map_key(void *ctx, const unsigned char *key, size_t length)
{
    reader *r = ctx;
    frame *f = top(r);
    r->saw_token = true;
    if (memchr(key, '\0', length)) {
        input_error(r, "not a valid JSON trace: a key holds \\u0000");
        return 0;
    }
    switch (f->context) {
    case C_TOP: {
        static const char *const top_keys[] = {"traceEvents", "otherData"};
        f->key = lookup(top_keys, 2, key, length);
        break;
    }
    case C_EVENT:
        f->key = lookup(event_keys, EK_COUNT, key, length);
        if (f->key == EK_ARGS)
            r->args_is_object = false; /* until its value turns out to be an object */
        break;
    case C_ARGS:
        f->key = lookup(args_keys, AK_COUNT, key, length);
        break;
    case C_META:
        f->key = lookup(meta_keys, MK_COUNT, key, length);
        break;
    case C_MACHINE:
        f->key = lookup(machine_keys, MACH_COUNT, key, length);
        break;
    default:
        f->key = -1;
        break;
    }
    return 1;
}

static int on_end_map(void *ctx)
{
    reader *r = ctx;
    context closed = top(r)->context;
    r->saw_token = true;
    r->depth--;
    if (closed == C_EVENT)
        return finish_event(r) == CV_OK;
    if (closed == C_META)
        return check_declared_events(r) == CV_OK;
    return 1;
}

static int on_start_array(void *ctx)
{
    reader *r = ctx;
    frame *f = top(r);
    r->saw_token = true;
    if (f->context == C_ROOT) {
        input_error(r, "a Chrome trace in the array form, not one written by conveyor "
                       "(no conveyor metadata)");
        return 0;
    }
    if (f->context == C_TOP && f->key == 0) {
        if (r->saw_events) {
            input_error(r, "not a Chrome trace: two \"traceEvents\" arrays");
            return 0;
        }
        r->saw_events = true;
        return push(r, C_EVENTS);
    }
    if (f->context == C_EVENTS) {
        bad_event(r, r->event_index++, "not an object with a \"ph\" string");
        return push(r, C_SKIP);
    }
    if (f->context == C_TOP && f->key == 1)
        r->meta_not_object = true;
    value *v = slot_for(r);
    if (v)
        v->type = V_OTHER;
    return push(r, C_SKIP);
}

static int on_end_array(void *ctx)
{
    reader *r = ctx;
    r->saw_token = true;
    r->depth--;
    return 1;
}

static const yajl_callbacks callbacks = {
    .yajl_null = on_null,
    .yajl_boolean = on_boolean,
    .yajl_integer = on_integer,
    .yajl_double = on_double,
    .yajl_string = on_string,
    .yajl_start_map = on_start_map,
    .yajl_map_key = on_map_key,
    .yajl_end_map = on_end_map,
    .yajl_start_array = on_start_array,
    .yajl_end_array = on_end_array,
};

/* ---- the parse ---- */

static int count_lines(const unsigned char *bytes, size_t length)
{
    int lines = 0;
    for (size_t i = 0; i < length; i++)
        lines += bytes[i] == '\n';
    return lines;
}

/* yajl's message for a JSON error, without its trailing newline. */
static cv_status json_error(reader *r, yajl_handle parser, const unsigned char *block,
                            size_t length, int line)
{
    unsigned char *text = yajl_get_error(parser, 0, block, length);
    char message[200] = "the JSON is malformed";
    if (text && text[0]) {
        snprintf(message, sizeof message, "%s", (const char *)text);
        size_t end = strlen(message);
        while (end > 0 &&
               (message[end - 1] == '\n' || message[end - 1] == ' ' || message[end - 1] == '.'))
            message[--end] = '\0';
    }
    if (text)
        yajl_free_error(parser, text);
    return input_error_at(r, line, "not a valid JSON trace: %s", message);
}

static cv_status parse(reader *r, FILE *in, yajl_handle parser, unsigned char *block)
{
    int line = 1;
    uint64_t total = 0, since_token = 0;
    for (;;) {
        size_t got = fread(block, 1, READ_BLOCK_BYTES, in);
        if (got == 0) {
            if (ferror(in))
                return input_error(r, "cannot read the trace: %s", strerror(errno));
            break;
        }
        total += got;
        r->saw_token = false;
        yajl_status s = yajl_parse(parser, block, got);
        if (s == yajl_status_client_canceled)
            return r->status;
        if (s != yajl_status_ok) {
            size_t consumed = yajl_get_bytes_consumed(parser);
            return json_error(r, parser, block, got,
                              line + count_lines(block, consumed < got ? consumed : got));
        }
        line += count_lines(block, got);
        since_token = r->saw_token ? 0 : since_token + got;
        if (since_token > MAX_BYTES_WITHOUT_TOKEN)
            return input_error(r, "not a conveyor trace: no JSON value ends in %u MB",
                               MAX_BYTES_WITHOUT_TOKEN >> 20);
    }
    if (total == 0)
        return input_error(r, "not a valid JSON trace: the file is empty");
    yajl_status s = yajl_complete_parse(parser);
    if (s == yajl_status_client_canceled)
        return r->status;
    if (s != yajl_status_ok)
        return json_error(r, parser, NULL, 0, line);
    return CV_OK;
}

/* ---- after the parse: the metadata, the lanes, and the events moved in ---- */

static cv_status check_version(reader *r)
{
    long long version;
    if (!r->saw_root_object || !r->saw_events)
        return input_error(r, "not a Chrome trace: no \"traceEvents\" array");
    long long runs;
    if (r->saw_meta && !r->meta_not_object &&
        get_integer(&r->meta[MK_COMPARISON_RUNS], 1, INT32_MAX, &runs))
        return input_error(r,
                           "a comparison of %lld runs (written by 'conveyor compare' for "
                           "Perfetto); view and render read one run per trace: save each with "
                           "'conveyor run --trace' and give them all ('render A.json B.json')",
                           runs);
    if (!r->saw_meta || r->meta_not_object ||
        !get_integer(&r->meta[MK_VERSION], 1, INT32_MAX, &version))
        return input_error(r,
                           "a Chrome trace, but not one written by conveyor (no \"%s\" in "
                           "\"otherData\")",
                           CV_CHROME_TRACE_VERSION_KEY);
    if (version > CV_CHROME_TRACE_VERSION)
        return input_error(r,
                           "written by a newer conveyor (trace format %lld; this one reads "
                           "format %d)",
                           version, CV_CHROME_TRACE_VERSION);
    return CV_OK;
}

static cv_status read_counts(reader *r, cv_trace *t, long long *expected, long long *end_ns)
{
    long long lane_count, dropped;
    if (!get_integer(&r->meta[MK_LANE_COUNT], 0, CV_MAX_WORKERS_THREADS, &lane_count))
        return input_error(r, "\"otherData\".\"lane_count\" must be an integer from 0 to %d",
                           CV_MAX_WORKERS_THREADS);
    if (!get_integer(&r->meta[MK_EVENT_COUNT], 0, INT64_MAX, expected))
        return input_error(r, "\"otherData\".\"event_count\" must be a non-negative integer");
    if (!get_integer(&r->meta[MK_DROPPED], 0, INT64_MAX, &dropped))
        return input_error(r, "\"otherData\".\"dropped_events\" must be a non-negative integer");
    if (!get_integer(&r->meta[MK_END_NS], 0, (long long)(MAX_TIME_US * 1000), end_ns))
        return input_error(r, "\"otherData\".\"end_ns\" must be a time in ns from 0 to %.0f",
                           MAX_TIME_US * 1000);
    cv_status status = cv_trace_init(t, (uint32_t)lane_count, r->err);
    t->dropped_events = (uint64_t)dropped;
    return status;
}

/* otherData's "machine" (cores, load, the busy verdict); absent in traces
 * older than the ready state, which then say nothing of the machine. */
static cv_status read_machine(reader *r, cv_machine *m)
{
    *m = (cv_machine){.load_average = -1};
    if (r->meta[MK_MACHINE].type == V_NONE)
        return CV_OK;
    const value *v = r->machine;
    long long cores, available;
    if (r->meta[MK_MACHINE].type != V_OTHER ||
        !get_integer(&v[MACH_CORES], 1, CV_MAX_CORES, &cores) ||
        !get_integer(&v[MACH_CORES_AVAILABLE], cores, CV_MAX_CORES, &available))
        return input_error(r,
                           "\"otherData\".\"machine\" needs \"cores\" and "
                           "\"cores_available\" from 1 to %d, cores no more than available",
                           CV_MAX_CORES);
    if (v[MACH_READY_MEASURED].type != V_BOOL || v[MACH_BUSY].type != V_BOOL)
        return input_error(r, "\"otherData\".\"machine\" needs \"ready_measured\" and "
                              "\"busy\" booleans");
    if (v[MACH_NOTE].type != V_STRING || v[MACH_NOTE].length >= CV_MACHINE_NOTE_MAX)
        return input_error(r,
                           "\"otherData\".\"machine\".\"note\" must be a string under %d "
                           "bytes",
                           CV_MACHINE_NOTE_MAX);
    const value *load = &v[MACH_LOAD_AVERAGE];
    double load_average = load->type == V_INT ? (double)load->integer : load->number;
    if (load->type != V_NONE && ((load->type != V_INT && load->type != V_REAL) ||
                                 !isfinite(load_average) || load_average < 0 || load_average > 1e6))
        return input_error(r, "\"otherData\".\"machine\".\"load_average\" must be a number "
                              "from 0 to 1000000");
    m->cores = (uint32_t)cores;
    m->cores_available = (uint32_t)available;
    m->ready_measured = v[MACH_READY_MEASURED].integer != 0;
    m->busy = v[MACH_BUSY].integer != 0;
    if (load->type != V_NONE)
        m->load_average = load_average;
    memcpy(m->note, r->machine_note, sizeof m->note);
    return CV_OK;
}

/* "sync" and "gil": both or neither (traces written before they were recorded). */
static cv_status read_run_mode(reader *r, cv_trace *t)
{
    const value *sync = &r->meta[MK_SYNC], *gil = &r->meta[MK_GIL];
    if (sync->type == V_NONE && gil->type == V_NONE)
        return CV_OK;
    for (int i = 0; i < CV_SYNC_COUNT; i++) {
        if (string_is(sync, cv_sync_names[i]) && gil->type == V_BOOL) {
            t->mode_known = true;
            t->sync = (cv_sync)i;
            t->gil = gil->integer != 0;
            return CV_OK;
        }
    }
    return input_error(r, "\"otherData\" needs \"sync\" (a sync mode such as \"semaphores\") "
                          "and \"gil\" (true or false) together");
}

static cv_status read_run_metadata(reader *r, cv_trace *t)
{
    long long slots, parent_pid;
    const value *backend = &r->meta[MK_BACKEND], *outcome = &r->meta[MK_OUTCOME];
    if (r->meta[MK_SCENARIO].type != V_STRING || r->meta[MK_DESCRIPTION].type != V_STRING)
        return input_error(r, "\"otherData\" needs \"scenario\" and \"description\" strings");
    memcpy(t->scenario, r->scenario, sizeof t->scenario);
    memcpy(t->description, r->description, sizeof t->description);
    if (!string_is(backend, "threads") && !string_is(backend, "processes"))
        return input_error(r, "\"otherData\".\"backend\" must be \"threads\" or \"processes\"");
    t->backend = string_is(backend, "processes") ? CV_BACKEND_PROCESSES : CV_BACKEND_THREADS;
    if (outcome->type != V_STRING || outcome->length >= TEXT_MAX ||
        !cv_outcome_from_name(outcome->text, &t->outcome))
        return input_error(r, "\"otherData\".\"outcome\" is not a known outcome");
    if (!get_integer(&r->meta[MK_BUFFER_SLOTS], 0, CV_MAX_BUFFER_SLOTS, &slots))
        return input_error(r, "\"otherData\".\"buffer_slots\" must be an integer from 0 to %u",
                           CV_MAX_BUFFER_SLOTS);
    if (!get_integer(&r->meta[MK_PARENT_PID], 0, INT64_MAX, &parent_pid))
        return input_error(r, "\"otherData\".\"parent_pid\" must be a non-negative integer");
    t->buffer_slots = (uint32_t)slots;
    t->parent_pid = parent_pid;
    cv_status status = read_run_mode(r, t);
    return status != CV_OK ? status : read_machine(r, &t->machine);
}

static cv_status define_lane(reader *r, cv_trace *t, const lane_definition *d, bool *defined)
{
    const value *args = d->fields;
    long long lane, group, os_id, pid, tid;
    if (!get_integer(&args[AK_LANE], 0, (long long)t->lane_count - 1, &lane))
        return event_error(r, d->index, "\"lane\" must be an integer below \"lane_count\"");
    if (defined[lane])
        return event_error(r, d->index, "a lane is named twice");
    if (!get_integer(&d->pid, LLONG_MIN, LLONG_MAX, &pid) ||
        !get_integer(&d->tid, LLONG_MIN, LLONG_MAX, &tid))
        return event_error(r, d->index, "\"pid\" and \"tid\" must be integers");
    cv_lane_info *info = &t->lanes[lane];
    const value *name = &args[AK_NAME], *role = &args[AK_ROLE];
    if (name->type != V_STRING || name->length == 0 || name->length >= sizeof info->name)
        return event_error(r, d->index, "a lane's \"name\" must be a string of 1 to 63 bytes");
    if (!string_is(role, "producer") && !string_is(role, "consumer"))
        return event_error(r, d->index, "a lane's \"role\" must be \"producer\" or \"consumer\"");
    if (!get_integer(&args[AK_GROUP], 0, CV_MAX_GROUPS - 1, &group))
        return event_error(r, d->index, "a lane's \"group\" must be an integer from 0 to 31");
    if (!get_integer(&args[AK_OS_ID], LLONG_MIN, LLONG_MAX, &os_id))
        return event_error(r, d->index, "a lane's \"os_id\" must be an integer");
    const value *kind = &args[AK_OS_ID_KIND];
    if (kind->type != V_NONE && !string_is(kind, "thread") && !string_is(kind, "process"))
        return event_error(r, d->index,
                           "a lane's \"os_id_kind\" must be \"thread\" or \"process\"");
    long long exit_number;
    const value *died = &args[AK_DIED];
    if ((died->type != V_NONE && died->type != V_BOOL) ||
        (args[AK_EXIT_SIGNAL].type != V_NONE &&
         !get_integer(&args[AK_EXIT_SIGNAL], 0, 255, &exit_number)) ||
        (args[AK_EXIT_CODE].type != V_NONE &&
         !get_integer(&args[AK_EXIT_CODE], 0, 255, &exit_number)))
        return event_error(r, d->index,
                           "a lane's \"died\" must be true or false, and its \"exit_signal\" "
                           "and \"exit_code\" integers from 0 to 255");
    info->os_id_kind = kind->type == V_NONE         ? CV_OS_ID_AS_BACKEND
                       : string_is(kind, "process") ? CV_OS_ID_PROCESS
                                                    : CV_OS_ID_THREAD;
    memcpy(info->name, name->text, name->length + 1);
    info->role = string_is(role, "consumer") ? CV_ROLE_CONSUMER : CV_ROLE_PRODUCER;
    info->group = (uint32_t)group;
    info->os_id = os_id;
    defined[lane] = true;
    return CV_OK;
}

/* Each lane takes over its thread's staged events (the array moves). */
static cv_status claim_events(reader *r, cv_trace *t, const lane_definition *d, long long lane,
                              bool *claimed)
{
    thread_slot *thread = find_thread(r, d->pid.integer, d->tid.integer, false);
    if (!thread)
        return CV_OK;
    if (claimed[thread->slot])
        return input_error(r, "two lanes share pid %lld tid %lld", d->pid.integer, d->tid.integer);
    claimed[thread->slot] = true;
    cv_lane_events *events = &r->staging.events[thread->slot];
    t->events[lane] = *events;
    *events = (cv_lane_events){0};
    t->event_count += t->events[lane].count;
    if (t->events[lane].count > 0) {
        int64_t last = t->events[lane].events[t->events[lane].count - 1].time_ns;
        if (last > t->end_ns)
            t->end_ns = last;
    }
    return CV_OK;
}

static int compare_definitions(const void *a, const void *b)
{
    const lane_definition *x = *(const lane_definition *const *)a;
    const lane_definition *y = *(const lane_definition *const *)b;
    if (x->pid.integer != y->pid.integer)
        return (x->pid.integer > y->pid.integer) - (x->pid.integer < y->pid.integer);
    return (x->tid.integer > y->tid.integer) - (x->tid.integer < y->tid.integer);
}

static cv_status check_distinct_threads(reader *r, const cv_trace *t)
{
    const lane_definition **sorted = calloc(t->lane_count ? t->lane_count : 1, sizeof *sorted);
    if (!sorted)
        return cv_fail(r->err, CV_ERR_NOMEM, "", 0, "out of memory reading %s", r->path);
    for (uint32_t i = 0; i < t->lane_count; i++)
        sorted[i] = &r->lanes[i];
    qsort(sorted, t->lane_count, sizeof *sorted, compare_definitions);
    cv_status status = CV_OK;
    for (uint32_t i = 1; i < t->lane_count && status == CV_OK; i++) {
        if (compare_definitions(&sorted[i - 1], &sorted[i]) == 0)
            status = input_error(r, "two lanes share pid %lld tid %lld", sorted[i]->pid.integer,
                                 sorted[i]->tid.integer);
    }
    free(sorted);
    return status;
}

static cv_status build_lanes(reader *r, cv_trace *t)
{
    bool defined[CV_MAX_WORKERS_THREADS] = {0};
    bool claimed[MAX_THREADS] = {0};
    if (r->has_event_problem)
        return input_error(r, "%s", r->event_problem);
    for (size_t i = 0; i < r->lane_definitions; i++) {
        cv_status status = define_lane(r, t, &r->lanes[i], defined);
        if (status != CV_OK)
            return status;
    }
    for (uint32_t lane = 0; lane < t->lane_count; lane++) {
        if (!defined[lane])
            return input_error(r, "lane %u of %u has no \"thread_name\" event", lane,
                               t->lane_count);
    }
    /* Every lane is defined exactly once, so definitions and lanes match one to one. */
    cv_status status = check_distinct_threads(r, t);
    if (status == CV_OK && r->has_staging_problem)
        status = input_error(r, "%s", r->staging_problem);
    for (size_t i = 0; i < r->lane_definitions && status == CV_OK; i++)
        status = claim_events(r, t, &r->lanes[i], r->lanes[i].fields[AK_LANE].integer, claimed);
    for (uint32_t slot = 0; slot < r->slots_used && status == CV_OK; slot++) {
        if (!claimed[slot] && r->staging.events[slot].count > 0)
            status = event_error(r, r->first_event[slot],
                                 "an event on a thread that is not a conveyor lane");
    }
    return status;
}

static cv_status build_trace(reader *r, cv_trace *t)
{
    long long expected = 0, end_ns = 0;
    cv_status status = check_version(r);
    if (status == CV_OK)
        status = read_counts(r, t, &expected, &end_ns);
    if (status == CV_OK)
        status = read_run_metadata(r, t);
    if (status == CV_OK)
        status = build_lanes(r, t);
    if (status != CV_OK)
        return status;
    if (t->event_count != (uint64_t)expected)
        return input_error(r, "holds %llu events but its metadata says %llu (cut short?)",
                           (unsigned long long)t->event_count, (unsigned long long)expected);
    if (end_ns > t->end_ns)
        t->end_ns = end_ns;
    t->finished = true;
    return CV_OK;
}

/*
 * The workers that died, as their lanes' thread_name args say (define_lane
 * checked the keys): one summary per lane, holding its name, role and os id
 * and how it died, so the lane is tagged as in the live picture. None (and
 * worker_count 0) when no lane says it died: the statistics come from the
 * lanes themselves.
 */
static cv_status read_deaths(reader *r, const cv_trace *t, cv_run_result *result)
{
    for (size_t i = 0; i < r->lane_definitions; i++) {
        const value *args = r->lanes[i].fields;
        if (args[AK_DIED].type != V_BOOL || !args[AK_DIED].integer)
            continue;
        if (!result->workers) {
            result->workers = calloc(t->lane_count, sizeof *result->workers);
            if (!result->workers)
                return cv_fail(r->err, CV_ERR_NOMEM, "", 0, "out of memory reading %s", r->path);
            result->worker_count = t->lane_count;
            for (uint32_t lane = 0; lane < t->lane_count; lane++) {
                cv_worker_summary *w = &result->workers[lane];
                memcpy(w->name, t->lanes[lane].name, sizeof w->name);
                w->role = t->lanes[lane].role;
                w->os_id = t->lanes[lane].os_id;
            }
        }
        cv_worker_summary *w = &result->workers[args[AK_LANE].integer];
        w->died = true;
        w->exit_signal = args[AK_EXIT_SIGNAL].type == V_INT ? (int)args[AK_EXIT_SIGNAL].integer : 0;
        w->exit_code = args[AK_EXIT_CODE].type == V_INT ? (int)args[AK_EXIT_CODE].integer : 0;
    }
    return CV_OK;
}

/*
 * The run's result as the writer kept it in otherData (elapsed time, items,
 * the ledger's verdict, the explanation, the lock holder) and in the lanes
 * (which workers died, and how): what the header, the banner and the
 * per-lane deadlock and death tags need.
 */
static cv_status read_result(reader *r, const cv_trace *t, cv_run_result *result, bool *has_result)
{
    const value *m = r->meta;
    *has_result = false;
    if (m[MK_ELAPSED_S].type == V_NONE)
        return CV_OK;
    double elapsed_s =
        m[MK_ELAPSED_S].type == V_INT ? (double)m[MK_ELAPSED_S].integer : m[MK_ELAPSED_S].number;
    long long produced, consumed, holder = -1, lost = 0, duplicated = 0, leftover = 0;
    if ((m[MK_ELAPSED_S].type != V_INT && m[MK_ELAPSED_S].type != V_REAL) || !isfinite(elapsed_s) ||
        elapsed_s < 0 || elapsed_s > MAX_TIME_US / 1e6)
        return input_error(r, "\"otherData\".\"elapsed_s\" must be seconds from 0 to %.0f",
                           MAX_TIME_US / 1e6);
    if (!get_integer(&m[MK_ITEMS_PRODUCED], 0, LLONG_MAX, &produced) ||
        !get_integer(&m[MK_ITEMS_CONSUMED], 0, LLONG_MAX, &consumed) ||
        m[MK_LEDGER_OK].type != V_BOOL || m[MK_EXPLANATION].type != V_STRING ||
        m[MK_EXPLANATION].length >= sizeof r->explanation)
        return input_error(r, "\"otherData\" has \"elapsed_s\" but not the rest of the "
                              "result (items_produced, items_consumed, ledger_ok, explanation)");
    /* Written since the replay keeps the story; older traces lack them. */
    if ((m[MK_LOCK_HOLDER].type != V_NONE &&
         !get_integer(&m[MK_LOCK_HOLDER], -1, (long long)t->lane_count - 1, &holder)) ||
        (m[MK_LOST_COUNT].type != V_NONE && !get_integer(&m[MK_LOST_COUNT], 0, LLONG_MAX, &lost)) ||
        (m[MK_DUPLICATED_COUNT].type != V_NONE &&
         !get_integer(&m[MK_DUPLICATED_COUNT], 0, LLONG_MAX, &duplicated)) ||
        (m[MK_LEFTOVER_ITEMS].type != V_NONE &&
         !get_integer(&m[MK_LEFTOVER_ITEMS], 0, LLONG_MAX, &leftover)))
        return input_error(r, "\"otherData\": \"lock_holder\" must be -1 or a lane, and "
                              "\"lost_count\", \"duplicated_count\" and \"leftover_items\" "
                              "non-negative integers");
    *result = (cv_run_result){
        .outcome = t->outcome,
        .backend = t->backend,
        .elapsed_s = elapsed_s,
        .items_produced = (uint64_t)produced,
        .items_consumed = (uint64_t)consumed,
        .ledger_ok = m[MK_LEDGER_OK].integer != 0,
        .lost_count = (uint64_t)lost,
        .duplicated_count = (uint64_t)duplicated,
        .leftover_items = (uint64_t)leftover,
        .dropped_events = t->dropped_events,
        .machine = t->machine,
        .lock_holder = (int32_t)holder,
    };
    memcpy(result->explanation, r->explanation, sizeof result->explanation);
    cv_status status = read_deaths(r, t, result);
    if (status != CV_OK) {
        *result = (cv_run_result){0};
        return status;
    }
    *has_result = true;
    return CV_OK;
}

cv_status cv_chrome_trace_read(const char *path, cv_trace *out, cv_error *err)
{
    cv_run_result result;
    bool has_result;
    cv_status status = cv_chrome_trace_read_result(path, out, &result, &has_result, err);
    free(result.workers);
    return status;
}

cv_status cv_chrome_trace_read_result(const char *path, cv_trace *out, cv_run_result *result,
                                      bool *has_result, cv_error *err)
{
    *has_result = false;
    memset(result, 0, sizeof *result);
    memset(out, 0, sizeof *out);
    if (!path)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "cv_chrome_trace_read: no path");
    bool from_stdin = strcmp(path, "-") == 0;
    FILE *in = from_stdin ? stdin : fopen(path, "rb");
    if (!in)
        return cv_fail(err, CV_ERR_INPUT, path, 0, "cannot open the trace: %s", strerror(errno));
    reader *r = calloc(1, sizeof *r);
    unsigned char *block = malloc(READ_BLOCK_BYTES);
    yajl_handle parser = r ? yajl_alloc(&callbacks, NULL, r) : NULL;
    cv_status status = CV_OK;
    if (r)
        *r = (reader){.path = path,
                      .err = err,
                      .most_events = cv_trace_memory_limit_bytes() / sizeof(cv_event)};
    if (!r || !block || !parser || cv_trace_init(&r->staging, MAX_THREADS, err) != CV_OK)
        status = cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory reading %s", path);
    if (status == CV_OK)
        status = parse(r, in, parser, block);
    if (status == CV_OK)
        status = build_trace(r, out);
    if (status == CV_OK)
        status = read_result(r, out, result, has_result);
    if (!from_stdin)
        fclose(in);
    if (parser)
        yajl_free(parser);
    free(block);
    if (r) {
        cv_trace_free(&r->staging);
        free(r->lanes);
        free(r);
    }
    if (status != CV_OK)
        cv_trace_free(out);
    return status;
}
