/*
 * tracefile_read.c — a native trace file back into a cv_trace and its run's
 * result.
 *
 * The file may come from anywhere (a cut-short copy, a flipped bit, another
 * program's file renamed), so nothing in it is trusted: the magic number and
 * version are checked first, every section's CRC-32 before its payload is
 * used, every field against its range, and the event count the header
 * declares against cv_trace_memory_limit_bytes before any event is read —
 * and the chunks may then add up to no more than that count. Events are
 * decoded straight into the lanes' arrays, one chunk at a time, so memory is
 * the events kept plus one chunk. Reads go through stdio, so a pipe or
 * standard input works as well as a file.
 */
#include "conveyor/tracefile.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conveyor/scenario.h"

#include "byte_order.h"
#include "event_codec.h"
#include "trace_grow.h"
#include "tracefile_format.h"

#define READ_BUFFER_BYTES (64u << 10)
#define CHUNK_PAYLOAD_MAX                                                                          \
    (CV_TRACEFILE_CHUNK_PREFIX_BYTES + (size_t)CV_TRACEFILE_CHUNK_EVENTS * CV_CODEC_MAX_EVENT_BYTES)

typedef struct reader {
    const char *path;
    FILE *in;
    uint64_t offset; /* bytes read so far, for messages */
    cv_error *err;
    cv_trace *trace;
    cv_run_result *result;
    uint32_t version; /* the file's format version (1 lacks the sync mode and GIL) */
    uint64_t declared_events;
    int64_t declared_end_ns;
    uint8_t *payload; /* one section's payload */
    size_t payload_capacity;
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

/* Exactly count bytes, or an error that says whether the file ended early. */
static cv_status read_bytes(reader *r, void *out, size_t count, const char *what)
{
    size_t got = fread(out, 1, count, r->in);
    r->offset += got;
    if (got == count)
        return CV_OK;
    if (ferror(r->in))
        return input_error(r, "cannot read the trace: %s", strerror(errno));
    return input_error(r, "cut short: the file ends at byte %llu, inside %s",
                       (unsigned long long)r->offset, what);
}

static cv_status read_preamble(reader *r)
{
    uint8_t preamble[CV_TRACEFILE_PREAMBLE_BYTES];
    size_t got = fread(preamble, 1, sizeof preamble, r->in);
    r->offset += got;
    if (ferror(r->in))
        return input_error(r, "cannot read the trace: %s", strerror(errno));
    if (got < CV_TRACEFILE_MAGIC_BYTES ||
        memcmp(preamble, CV_TRACEFILE_MAGIC, CV_TRACEFILE_MAGIC_BYTES) != 0)
        return input_error(r, "not a conveyor native trace (it does not start with the "
                              "\\x89CVTRACE magic number)");
    if (got < sizeof preamble)
        return input_error(r, "cut short: the file ends at byte %llu, inside its preamble",
                           (unsigned long long)r->offset);
    uint32_t version = cv_load_u32(preamble + 8), flags = cv_load_u32(preamble + 12);
    if (version == 0 || version > CV_TRACEFILE_VERSION)
        return input_error(r,
                           "native trace format version %u; this conveyor reads version %d "
                           "(written by a newer conveyor?)",
                           version, CV_TRACEFILE_VERSION);
    if (flags != 0)
        return input_error(r, "damaged: unknown flags 0x%x in the preamble", flags);
    r->version = version;
    return CV_OK;
}

typedef struct section {
    uint32_t type;
    uint32_t bytes;
    uint32_t argument;
    uint64_t offset; /* where its header starts */
} section;

static const char *section_name(uint32_t type)
{
    switch (type) {
    case CV_SECTION_HEAD:
        return "the header";
    case CV_SECTION_EVENTS:
        return "an event chunk";
    case CV_SECTION_END:
        return "the end section";
    default:
        return "a section";
    }
}

/* The next section's header and its checked payload (in r->payload). */
static cv_status read_section(reader *r, section *s)
{
    uint8_t header[CV_TRACEFILE_SECTION_HEADER_BYTES];
    s->offset = r->offset;
    cv_status status = read_bytes(r, header, sizeof header, "a section header");
    if (status != CV_OK)
        return status;
    s->type = cv_load_u32(header);
    s->bytes = cv_load_u32(header + 4);
    s->argument = cv_load_u32(header + 12);
    size_t most = s->type == CV_SECTION_HEAD     ? CV_TRACEFILE_HEAD_MAX_BYTES
                  : s->type == CV_SECTION_EVENTS ? CHUNK_PAYLOAD_MAX
                  : s->type == CV_SECTION_END    ? CV_TRACEFILE_END_BYTES
                                                 : 0;
    if (most == 0)
        return input_error(r, "damaged: an unknown section type 0x%08x at byte %llu", s->type,
                           (unsigned long long)s->offset);
    if (s->bytes > most)
        return input_error(r, "damaged: %s at byte %llu claims %u bytes (at most %zu)",
                           section_name(s->type), (unsigned long long)s->offset, s->bytes, most);
    if (s->bytes > r->payload_capacity) {
        uint8_t *bigger = realloc(r->payload, s->bytes);
        if (!bigger)
            return cv_fail(r->err, CV_ERR_NOMEM, "", 0, "out of memory reading %s", r->path);
        r->payload = bigger;
        r->payload_capacity = s->bytes;
    }
    status = read_bytes(r, r->payload, s->bytes, section_name(s->type));
    if (status != CV_OK)
        return status;
    if (cv_section_crc(header, r->payload, s->bytes) != cv_load_u32(header + 8))
        return input_error(r, "damaged: %s at byte %llu fails its CRC-32 check",
                           section_name(s->type), (unsigned long long)s->offset);
    return CV_OK;
}

/* ---- the header ---- */

/* A string into a fixed-size array: at most size - 1 bytes, no NUL inside. */
static bool take_string(cv_byte_reader *b, char *out, size_t size, bool may_be_empty)
{
    uint32_t length = cv_take_u32(b);
    if (!b->ok || length >= size || (length == 0 && !may_be_empty))
        return false;
    const uint8_t *bytes = cv_take(b, length);
    if (!bytes || memchr(bytes, '\0', length))
        return false;
    memcpy(out, bytes, length);
    out[length] = '\0';
    return true;
}

static bool take_time(cv_byte_reader *b, int64_t *out)
{
    int64_t value = (int64_t)cv_take_u64(b);
    *out = value;
    return b->ok && value >= 0 && value <= CV_TRACEFILE_MAX_TIME_NS;
}

static cv_status header_error(reader *r, const char *what)
{
    return input_error(r, "damaged header: %s", what);
}

static cv_status read_lanes(reader *r, cv_byte_reader *b)
{
    for (uint32_t lane = 0; lane < r->trace->lane_count; lane++) {
        cv_lane_info *info = &r->trace->lanes[lane];
        if (!take_string(b, info->name, sizeof info->name, false))
            return header_error(r, "a lane's name must be 1 to 63 bytes");
        uint8_t role = cv_take_u8(b);
        info->group = cv_take_u32(b);
        info->os_id = (int64_t)cv_take_u64(b);
        /* Version 3 on: whether the os id is a tid or a pid; before, the backend said. */
        uint8_t kind = r->version >= 3 ? cv_take_u8(b) : CV_OS_ID_AS_BACKEND;
        if (!b->ok || role > CV_ROLE_CONSUMER || info->group >= CV_MAX_GROUPS)
            return header_error(r, "a lane's role or group is out of range");
        if (kind >= CV_OS_ID_KIND_COUNT)
            return header_error(r, "a lane's os id kind is out of range");
        info->role = (cv_role)role;
        info->os_id_kind = (cv_os_id_kind)kind;
    }
    return CV_OK;
}

/* The load average is negative when unknown, never NaN or infinite. */
static cv_status read_machine(reader *r, cv_byte_reader *b, cv_machine *m)
{
    m->cores = cv_take_u32(b);
    m->cores_available = cv_take_u32(b);
    m->load_average = cv_take_f64(b);
    uint8_t ready_measured = cv_take_u8(b), busy = cv_take_u8(b);
    if (!b->ok || !isfinite(m->load_average) || ready_measured > 1 || busy > 1)
        return header_error(r, "the machine's cores, load or verdict is out of range");
    m->ready_measured = ready_measured;
    m->busy = busy;
    if (!take_string(b, m->note, sizeof m->note, true))
        return header_error(r, "the machine's note is longer than 191 bytes");
    return CV_OK;
}

static cv_status read_worker(reader *r, cv_byte_reader *b, cv_worker_summary *w)
{
    if (!take_string(b, w->name, sizeof w->name, true))
        return header_error(r, "a worker's name is longer than 63 bytes");
    uint8_t role = cv_take_u8(b);
    w->os_id = (int64_t)cv_take_u64(b);
    w->items = cv_take_u64(b);
    w->spawn_ns = (int64_t)cv_take_u64(b);
    for (int s = 0; s < CV_STATE_COUNT; s++)
        w->state_ns[s] = (int64_t)cv_take_u64(b);
    w->exit_signal = (int32_t)cv_take_u32(b);
    w->exit_code = (int32_t)cv_take_u32(b);
    uint8_t died = cv_take_u8(b);
    if (!b->ok || role > CV_ROLE_CONSUMER || died > 1)
        return header_error(r, "a worker's role is out of range");
    w->role = (cv_role)role;
    w->died = died;
    return CV_OK;
}

static cv_status read_result(reader *r, cv_byte_reader *b, cv_run_result *out)
{
    uint8_t outcome = cv_take_u8(b), backend = cv_take_u8(b);
    out->elapsed_s = cv_take_f64(b);
    out->items_produced = cv_take_u64(b);
    out->items_consumed = cv_take_u64(b);
    uint8_t ledger_ok = cv_take_u8(b);
    out->lost_count = cv_take_u64(b);
    out->duplicated_count = cv_take_u64(b);
    for (int i = 0; i < CV_MAX_LISTED_IDS; i++)
        out->lost_ids[i] = cv_take_u32(b);
    for (int i = 0; i < CV_MAX_LISTED_IDS; i++)
        out->duplicated_ids[i] = cv_take_u32(b);
    out->leftover_items = cv_take_u64(b);
    out->dropped_events = cv_take_u64(b);
    out->calibration_iterations_per_us = cv_take_f64(b);
    if (!b->ok || outcome > CV_OUTCOME_FAILED || backend > CV_BACKEND_PROCESSES || ledger_ok > 1)
        return header_error(r, "the run's outcome, backend or ledger is out of range");
    out->outcome = (cv_outcome)outcome;
    out->backend = (cv_backend)backend;
    out->ledger_ok = ledger_ok;
    if (!take_string(b, out->explanation, sizeof out->explanation, true))
        return header_error(r, "the explanation is longer than 1023 bytes");
    out->lock_holder = (int32_t)cv_take_u32(b);
    cv_status status = read_machine(r, b, &out->machine);
    if (status != CV_OK)
        return status;
    uint32_t workers = cv_take_u32(b);
    if (!b->ok || workers > CV_MAX_WORKERS_THREADS)
        return header_error(r, "more workers than a run can have");
    out->workers = calloc(workers ? workers : 1, sizeof *out->workers);
    if (!out->workers)
        return cv_fail(r->err, CV_ERR_NOMEM, "", 0, "out of memory reading %s", r->path);
    out->worker_count = workers;
    for (uint32_t i = 0; i < workers; i++) {
        status = read_worker(r, b, &out->workers[i]);
        if (status != CV_OK)
            return status;
    }
    return CV_OK;
}

/* Refused before a single event is read: the file says how many it holds. */
static cv_status check_memory(reader *r)
{
    uint64_t most = cv_trace_memory_limit_bytes() / sizeof(cv_event);
    if (r->declared_events <= most)
        return CV_OK;
    char limit[160];
    cv_trace_memory_limit_describe(limit, sizeof limit);
    return input_error(r, "too large to open: %llu events need %.0f MB of memory, more than %s",
                       (unsigned long long)r->declared_events,
                       (double)r->declared_events * sizeof(cv_event) / 1e6, limit);
}

static cv_status read_header(reader *r, bool *has_result)
{
    section s;
    cv_status status = read_section(r, &s);
    if (status != CV_OK)
        return status;
    if (s.type != CV_SECTION_HEAD)
        return input_error(r, "damaged: the first section is not the header");
    cv_byte_reader b = {r->payload, r->payload + s.bytes, true};
    cv_trace scratch = {0};
    if (cv_take_u32(&b) != CV_STATE_COUNT)
        return header_error(r, "a different number of worker states than this conveyor's");
    if (!take_string(&b, scratch.scenario, sizeof scratch.scenario, true) ||
        !take_string(&b, scratch.description, sizeof scratch.description, true))
        return header_error(r, "the scenario's name or description is too long");
    uint8_t backend = cv_take_u8(&b), outcome = cv_take_u8(&b), finished = cv_take_u8(&b),
            with_result = cv_take_u8(&b);
    scratch.buffer_slots = cv_take_u32(&b);
    scratch.parent_pid = (int64_t)cv_take_u64(&b);
    uint32_t lane_count = cv_take_u32(&b);
    r->declared_events = cv_take_u64(&b);
    scratch.dropped_events = cv_take_u64(&b);
    if (!take_time(&b, &r->declared_end_ns) || backend > CV_BACKEND_PROCESSES ||
        outcome > CV_OUTCOME_FAILED || finished > 1 || with_result > 1 ||
        scratch.buffer_slots > CV_MAX_BUFFER_SLOTS || scratch.parent_pid < 0 ||
        lane_count > CV_MAX_WORKERS_THREADS)
        return header_error(r, "a run field is out of range");
    status = read_machine(r, &b, &scratch.machine);
    if (status != CV_OK)
        return status;
    /* Version 2 on: how the buffer was guarded and whether the GIL was on. */
    if (r->version >= 2) {
        uint8_t mode_known = cv_take_u8(&b), sync = cv_take_u8(&b), gil = cv_take_u8(&b);
        if (!b.ok || mode_known > 1 || sync >= CV_SYNC_COUNT || gil > 1)
            return header_error(r, "the sync mode or the GIL is out of range");
        scratch.mode_known = mode_known;
        scratch.sync = (cv_sync)sync;
        scratch.gil = gil;
    }
    status = check_memory(r);
    if (status != CV_OK)
        return status;
    status = cv_trace_init(r->trace, lane_count, r->err);
    if (status != CV_OK)
        return status;
    memcpy(r->trace->scenario, scratch.scenario, sizeof scratch.scenario);
    memcpy(r->trace->description, scratch.description, sizeof scratch.description);
    r->trace->backend = (cv_backend)backend;
    r->trace->outcome = (cv_outcome)outcome;
    r->trace->buffer_slots = scratch.buffer_slots;
    r->trace->parent_pid = scratch.parent_pid;
    r->trace->dropped_events = scratch.dropped_events;
    r->trace->machine = scratch.machine;
    r->trace->mode_known = scratch.mode_known;
    r->trace->sync = scratch.sync;
    r->trace->gil = scratch.gil;
    status = read_lanes(r, &b);
    if (status == CV_OK && with_result) {
        cv_run_result discarded = {0};
        status = read_result(r, &b, r->result ? r->result : &discarded);
        free(discarded.workers);
        *has_result = r->result != NULL;
    }
    if (status == CV_OK && b.at != b.end)
        status = header_error(r, "bytes are left after its last field");
    return status;
}

/* ---- events ---- */

static cv_status read_chunk(reader *r, const section *s)
{
    cv_trace *t = r->trace;
    if (s->argument >= t->lane_count)
        return input_error(r, "damaged: an event chunk at byte %llu for lane %u of %u",
                           (unsigned long long)s->offset, s->argument, t->lane_count);
    if (s->bytes < CV_TRACEFILE_CHUNK_PREFIX_BYTES)
        return input_error(r, "damaged: an event chunk at byte %llu is too short",
                           (unsigned long long)s->offset);
    uint32_t count = cv_load_u32(r->payload), encoding = cv_load_u32(r->payload + 4);
    if (encoding != CV_TRACEFILE_ENCODING_VARINT || count == 0 || count > CV_TRACEFILE_CHUNK_EVENTS)
        return input_error(r,
                           "damaged: an event chunk at byte %llu has an unknown encoding or "
                           "count",
                           (unsigned long long)s->offset);
    if (t->event_count + count > r->declared_events)
        return input_error(r, "damaged: more events than the header's %llu",
                           (unsigned long long)r->declared_events);
    cv_lane_events *lane = &t->events[s->argument];
    int64_t last_ns = lane->count ? lane->events[lane->count - 1].time_ns : 0;
    cv_event *dest = cv_trace_reserve(t, s->argument, count);
    if (!dest)
        return cv_fail(r->err, CV_ERR_NOMEM, "", 0, "out of memory reading %s (%llu events so far)",
                       r->path, (unsigned long long)t->event_count);
    size_t at = 0;
    cv_codec_problem problem = cv_codec_decode(r->payload + CV_TRACEFILE_CHUNK_PREFIX_BYTES,
                                               s->bytes - CV_TRACEFILE_CHUNK_PREFIX_BYTES, count,
                                               last_ns, CV_TRACEFILE_MAX_TIME_NS, dest, &at);
    if (problem != CV_CODEC_OK)
        return input_error(r, "damaged: event %zu of the chunk at byte %llu (lane %u): %s", at,
                           (unsigned long long)s->offset, s->argument,
                           cv_codec_problem_text(problem));
    cv_trace_commit(t, s->argument, count);
    return CV_OK;
}

static cv_status read_end(reader *r, const section *s, uint64_t chunks)
{
    if (s->bytes != CV_TRACEFILE_END_BYTES)
        return input_error(r, "damaged: the end section has the wrong size");
    uint64_t events = cv_load_u64(r->payload), chunks_written = cv_load_u64(r->payload + 8);
    if (events != r->declared_events || events != r->trace->event_count || chunks != chunks_written)
        return input_error(r,
                           "damaged: holds %llu events in %llu chunks, but says %llu events in "
                           "%llu chunks",
                           (unsigned long long)r->trace->event_count, (unsigned long long)chunks,
                           (unsigned long long)events, (unsigned long long)chunks_written);
    if (fgetc(r->in) != EOF)
        return input_error(r, "damaged: bytes follow the end section (at byte %llu)",
                           (unsigned long long)r->offset);
    return CV_OK;
}

static cv_status read_events(reader *r)
{
    uint64_t chunks = 0;
    for (;;) {
        section s;
        cv_status status = read_section(r, &s);
        if (status != CV_OK)
            return status;
        if (s.type == CV_SECTION_END)
            return read_end(r, &s, chunks);
        if (s.type != CV_SECTION_EVENTS)
            return input_error(r, "damaged: a second header at byte %llu",
                               (unsigned long long)s.offset);
        status = read_chunk(r, &s);
        if (status != CV_OK)
            return status;
        chunks++;
    }
}

static cv_status read_file(reader *r, bool *has_result)
{
    cv_status status = read_preamble(r);
    if (status == CV_OK)
        status = read_header(r, has_result);
    if (status == CV_OK)
        status = read_events(r);
    if (status != CV_OK)
        return status;
    if (r->declared_end_ns > r->trace->end_ns)
        r->trace->end_ns = r->declared_end_ns;
    r->trace->finished = true;
    return CV_OK;
}

void cv_tracefile_result_free(cv_run_result *result)
{
    free(result->workers);
    memset(result, 0, sizeof *result);
}

cv_status cv_tracefile_read(const char *path, cv_trace *trace, cv_run_result *result,
                            bool *has_result, cv_error *err)
{
    bool found_result = false;
    memset(trace, 0, sizeof *trace);
    if (result)
        memset(result, 0, sizeof *result);
    if (has_result)
        *has_result = false;
    if (!path)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "cv_tracefile_read: no path");
    bool from_stdin = strcmp(path, "-") == 0;
    reader r = {.path = path, .err = err, .trace = trace, .result = result};
    r.in = from_stdin ? stdin : fopen(path, "rb");
    if (!r.in)
        return cv_fail(err, CV_ERR_INPUT, path, 0, "cannot open the trace: %s", strerror(errno));
    /* Sections are read whole, into their own buffer; stdio's own buffer
     * only serves the small section headers. */
    char *buffer = from_stdin ? NULL : malloc(READ_BUFFER_BYTES);
    if (buffer)
        setvbuf(r.in, buffer, _IOFBF, READ_BUFFER_BYTES);
    /* Sections are read whole into their own buffer, grown to the largest;
     * stdio's buffer serves the small section headers. */
    cv_status status = read_file(&r, &found_result);
    if (!from_stdin)
        fclose(r.in);
    free(buffer);
    free(r.payload);
    if (status != CV_OK) {
        cv_trace_free(trace);
        if (result)
            cv_tracefile_result_free(result);
        found_result = false;
    }
    if (has_result)
        *has_result = found_result;
    return status;
}
