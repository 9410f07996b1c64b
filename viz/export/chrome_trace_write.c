/*
 * chrome_trace_write.c — a cv_trace as a Chrome trace event file.
 *
 * The file is streamed with fprintf through one large stdio buffer, walking
 * the lanes' event arrays in place: nothing is copied, so a trace of ten
 * million events costs no more memory to save than a trace of ten. Each lane
 * becomes a thread (or, with the processes backend, a process of its own);
 * each span (a state, cut where the worker moves on to another item:
 * timeline/item_span.h) becomes a "B" event and an "E" event at the next
 * span's start with the same ts text (write_span_edge), named by its item; each
 * put/get becomes an instant plus a sample of the buffer fill counter and one
 * end of a flow arrow from the put of an item to its get. Times are written in µs with three
 * decimals, which is exact for integer nanoseconds, so the reader gets back the very same events,
 * and an arrow never ends before it starts (flow_start_ns).
 */
#include "export/chrome_trace_write.h"
#include "export/output_file.h"

#include "export/chrome_trace.h"
#include "timeline/item_span.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct lane_ids {
    int64_t pid;
    int64_t tid;
    uint32_t order; /* position in the viewer: producers first */
} lane_ids;

typedef struct writer {
    FILE *out;
    const cv_trace *trace;
    const cv_run_result *result;
    lane_ids *ids;      /* lane_count entries */
    int64_t parent_pid; /* the process of the run itself; owns the fill counter */
    int64_t group_pid;  /* a run of a comparison: every lane in this one process group */
    const char *group_name;
    int64_t *first_get_ns; /* per item id: its earliest get (INT64_MAX: none) */
    uint64_t item_limit;   /* entries in first_get_ns */
    bool any_event;        /* a comma goes before every event but the first */
    uint64_t written;      /* trace events stored; the reader checks it got them all */
} writer;

/* Length of the valid UTF-8 sequence at s, or 0 if it is not valid (a JSON
 * reader would reject the whole file over one bad byte in a name). */
static size_t utf8_sequence_length(const unsigned char *s, size_t available)
{
    static const uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    size_t length;
    uint32_t code;
    if (s[0] < 0x80)
        return 1;
    if ((s[0] & 0xe0) == 0xc0) {
        length = 2;
        code = s[0] & 0x1fu;
    } else if ((s[0] & 0xf0) == 0xe0) {
        length = 3;
        code = s[0] & 0x0fu;
    } else if ((s[0] & 0xf8) == 0xf0) {
        length = 4;
        code = s[0] & 0x07u;
    } else {
        return 0;
    }
    if (length > available)
        return 0;
    for (size_t i = 1; i < length; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        code = (code << 6) | (s[i] & 0x3fu);
    }
    if (code < smallest[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
        return 0;
    return length;
}

/* A JSON string from a fixed-size char array (stops at NUL or at size). */
static void write_string(FILE *out, const char *text, size_t size)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t length = strnlen(text, size);
    size_t i = 0;
    fputc('"', out);
    while (i < length) {
        if (s[i] == '"' || s[i] == '\\') {
            fputc('\\', out);
            fputc(s[i++], out);
        } else if (s[i] < 0x20) {
            fprintf(out, "\\u%04x", s[i++]);
        } else {
            size_t n = utf8_sequence_length(s + i, length - i);
            if (n == 0) {
                fputs("\\ufffd", out);
                i++;
            } else {
                fwrite(s + i, 1, n, out);
                i += n;
            }
        }
    }
    fputc('"', out);
}

static void begin_event(writer *w)
{
    fputs(w->any_event ? ",\n" : "\n", w->out);
    w->any_event = true;
}

static int compare_int64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Real OS ids make the best pids/tids (they match `ps` and the report), but
 * only when every lane has its own: a hand-built or partly started trace may
 * have zeros or repeats, and two lanes on one tid would merge in a viewer. */
static bool os_ids_usable(const cv_trace *trace, int64_t parent_pid)
{
    if (trace->lane_count == 0)
        return true;
    int64_t *sorted = malloc(trace->lane_count * sizeof *sorted);
    if (!sorted)
        return false;
    for (uint32_t i = 0; i < trace->lane_count; i++)
        sorted[i] = trace->lanes[i].os_id;
    qsort(sorted, trace->lane_count, sizeof *sorted, compare_int64);
    bool usable = sorted[0] > 0;
    for (uint32_t i = 0; usable && i < trace->lane_count; i++) {
        usable = sorted[i] != parent_pid && sorted[i] < CV_CHROME_TRACE_SYNTHETIC_ID &&
                 (i == 0 || sorted[i] != sorted[i - 1]);
    }
    free(sorted);
    return usable;
}

/* Producers before consumers, each in lane order: the order of the window. */
static void assign_order(writer *w)
{
    const cv_trace *t = w->trace;
    uint32_t producers = 0, producers_before = 0, consumers_before = 0;
    for (uint32_t i = 0; i < t->lane_count; i++)
        producers += t->lanes[i].role == CV_ROLE_PRODUCER;
    for (uint32_t i = 0; i < t->lane_count; i++) {
        if (t->lanes[i].role == CV_ROLE_PRODUCER)
            w->ids[i].order = producers_before++;
        else
            w->ids[i].order = producers + consumers_before++;
    }
}

static cv_status assign_ids(writer *w, cv_error *err)
{
    const cv_trace *t = w->trace;
    w->parent_pid =
        t->parent_pid > 0 && t->parent_pid < CV_CHROME_TRACE_SYNTHETIC_ID ? t->parent_pid : 1;
    w->ids = calloc(t->lane_count ? t->lane_count : 1, sizeof *w->ids);
    if (!w->ids)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for %u lanes", t->lane_count);
    if (w->group_pid > 0) {
        /* One process group per run, so viewers stack the runs apart. */
        w->parent_pid = w->group_pid;
        for (uint32_t i = 0; i < t->lane_count; i++)
            w->ids[i] = (lane_ids){w->group_pid, w->group_pid * 1000000 + i + 1, 0};
        assign_order(w);
        return CV_OK;
    }
    bool real = os_ids_usable(t, w->parent_pid);
    for (uint32_t i = 0; i < t->lane_count; i++) {
        int64_t id = real ? t->lanes[i].os_id : CV_CHROME_TRACE_SYNTHETIC_ID + i;
        w->ids[i].tid = id;
        w->ids[i].pid = cv_lane_is_process(t, i) ? id : w->parent_pid;
    }
    assign_order(w);
    return CV_OK;
}

static void write_name_metadata(writer *w, const char *what, int64_t pid, int64_t tid,
                                const char *name, size_t size)
{
    begin_event(w);
    fprintf(w->out,
            "{\"ph\":\"M\",\"name\":\"%s\",\"pid\":%" PRId64 ",\"tid\":%" PRId64
            ",\"args\":{\"name\":",
            what, pid, tid);
    write_string(w->out, name, size);
    fputs("}}", w->out);
}

static void write_sort_metadata(writer *w, const char *what, int64_t pid, int64_t tid,
                                int64_t index)
{
    begin_event(w);
    fprintf(w->out,
            "{\"ph\":\"M\",\"name\":\"%s\",\"pid\":%" PRId64 ",\"tid\":%" PRId64
            ",\"args\":{\"sort_index\":%" PRId64 "}}",
            what, pid, tid, index);
}

static void write_parent_metadata(writer *w)
{
    const cv_trace *t = w->trace;
    char name[CV_NAME_MAX + 64];
    bool processes = t->backend == CV_BACKEND_PROCESSES;
    snprintf(name, sizeof name, "conveyor: %.*s (%s)", CV_NAME_MAX, t->scenario,
             processes ? "parent" : "threads");
    if (w->group_name)
        snprintf(name, sizeof name, "run %" PRId64 ": %.80s", w->group_pid, w->group_name);
    write_name_metadata(w, "process_name", w->parent_pid, w->parent_pid, name, sizeof name);
    write_sort_metadata(w, "process_sort_index", w->parent_pid, w->parent_pid,
                        w->group_pid > 0 ? w->group_pid : -1);
}

/* The thread_name event also carries what the reader needs to rebuild the
 * lane: its index, role, group and OS id (viewers ignore extra args). */
static void write_lane_metadata(writer *w, uint32_t lane)
{
    const cv_lane_info *info = &w->trace->lanes[lane];
    lane_ids ids = w->ids[lane];
    uint32_t order = ids.order;
    if (cv_lane_is_process(w->trace, lane) && w->group_pid == 0) {
        write_name_metadata(w, "process_name", ids.pid, ids.tid, info->name, sizeof info->name);
        write_sort_metadata(w, "process_sort_index", ids.pid, ids.tid, order);
    }
    begin_event(w);
    fprintf(w->out,
            "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":%" PRId64 ",\"tid\":%" PRId64
            ",\"args\":{\"name\":",
            ids.pid, ids.tid);
    write_string(w->out, info->name, sizeof info->name);
    fprintf(w->out,
            ",\"lane\":%" PRIu32 ",\"role\":\"%s\",\"group\":%" PRIu32 ",\"os_id\":%" PRId64, lane,
            cv_role_name(info->role), info->group, info->os_id);
    /* Only a traced program's lanes say (readers without the key ignore it). */
    if (info->os_id_kind != CV_OS_ID_AS_BACKEND)
        fprintf(w->out, ",\"os_id_kind\":\"%s\"",
                info->os_id_kind == CV_OS_ID_PROCESS ? "process" : "thread");
    /* A worker that died says how (the run's result; readers without the
     * keys ignore them): a replay tags its lane as the live picture did. */
    const cv_run_result *r = w->result;
    if (r && r->workers && lane < r->worker_count && r->workers[lane].died)
        fprintf(w->out, ",\"died\":true,\"exit_signal\":%d,\"exit_code\":%d",
                r->workers[lane].exit_signal, r->workers[lane].exit_code);
    fputs("}}", w->out);
    write_sort_metadata(w, "thread_sort_index", ids.pid, ids.tid, order);
}

/*
 * The hot path: each event is formatted by hand into a small buffer and
 * handed to stdio with one fwrite. fprintf's format parsing and per-call
 * locking cost more than the formatting itself (bench/export_bench: about
 * 2.5x slower). The longest event is under 300 bytes.
 */
typedef struct line {
    char text[384];
    size_t length;
} line;

static void add_bytes(line *l, const char *bytes, size_t count)
{
    memcpy(l->text + l->length, bytes, count);
    l->length += count;
}

#define ADD_LITERAL(l, literal) add_bytes((l), (literal), sizeof(literal) - 1)

static void add_text(line *l, const char *text)
{
    add_bytes(l, text, strlen(text));
}

static void add_u64(line *l, uint64_t value)
{
    char digits[20];
    size_t count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    while (count)
        l->text[l->length++] = digits[--count];
}

static void add_i64(line *l, int64_t value)
{
    if (value < 0) {
        l->text[l->length++] = '-';
        add_u64(l, (uint64_t)0 - (uint64_t)value);
    } else {
        add_u64(l, (uint64_t)value);
    }
}

/* ns as µs with exactly three decimals: exact, and reads back to the ns. */
static void add_micros(line *l, int64_t ns)
{
    uint64_t magnitude = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
    if (ns < 0)
        l->text[l->length++] = '-';
    add_u64(l, magnitude / 1000);
    unsigned fraction = (unsigned)(magnitude % 1000);
    char decimals[4] = {'.', (char)('0' + fraction / 100), (char)('0' + fraction / 10 % 10),
                        (char)('0' + fraction % 10)};
    add_bytes(l, decimals, sizeof decimals);
}

static void start_line(writer *w, line *l)
{
    l->length = 0;
    if (w->any_event)
        l->text[l->length++] = ',';
    l->text[l->length++] = '\n';
    w->any_event = true;
}

static void add_thread(line *l, lane_ids ids)
{
    ADD_LITERAL(l, ",\"pid\":");
    add_i64(l, ids.pid);
    ADD_LITERAL(l, ",\"tid\":");
    add_i64(l, ids.tid);
}

static void add_item_args(line *l, const cv_event *e)
{
    ADD_LITERAL(l, ",\"args\":{\"item\":");
    add_u64(l, e->item);
    ADD_LITERAL(l, ",\"fill\":");
    add_u64(l, cv_event_fill(e));
    ADD_LITERAL(l, "}");
}

static void end_line(writer *w, line *l)
{
    assert(l->length <= sizeof l->text);
    fwrite(l->text, 1, l->length, w->out);
}

static void add_span_head(line *l, const char *phase, const char *state, lane_ids ids,
                          int64_t time_ns)
{
    ADD_LITERAL(l, "{\"ph\":\"");
    add_text(l, phase);
    ADD_LITERAL(l, "\",\"name\":\"");
    add_text(l, state);
    ADD_LITERAL(l, "\",\"cat\":\"");
    add_text(l, state);
    ADD_LITERAL(l, "\"");
    add_thread(l, ids);
    ADD_LITERAL(l, ",\"ts\":");
    add_micros(l, time_ns);
}

/*
 * A span is a "B" event where it begins and an "E" event where it ends,
 * which is the next span's "B" with the very same ts text: every reader,
 * whatever it does with the numbers (speedscope subtracts the earliest ts
 * from each, then adds ts + dur as doubles; Perfetto converts to integer ns),
 * gets one span's end equal to the next one's start. "X" events with a "dur"
 * cannot promise that: ts + dur lands a rounding error past the next ts, and
 * viewers then report spans ending out of order and draw lanes as
 * staircases. The "E" repeats the name (speedscope matches it) and the args:
 * the item the span is about, when it is about one.
 */
static void write_span_edge(writer *w, lane_ids ids, const cv_item_span *span, bool begin)
{
    line l;
    start_line(w, &l);
    add_span_head(&l, begin ? "B" : "E", cv_state_name(span->state), ids,
                  begin ? span->start_ns : span->end_ns);
    if (span->item != CV_NO_ITEM) {
        ADD_LITERAL(&l, ",\"args\":{\"item\":");
        add_u64(&l, span->item);
        ADD_LITERAL(&l, "}");
    }
    ADD_LITERAL(&l, "}");
    end_line(w, &l);
}

/*
 * Where an item's flow arrow starts. A put is stamped after its post, so a
 * consumer can take the item and stamp its get first (about 1 in 740 items
 * with threads, 1 in 112 with processes, more under load); viewers drop an
 * arrow that ends before it starts. The hand-over happened before either
 * stamp, so the arrow starts at the earlier of the two: never after its get.
 */
static int64_t flow_start_ns(const writer *w, const cv_event *put)
{
    if (put->item >= w->item_limit)
        return put->time_ns;
    int64_t get_ns = w->first_get_ns[put->item];
    return get_ns < put->time_ns ? get_ns : put->time_ns;
}

/* The earliest get of every item, for flow_start_ns. */
static cv_status find_first_gets(writer *w, cv_error *err)
{
    const cv_trace *t = w->trace;
    uint64_t limit = 0;
    for (uint32_t lane = 0; lane < t->lane_count; lane++) {
        for (size_t i = 0; i < t->events[lane].count; i++) {
            const cv_event *e = &t->events[lane].events[i];
            if (cv_event_kind(e) == CV_EVENT_GET && (uint64_t)e->item + 1 > limit)
                limit = (uint64_t)e->item + 1;
        }
    }
    w->first_get_ns = malloc((limit ? limit : 1) * sizeof *w->first_get_ns);
    if (!w->first_get_ns)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for %" PRIu64 " flow arrows",
                       limit);
    w->item_limit = limit;
    for (uint64_t item = 0; item < limit; item++)
        w->first_get_ns[item] = INT64_MAX;
    for (uint32_t lane = 0; lane < t->lane_count; lane++) {
        for (size_t i = 0; i < t->events[lane].count; i++) {
            const cv_event *e = &t->events[lane].events[i];
            if (cv_event_kind(e) == CV_EVENT_GET && e->time_ns < w->first_get_ns[e->item])
                w->first_get_ns[e->item] = e->time_ns;
        }
    }
    return CV_OK;
}

/* An instant, a fill counter sample, and one end of the item's flow arrow. */
static void write_item_event(writer *w, lane_ids ids, const cv_event *e)
{
    bool put = cv_event_kind(e) == CV_EVENT_PUT;
    line l;
    start_line(w, &l);
    if (put)
        ADD_LITERAL(&l, "{\"ph\":\"i\",\"s\":\"t\",\"name\":\"put\"");
    else
        ADD_LITERAL(&l, "{\"ph\":\"i\",\"s\":\"t\",\"name\":\"get\"");
    ADD_LITERAL(&l, ",\"cat\":\"" CV_CHROME_TRACE_ITEM_CATEGORY "\"");
    add_thread(&l, ids);
    ADD_LITERAL(&l, ",\"ts\":");
    add_micros(&l, e->time_ns);
    add_item_args(&l, e);
    ADD_LITERAL(&l, "}");
    end_line(w, &l);
    w->written++;

    start_line(w, &l);
    ADD_LITERAL(&l, "{\"ph\":\"C\",\"name\":\"buffer fill\",\"pid\":");
    add_i64(&l, w->parent_pid);
    ADD_LITERAL(&l, ",\"ts\":");
    add_micros(&l, e->time_ns);
    ADD_LITERAL(&l, ",\"args\":{\"items\":");
    add_u64(&l, cv_event_fill(e));
    ADD_LITERAL(&l, "}}");
    end_line(w, &l);

    start_line(w, &l);
    if (put)
        ADD_LITERAL(&l, "{\"ph\":\"s\",\"name\":\"item\",\"cat\":\"item\",\"id\":");
    else
        ADD_LITERAL(&l, "{\"ph\":\"f\",\"bp\":\"e\",\"name\":\"item\",\"cat\":\"item\",\"id\":");
    add_u64(&l, e->item);
    add_thread(&l, ids);
    ADD_LITERAL(&l, ",\"ts\":");
    add_micros(&l, put ? flow_start_ns(w, e) : e->time_ns);
    ADD_LITERAL(&l, "}");
    end_line(w, &l);
}

/* One span per state and item (timeline/item_span.h): a new item starts a
 * new span even when the state stays the same. The reader takes a span that
 * goes on in the same state for the hand-over it is, not a state change. */
static void write_lane_events(writer *w, uint32_t lane)
{
    const cv_lane_events *events = &w->trace->events[lane];
    lane_ids ids = w->ids[lane];
    cv_item_span_walk walk;
    cv_item_span span;
    cv_item_span_walk_start(&walk, events->events, events->count, w->trace->end_ns, true);
    /* Hand-overs before the lane's first state change belong to no span. */
    for (size_t i = 0; i < walk.at; i++) {
        if (cv_event_is_handover(&events->events[i]))
            write_item_event(w, ids, &events->events[i]);
    }
    uint64_t spans = 0;
    while (cv_item_span_walk_next(&walk, &span)) {
        /* A signal during the export ends it; close then discards the file. */
        if (++spans % 65536 == 0 && cv_output_stop_requested())
            return;
        write_span_edge(w, ids, &span, true);
        if (cv_event_is_state(&events->events[span.begin]))
            w->written++;
        for (size_t i = span.begin; i < span.next; i++) {
            if (cv_event_is_handover(&events->events[i]))
                write_item_event(w, ids, &events->events[i]);
        }
        write_span_edge(w, ids, &span, false);
    }
}

static void write_other_data(writer *w)
{
    const cv_trace *t = w->trace;
    const cv_run_result *r = w->result;
    cv_outcome outcome = t->finished || !r ? t->outcome : r->outcome;
    fputs("\n],\n\"displayTimeUnit\": \"ns\",\n\"otherData\": {", w->out);
    fprintf(w->out, "\"" CV_CHROME_TRACE_VERSION_KEY "\":%d,\"generator\":\"conveyor %s\"",
            CV_CHROME_TRACE_VERSION, CONVEYOR_VERSION);
    fputs(",\"scenario\":", w->out);
    write_string(w->out, t->scenario, sizeof t->scenario);
    fputs(",\"description\":", w->out);
    write_string(w->out, t->description, sizeof t->description);
    fprintf(w->out,
            ",\"backend\":\"%s\",\"buffer_slots\":%" PRIu32 ",\"parent_pid\":%" PRId64
            ",\"lane_count\":%" PRIu32 ",\"event_count\":%" PRIu64 ",\"dropped_events\":%" PRIu64
            ",\"end_ns\":%" PRId64 ",\"finished\":%s,\"outcome\":\"%s\"",
            cv_backend_name(t->backend), t->buffer_slots, t->parent_pid, t->lane_count, w->written,
            t->dropped_events, t->end_ns, t->finished ? "true" : "false", cv_outcome_name(outcome));
    if (t->mode_known)
        fprintf(w->out, ",\"sync\":\"%s\",\"gil\":%s", cv_sync_name(t->sync),
                t->gil ? "true" : "false");
    if (r) {
        fprintf(w->out,
                ",\"elapsed_s\":%.9f,\"items_produced\":%" PRIu64 ",\"items_consumed\":%" PRIu64
                ",\"ledger_ok\":%s,\"lock_holder\":%" PRId32 ",\"lost_count\":%" PRIu64
                ",\"duplicated_count\":%" PRIu64 ",\"leftover_items\":%" PRIu64 ",\"explanation\":",
                r->elapsed_s, r->items_produced, r->items_consumed, r->ledger_ok ? "true" : "false",
                r->lock_holder, r->lost_count, r->duplicated_count, r->leftover_items);
        write_string(w->out, r->explanation, sizeof r->explanation);
    }
    const cv_machine *m = r ? &r->machine : &t->machine;
    if (m->cores > 0) {
        fprintf(w->out,
                ",\"machine\":{\"cores\":%" PRIu32 ",\"cores_available\":%" PRIu32
                ",\"ready_measured\":%s,\"busy\":%s",
                m->cores, m->cores_available, m->ready_measured ? "true" : "false",
                m->busy ? "true" : "false");
        if (m->load_average >= 0)
            fprintf(w->out, ",\"load_average\":%.2f", m->load_average);
        fputs(",\"note\":", w->out);
        write_string(w->out, m->note, sizeof m->note);
        fputs("}", w->out);
    }
    fputs("}\n}\n", w->out);
}

static void write_document(writer *w)
{
    fputs("{\"traceEvents\": [", w->out);
    write_parent_metadata(w);
    for (uint32_t lane = 0; lane < w->trace->lane_count; lane++)
        write_lane_metadata(w, lane);
    for (uint32_t lane = 0; lane < w->trace->lane_count; lane++)
        write_lane_events(w, lane);
    write_other_data(w);
}

cv_status cv_chrome_trace_write(const char *path, const cv_trace *trace,
                                const cv_run_result *result, cv_error *err)
{
    if (!path || !trace)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "cv_chrome_trace_write: path and trace required");
    writer w = {.trace = trace, .result = result};
    cv_status status = assign_ids(&w, err);
    if (status == CV_OK)
        status = find_first_gets(&w, err);
    if (status != CV_OK) {
        free(w.ids);
        free(w.first_get_ns);
        return status;
    }
    cv_output_file file;
    status = cv_output_open(&file, path, "trace", err);
    if (status == CV_OK) {
        w.out = file.stream;
        write_document(&w);
        status = cv_output_close(&file, err);
    }
    free(w.ids);
    free(w.first_get_ns);
    return status;
}

cv_status cv_chrome_trace_write_runs(const char *path, const cv_chrome_run *runs, int count,
                                     cv_error *err)
{
    if (!path || !runs || count < 1)
        return cv_fail(err, CV_ERR_USAGE, "", 0,
                       "cv_chrome_trace_write_runs: path and runs required");
    cv_output_file file;
    cv_status status = cv_output_open(&file, path, "trace", err);
    if (status != CV_OK)
        return status;
    fputs("{\"traceEvents\": [", file.stream);
    bool any_event = false;
    uint64_t written = 0;
    for (int i = 0; i < count && status == CV_OK; i++) {
        writer w = {.out = file.stream,
                    .trace = runs[i].trace,
                    .result = runs[i].result,
                    .group_pid = i + 1,
                    .group_name = runs[i].variant ? runs[i].variant : "",
                    .any_event = any_event};
        status = assign_ids(&w, err);
        if (status == CV_OK)
            status = find_first_gets(&w, err);
        if (status == CV_OK) {
            write_parent_metadata(&w);
            for (uint32_t lane = 0; lane < w.trace->lane_count; lane++)
                write_lane_metadata(&w, lane);
            for (uint32_t lane = 0; lane < w.trace->lane_count; lane++)
                write_lane_events(&w, lane);
        }
        any_event = w.any_event;
        written += w.written;
        free(w.ids);
        free(w.first_get_ns);
    }
    if (status != CV_OK) {
        cv_output_discard(&file); /* a run could not be written: no file that looks whole */
        return status;
    }
    fprintf(file.stream,
            "\n],\n\"displayTimeUnit\": \"ns\",\n\"otherData\": {\"" CV_CHROME_TRACE_VERSION_KEY
            "\":%d,\"generator\":\"conveyor %s\",\"comparison_runs\":%d,\"event_count\":%" PRIu64
            "}\n}\n",
            CV_CHROME_TRACE_VERSION, CONVEYOR_VERSION, count, written);
    return cv_output_close(&file, err);
}
