/*
 * tracefile_write.c — a cv_trace (and its run's result) as a native trace
 * file.
 *
 * The header is built in memory (it is small), then each lane's events are
 * encoded a chunk at a time straight from the lane's array and written with
 * plain write() calls through one buffer: memory use does not grow with the
 * trace. The file is written under a temporary name beside its destination
 * (created with O_EXCL, so nothing already there is followed or clobbered)
 * and renamed into place only when complete; on any failure the temporary
 * file is removed. The viewer's exports share one output-file helper for
 * this, but it lives in viz/ and this library must not depend on viz, so the
 * same rule is kept here.
 */
#include "conveyor/tracefile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "byte_order.h"
#include "event_codec.h"
#include "tracefile_format.h"

#define WRITE_BUFFER_BYTES (1u << 20)
#define TEMPORARY_NAME_TRIES 100

/* ---- the header, built in memory ---- */

typedef struct byte_buffer {
    uint8_t *bytes;
    size_t length;
    size_t capacity;
    bool failed; /* out of memory */
} byte_buffer;

static uint8_t *room(byte_buffer *b, size_t count)
{
    if (b->failed)
        return NULL;
    if (b->length + count > b->capacity) {
        size_t capacity = b->capacity ? b->capacity * 2 : 4096;
        while (capacity < b->length + count)
            capacity *= 2;
        uint8_t *bytes = realloc(b->bytes, capacity);
        if (!bytes) {
            b->failed = true;
            return NULL;
        }
        b->bytes = bytes;
        b->capacity = capacity;
    }
    uint8_t *at = b->bytes + b->length;
    b->length += count;
    return at;
}

static void put_u8(byte_buffer *b, uint8_t value)
{
    uint8_t *at = room(b, 1);
    if (at)
        *at = value;
}

static void put_u32(byte_buffer *b, uint32_t value)
{
    uint8_t *at = room(b, 4);
    if (at)
        cv_store_u32(at, value);
}

static void put_u64(byte_buffer *b, uint64_t value)
{
    uint8_t *at = room(b, 8);
    if (at)
        cv_store_u64(at, value);
}

static void put_f64(byte_buffer *b, double value)
{
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    put_u64(b, bits);
}

/* A string from a fixed-size char array: u32 length, then its bytes. */
static void put_string(byte_buffer *b, const char *text, size_t size)
{
    size_t length = strnlen(text, size - 1);
    put_u32(b, (uint32_t)length);
    uint8_t *at = room(b, length);
    if (at)
        memcpy(at, text, length);
}

/* What the machine gave the run (cores, load, the busy verdict). */
static void put_machine(byte_buffer *b, const cv_machine *m)
{
    put_u32(b, m->cores);
    put_u32(b, m->cores_available);
    put_f64(b, m->load_average);
    put_u8(b, m->ready_measured);
    put_u8(b, m->busy);
    put_string(b, m->note, sizeof m->note);
}

static void put_result(byte_buffer *b, const cv_run_result *r)
{
    put_u8(b, (uint8_t)r->outcome);
    put_u8(b, (uint8_t)r->backend);
    put_f64(b, r->elapsed_s);
    put_u64(b, r->items_produced);
    put_u64(b, r->items_consumed);
    put_u8(b, r->ledger_ok);
    put_u64(b, r->lost_count);
    put_u64(b, r->duplicated_count);
    for (int i = 0; i < CV_MAX_LISTED_IDS; i++)
        put_u32(b, r->lost_ids[i]);
    for (int i = 0; i < CV_MAX_LISTED_IDS; i++)
        put_u32(b, r->duplicated_ids[i]);
    put_u64(b, r->leftover_items);
    put_u64(b, r->dropped_events);
    put_f64(b, r->calibration_iterations_per_us);
    put_string(b, r->explanation, sizeof r->explanation);
    put_u32(b, (uint32_t)r->lock_holder);
    put_machine(b, &r->machine);
    uint32_t workers = r->workers ? r->worker_count : 0;
    put_u32(b, workers);
    for (uint32_t i = 0; i < workers; i++) {
        const cv_worker_summary *w = &r->workers[i];
        put_string(b, w->name, sizeof w->name);
        put_u8(b, (uint8_t)w->role);
        put_u64(b, (uint64_t)w->os_id);
        put_u64(b, w->items);
        put_u64(b, (uint64_t)w->spawn_ns);
        for (int s = 0; s < CV_STATE_COUNT; s++)
            put_u64(b, (uint64_t)w->state_ns[s]);
        put_u32(b, (uint32_t)w->exit_signal);
        put_u32(b, (uint32_t)w->exit_code);
        put_u8(b, w->died);
    }
}

static void put_header(byte_buffer *b, const cv_trace *t, const cv_run_result *r,
                       uint64_t event_count)
{
    cv_outcome outcome = t->finished || !r ? t->outcome : r->outcome;
    put_u32(b, CV_STATE_COUNT);
    put_string(b, t->scenario, sizeof t->scenario);
    put_string(b, t->description, sizeof t->description);
    put_u8(b, (uint8_t)t->backend);
    put_u8(b, (uint8_t)outcome);
    put_u8(b, t->finished);
    put_u8(b, r != NULL);
    put_u32(b, t->buffer_slots);
    put_u64(b, (uint64_t)t->parent_pid);
    put_u32(b, t->lane_count);
    put_u64(b, event_count);
    put_u64(b, t->dropped_events);
    put_u64(b, (uint64_t)t->end_ns);
    put_machine(b, &t->machine);
    put_u8(b, t->mode_known);
    put_u8(b, (uint8_t)t->sync);
    put_u8(b, t->gil);
    for (uint32_t lane = 0; lane < t->lane_count; lane++) {
        const cv_lane_info *info = &t->lanes[lane];
        put_string(b, info->name, sizeof info->name);
        put_u8(b, (uint8_t)info->role);
        put_u32(b, info->group);
        put_u64(b, (uint64_t)info->os_id);
        put_u8(b, (uint8_t)info->os_id_kind);
    }
    if (r)
        put_result(b, r);
}

/* ---- the output: a file descriptor with one buffer ---- */

typedef struct writer {
    int fd;
    uint8_t *buffer;
    size_t used;
    int error;       /* errno of the first failed write, or 0 */
    uint8_t *chunk;  /* one encoded chunk */
    cv_event *batch; /* one chunk's valid events, when a lane holds others */
} writer;

static void flush(writer *w)
{
    size_t done = 0;
    while (!w->error && done < w->used) {
        ssize_t n = write(w->fd, w->buffer + done, w->used - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            w->error = n < 0 ? errno : EIO;
        else
            done += (size_t)n;
    }
    w->used = 0;
}

static void emit(writer *w, const void *bytes, size_t count)
{
    const uint8_t *from = bytes;
    while (count > 0 && !w->error) {
        if (w->used == WRITE_BUFFER_BYTES)
            flush(w);
        size_t take = WRITE_BUFFER_BYTES - w->used;
        take = take < count ? take : count;
        memcpy(w->buffer + w->used, from, take);
        w->used += take;
        from += take;
        count -= take;
    }
}

static void emit_section(writer *w, uint32_t type, uint32_t argument, const uint8_t *payload,
                         size_t bytes)
{
    uint8_t header[CV_TRACEFILE_SECTION_HEADER_BYTES];
    cv_store_u32(header, type);
    cv_store_u32(header + 4, (uint32_t)bytes);
    cv_store_u32(header + 12, argument);
    cv_store_u32(header + 8, cv_section_crc(header, payload, bytes));
    emit(w, header, sizeof header);
    emit(w, payload, bytes);
}

/* ---- events ---- */

static uint64_t count_valid_events(const cv_trace *t)
{
    uint64_t count = 0;
    for (uint32_t lane = 0; lane < t->lane_count; lane++) {
        const cv_lane_events *events = &t->events[lane];
        for (size_t i = 0; i < events->count; i++)
            count += cv_codec_kind_is_valid(cv_event_kind(&events->events[i]));
    }
    return count;
}

static void emit_chunk(writer *w, uint32_t lane, const cv_event *events, size_t count)
{
    uint8_t *payload = w->chunk;
    cv_store_u32(payload, (uint32_t)count);
    cv_store_u32(payload + 4, CV_TRACEFILE_ENCODING_VARINT);
    size_t bytes = cv_codec_encode(events, count, payload + CV_TRACEFILE_CHUNK_PREFIX_BYTES);
    emit_section(w, CV_SECTION_EVENTS, lane, payload, CV_TRACEFILE_CHUNK_PREFIX_BYTES + bytes);
}

/* A lane's events, chunk by chunk; straight from the lane's array when every
 * kind in the chunk is valid (always, for a live run), else through a copy. */
static uint64_t emit_lane(writer *w, uint32_t lane, const cv_lane_events *events)
{
    uint64_t chunks = 0;
    size_t i = 0;
    while (i < events->count) {
        size_t end = i, kept = 0;
        bool all_valid = true;
        while (end < events->count && kept < CV_TRACEFILE_CHUNK_EVENTS) {
            const cv_event *e = &events->events[end++];
            if (cv_codec_kind_is_valid(cv_event_kind(e)))
                w->batch[kept++] = *e;
            else
                all_valid = false;
        }
        if (kept > 0) {
            emit_chunk(w, lane, all_valid ? events->events + i : w->batch, kept);
            chunks++;
        }
        i = end;
    }
    return chunks;
}

static cv_status write_all(writer *w, const cv_trace *t, const cv_run_result *r, cv_error *err)
{
    uint8_t preamble[CV_TRACEFILE_PREAMBLE_BYTES] = {0};
    memcpy(preamble, CV_TRACEFILE_MAGIC, CV_TRACEFILE_MAGIC_BYTES);
    cv_store_u32(preamble + 8, CV_TRACEFILE_VERSION);
    cv_store_u32(preamble + 12, 0);
    emit(w, preamble, sizeof preamble);

    uint64_t event_count = count_valid_events(t);
    byte_buffer head = {0};
    put_header(&head, t, r, event_count);
    if (head.failed) {
        free(head.bytes);
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the trace file's header");
    }
    emit_section(w, CV_SECTION_HEAD, 0, head.bytes, head.length);
    free(head.bytes);

    uint64_t chunks = 0;
    for (uint32_t lane = 0; lane < t->lane_count && !w->error; lane++)
        chunks += emit_lane(w, lane, &t->events[lane]);

    uint8_t end[CV_TRACEFILE_END_BYTES];
    cv_store_u64(end, event_count);
    cv_store_u64(end + 8, chunks);
    emit_section(w, CV_SECTION_END, 0, end, sizeof end);
    flush(w);
    return CV_OK;
}

/* The most events one chunk will hold: the chunk buffers are sized to it. */
static size_t longest_chunk(const cv_trace *t)
{
    size_t longest = 1;
    for (uint32_t lane = 0; lane < t->lane_count; lane++) {
        if (t->events[lane].count > longest)
            longest = t->events[lane].count;
    }
    return longest < CV_TRACEFILE_CHUNK_EVENTS ? longest : CV_TRACEFILE_CHUNK_EVENTS;
}

/* ---- the file: a temporary name, renamed into place ---- */

static int open_temporary(const char *path, char *temporary, size_t size)
{
    const char *slash = strrchr(path, '/');
    int folder_length = slash ? (int)(slash - path + 1) : 0;
    const char *base = slash ? slash + 1 : path;
    unsigned seed = (unsigned)getpid() ^ (unsigned)(uintptr_t)temporary;
    for (int attempt = 0; attempt < TEMPORARY_NAME_TRIES; attempt++) {
        seed = seed * 1103515245u + 12345u;
        int n = snprintf(temporary, size, "%.*s.%s.%08x.tmp", folder_length, path, base, seed);
        if (n < 0 || (size_t)n >= size) {
            errno = ENAMETOOLONG;
            return -1;
        }
        int fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

bool cv_tracefile_is_native_name(const char *path)
{
    size_t length = path ? strlen(path) : 0, ending = strlen(CV_TRACEFILE_EXTENSION);
    return length > ending && strcmp(path + length - ending, CV_TRACEFILE_EXTENSION) == 0;
}

cv_status cv_tracefile_write(const char *path, const cv_trace *trace, const cv_run_result *result,
                             cv_error *err)
{
    if (!path || !trace)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "cv_tracefile_write: path and trace required");
    bool to_stdout = strcmp(path, "-") == 0;
    char temporary[PATH_MAX + 64];
    writer w = {.fd =
                    to_stdout ? STDOUT_FILENO : open_temporary(path, temporary, sizeof temporary)};
    if (w.fd < 0)
        return cv_fail(err, CV_ERR_IO, path, 0, "cannot write the trace: %s", strerror(errno));
    size_t chunk_events = longest_chunk(trace);
    w.buffer = malloc(WRITE_BUFFER_BYTES);
    w.chunk = malloc(CV_TRACEFILE_CHUNK_PREFIX_BYTES + chunk_events * CV_CODEC_MAX_EVENT_BYTES);
    w.batch = malloc(chunk_events * sizeof *w.batch);
    cv_status status = CV_OK;
    if (!w.buffer || !w.chunk || !w.batch)
        status = cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory writing %s", path);
    else
        status = write_all(&w, trace, result, err);
    if (!to_stdout && close(w.fd) != 0 && !w.error)
        w.error = errno;
    if (status == CV_OK && w.error)
        status = cv_fail(err, CV_ERR_IO, path, 0, "cannot write the trace: %s", strerror(w.error));
    if (status == CV_OK && !to_stdout && rename(temporary, path) != 0)
        status = cv_fail(err, CV_ERR_IO, path, 0, "cannot write the trace: %s", strerror(errno));
    if (status != CV_OK && !to_stdout)
        unlink(temporary);
    free(w.buffer);
    free(w.chunk);
    free(w.batch);
    return status;
}
