/*
 * test_exports.c — the files conveyor writes for other programs: the Chrome
 * trace (written, parsed back with jansson, read back into a cv_trace), the
 * CSV table and the run report. A small trace is built by hand so every
 * expected value is known; malformed traces must give CV_ERR_INPUT with a
 * message, never a crash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "export/chrome_trace_read.h"
#include "export/chrome_trace_write.h"
#include "export/csv.h"
#include "export/report.h"
#include "support/simple_scenario.h"

/* ---- fixtures ---- */

typedef struct fixture {
    char dir[64];
    char path[128];
    cv_trace trace;
} fixture;

static void set_lane(cv_trace *t, uint32_t lane, const char *name, cv_role role, int64_t os_id)
{
    snprintf(t->lanes[lane].name, sizeof t->lanes[lane].name, "%s", name);
    t->lanes[lane].role = role;
    t->lanes[lane].group = role == CV_ROLE_CONSUMER ? 1 : 0;
    t->lanes[lane].os_id = os_id;
}

static void append(cv_trace *t, uint32_t lane, cv_event e)
{
    cv_error err = {0};
    assert_int_equal(cv_trace_append(t, lane, &e, 1, &err), CV_OK);
}

/*
 * Lanes deliberately listed consumer first, so the writer's sort order is
 * tested: C0 (tid 501), P0 (tid 500), C1 (tid 502, still working at the end).
 * Times in ns, some with sub-µs parts.
 */
static void build_trace(cv_trace *t, cv_backend backend)
{
    cv_error err = {0};
    assert_int_equal(cv_trace_init(t, 3, &err), CV_OK);
    snprintf(t->scenario, sizeof t->scenario, "classic \"quoted\"");
    snprintf(t->description, sizeof t->description, "slow consumer\\ — über\nline two");
    t->backend = backend;
    t->buffer_slots = 4;
    t->parent_pid = 499;
    t->dropped_events = 3;
    set_lane(t, 0, "C0", CV_ROLE_CONSUMER, 501);
    set_lane(t, 1, "P0", CV_ROLE_PRODUCER, 500);
    set_lane(t, 2, "C,1", CV_ROLE_CONSUMER, 502);

    append(t, 1, cv_event_make(0, CV_STATE_SPAWN, 0, 0));
    append(t, 1, cv_event_make(1500, CV_STATE_WORK, 0, 0));
    append(t, 1, cv_event_make(2001001, CV_EVENT_PUT, 0, 1));
    append(t, 1, cv_event_make(3000000, CV_STATE_WAIT_SLOT, 0, 0));
    append(t, 1, cv_event_make(3999000, CV_STATE_WORK, 0, 0));
    append(t, 1, cv_event_make(4000000, CV_EVENT_PUT, 1, 1));
    append(t, 1, cv_event_make(4000250, CV_STATE_DONE, 0, 0));

    append(t, 0, cv_event_make(100, CV_STATE_SPAWN, 0, 0));
    append(t, 0, cv_event_make(1700, CV_STATE_WAIT_ITEM, 0, 0));
    append(t, 0, cv_event_make(2001900, CV_STATE_WORK, 0, 0));
    append(t, 0, cv_event_make(2001999, CV_EVENT_GET, 0, 0));
    append(t, 0, cv_event_make(2002000, CV_STATE_IO, 0, 0));
    append(t, 0, cv_event_make(5000000, CV_STATE_DONE, 0, 0));

    append(t, 2, cv_event_make(200, CV_STATE_SPAWN, 0, 0));
    append(t, 2, cv_event_make(1800, CV_STATE_WAIT_ITEM, 0, 0));
    append(t, 2, cv_event_make(4000100, CV_EVENT_GET, 1, 0));
    append(t, 2, cv_event_make(4000200, CV_STATE_WORK, 0, 0));

    t->end_ns = 6000000;
    t->finished = true;
    t->outcome = CV_OUTCOME_COMPLETED;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/cv-test-exports-XXXXXX");
    if (!f || !mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/out", f->dir);
    build_trace(&f->trace, CV_BACKEND_THREADS);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    cv_trace_free(&f->trace);
    unlink(f->path);
    rmdir(f->dir);
    free(f);
    return 0;
}

static void write_file(const char *path, const char *text)
{
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    fputs(text, out);
    assert_int_equal(fclose(out), 0);
}

static char *read_whole_file(const char *path)
{
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    fseek(in, 0, SEEK_END);
    long size = ftell(in);
    fseek(in, 0, SEEK_SET);
    char *text = calloc(1, (size_t)size + 1);
    assert_int_equal(fread(text, 1, (size_t)size, in), (size_t)size);
    fclose(in);
    return text;
}

static json_t *write_and_parse(fixture *f)
{
    cv_error err = {0};
    assert_int_equal(cv_chrome_trace_write(f->path, &f->trace, NULL, &err), CV_OK);
    json_error_t jerr;
    json_t *root = json_load_file(f->path, 0, &jerr);
    if (!root)
        fail_msg("the trace is not JSON: %s line %d: %s", f->path, jerr.line, jerr.text);
    return root;
}

/* ---- Chrome trace: round trip ---- */

static void assert_traces_equal(const cv_trace *a, const cv_trace *b)
{
    assert_string_equal(a->scenario, b->scenario);
    assert_string_equal(a->description, b->description);
    assert_int_equal(a->backend, b->backend);
    assert_int_equal(a->buffer_slots, b->buffer_slots);
    assert_int_equal(a->parent_pid, b->parent_pid);
    assert_int_equal(a->dropped_events, b->dropped_events);
    assert_int_equal(a->end_ns, b->end_ns);
    assert_int_equal(a->outcome, b->outcome);
    assert_int_equal(a->event_count, b->event_count);
    assert_int_equal(a->lane_count, b->lane_count);
    for (uint32_t lane = 0; lane < a->lane_count; lane++) {
        assert_string_equal(a->lanes[lane].name, b->lanes[lane].name);
        assert_int_equal(a->lanes[lane].role, b->lanes[lane].role);
        assert_int_equal(a->lanes[lane].group, b->lanes[lane].group);
        assert_int_equal(a->lanes[lane].os_id, b->lanes[lane].os_id);
        assert_int_equal(a->lanes[lane].os_id_kind, b->lanes[lane].os_id_kind);
        assert_int_equal(a->events[lane].count, b->events[lane].count);
        for (size_t i = 0; i < a->events[lane].count; i++) {
            const cv_event *x = &a->events[lane].events[i], *y = &b->events[lane].events[i];
            assert_int_equal(x->time_ns, y->time_ns);
            assert_int_equal(x->item, y->item);
            assert_int_equal(x->kind_fill, y->kind_fill);
        }
    }
}

static void round_trip(fixture *f)
{
    cv_error err = {0};
    cv_trace back;
    assert_int_equal(cv_chrome_trace_write(f->path, &f->trace, NULL, &err), CV_OK);
    cv_status status = cv_chrome_trace_read(f->path, &back, &err);
    if (status != CV_OK)
        fail_msg("reading back failed: %s", err.message);
    assert_true(back.finished);
    assert_traces_equal(&f->trace, &back);
    cv_trace_free(&back);
}

static void test_thread_trace_reads_back_identical(void **state)
{
    round_trip(*state);
}

static void test_process_trace_reads_back_identical(void **state)
{
    fixture *f = *state;
    f->trace.backend = CV_BACKEND_PROCESSES;
    round_trip(f);
}

static void test_trace_without_os_ids_reads_back_identical(void **state)
{
    fixture *f = *state;
    for (uint32_t lane = 0; lane < f->trace.lane_count; lane++)
        f->trace.lanes[lane].os_id = 0;
    f->trace.parent_pid = 0;
    round_trip(f);
    f->trace.backend = CV_BACKEND_PROCESSES;
    round_trip(f);
}

static void test_empty_trace_reads_back_identical(void **state)
{
    fixture *f = *state;
    cv_error err = {0};
    cv_trace_free(&f->trace);
    assert_int_equal(cv_trace_init(&f->trace, 0, &err), CV_OK);
    f->trace.outcome = CV_OUTCOME_STOPPED;
    round_trip(f);
}

/* ---- Chrome trace: what viewers need ---- */

static size_t count_phase(json_t *events, const char *ph, const char *name)
{
    size_t index, count = 0;
    json_t *event;
    json_array_foreach(events, index, event)
    {
        const char *event_ph = json_string_value(json_object_get(event, "ph"));
        const char *event_name = json_string_value(json_object_get(event, "name"));
        if (event_ph && strcmp(event_ph, ph) == 0 &&
            (!name || (event_name && strcmp(event_name, name) == 0)))
            count++;
    }
    return count;
}

static void test_trace_has_every_event_type_viewers_use(void **state)
{
    json_t *root = write_and_parse(*state);
    json_t *events = json_object_get(root, "traceEvents");
    assert_string_equal(json_string_value(json_object_get(root, "displayTimeUnit")), "ns");
    assert_int_equal(count_phase(events, "M", "process_name"), 1);
    assert_int_equal(count_phase(events, "M", "thread_name"), 3);
    assert_int_equal(count_phase(events, "M", "thread_sort_index"), 3);
    assert_int_equal(count_phase(events, "X", NULL), 0);
    /* One span per state and item: 5 on C0, 7 on P0, 3 on "C,1". */
    assert_int_equal(count_phase(events, "B", NULL), 15);
    assert_int_equal(count_phase(events, "E", NULL), 15);
    assert_int_equal(count_phase(events, "i", "put"), 2);
    assert_int_equal(count_phase(events, "i", "get"), 2);
    assert_int_equal(count_phase(events, "C", "buffer fill"), 4);
    assert_int_equal(count_phase(events, "s", NULL), 2);
    assert_int_equal(count_phase(events, "f", NULL), 2);
    json_decref(root);
}

static json_t *find_event(json_t *events, const char *ph, const char *name, int64_t tid, double ts)
{
    size_t index;
    json_t *event;
    json_array_foreach(events, index, event)
    {
        if (strcmp(json_string_value(json_object_get(event, "ph")), ph) == 0 &&
            strcmp(json_string_value(json_object_get(event, "name")), name) == 0 &&
            json_integer_value(json_object_get(event, "tid")) == tid &&
            (ts < 0 || json_number_value(json_object_get(event, "ts")) == ts))
            return event;
    }
    fail_msg("no %s event \"%s\" on tid %lld at %f", ph, name, (long long)tid, ts);
    return NULL;
}

static int64_t sort_index_of(json_t *events, int64_t tid)
{
    json_t *event = find_event(events, "M", "thread_sort_index", tid, -1);
    return json_integer_value(json_object_get(json_object_get(event, "args"), "sort_index"));
}

static void test_producers_sort_before_consumers(void **state)
{
    json_t *root = write_and_parse(*state);
    json_t *events = json_object_get(root, "traceEvents");
    assert_int_equal(sort_index_of(events, 500), 0); /* P0 */
    assert_int_equal(sort_index_of(events, 501), 1); /* C0 */
    assert_int_equal(sort_index_of(events, 502), 2); /* C,1 */
    json_decref(root);
}

static void test_spans_have_sub_microsecond_times_and_state_names(void **state)
{
    json_t *root = write_and_parse(*state);
    json_t *events = json_object_get(root, "traceEvents");
    json_t *work = find_event(events, "B", "work", 500, 1.5);
    assert_string_equal(json_string_value(json_object_get(work, "cat")), "work");
    find_event(events, "E", "work", 500, 2001.001); /* ends where the next span begins */
    /* C1 is still working when the trace ends: its span runs to end_ns. */
    find_event(events, "B", "work", 502, 4000.2);
    find_event(events, "E", "work", 502, 6000.0);
    find_event(events, "B", "done", 500, 4000.25);
    find_event(events, "E", "done", 500, 4000.25);
    json_decref(root);
}

static void test_put_links_to_its_get_by_item_id(void **state)
{
    json_t *root = write_and_parse(*state);
    json_t *events = json_object_get(root, "traceEvents");
    json_t *put = find_event(events, "i", "put", 500, 4000.0);
    json_t *args = json_object_get(put, "args");
    assert_int_equal(json_integer_value(json_object_get(args, "item")), 1);
    assert_int_equal(json_integer_value(json_object_get(args, "fill")), 1);
    assert_string_equal(json_string_value(json_object_get(put, "s")), "t");
    json_t *start = find_event(events, "s", "item", 500, 4000.0);
    json_t *finish = find_event(events, "f", "item", 502, 4000.1);
    assert_int_equal(json_integer_value(json_object_get(start, "id")), 1);
    assert_int_equal(json_integer_value(json_object_get(finish, "id")), 1);
    assert_string_equal(json_string_value(json_object_get(finish, "bp")), "e");
    json_decref(root);
}

static void test_threads_share_a_pid_and_processes_have_their_own(void **state)
{
    fixture *f = *state;
    json_t *root = write_and_parse(f);
    json_t *events = json_object_get(root, "traceEvents");
    assert_int_equal(
        json_integer_value(json_object_get(find_event(events, "B", "work", 500, 1.5), "pid")), 499);
    json_decref(root);

    f->trace.backend = CV_BACKEND_PROCESSES;
    root = write_and_parse(f);
    events = json_object_get(root, "traceEvents");
    assert_int_equal(
        json_integer_value(json_object_get(find_event(events, "B", "work", 500, 1.5), "pid")), 500);
    assert_int_equal(count_phase(events, "M", "process_name"), 4);
    json_decref(root);
}

/* A traced program's threads and forked processes in one trace: each lane
 * says which it is, a thread's lane sits in the parent's pid, and reading
 * back keeps the kind (so a thread's lane is still labelled tid). */
static void test_a_trace_of_threads_and_processes_keeps_each_lanes_kind(void **state)
{
    fixture *f = *state;
    f->trace.backend = CV_BACKEND_PROCESSES;
    f->trace.lanes[1].os_id_kind = CV_OS_ID_THREAD;
    f->trace.lanes[0].os_id_kind = CV_OS_ID_PROCESS;
    f->trace.lanes[2].os_id_kind = CV_OS_ID_PROCESS;
    json_t *root = write_and_parse(f);
    json_t *events = json_object_get(root, "traceEvents");
    assert_int_equal(
        json_integer_value(json_object_get(find_event(events, "B", "work", 500, 1.5), "pid")), 499);
    assert_int_equal(count_phase(events, "M", "process_name"), 3);
    json_decref(root);
    round_trip(f);
    cv_trace back;
    cv_error err = {0};
    assert_int_equal(cv_chrome_trace_read(f->path, &back, &err), CV_OK);
    assert_string_equal(cv_lane_os_id_word(&back, 1), "tid");
    assert_string_equal(cv_lane_os_id_word(&back, 0), "pid");
    cv_trace_free(&back);
}

static void test_trace_metadata_names_the_run(void **state)
{
    fixture *f = *state;
    cv_error err = {0};
    cv_run_result result = {.outcome = CV_OUTCOME_COMPLETED,
                            .items_produced = 2,
                            .items_consumed = 2,
                            .ledger_ok = true,
                            .elapsed_s = 0.006};
    assert_int_equal(cv_chrome_trace_write(f->path, &f->trace, &result, &err), CV_OK);
    json_t *root = json_load_file(f->path, 0, NULL);
    assert_non_null(root);
    json_t *meta = json_object_get(root, "otherData");
    assert_string_equal(json_string_value(json_object_get(meta, "scenario")), "classic \"quoted\"");
    assert_string_equal(json_string_value(json_object_get(meta, "backend")), "threads");
    assert_string_equal(json_string_value(json_object_get(meta, "outcome")), "completed");
    assert_int_equal(json_integer_value(json_object_get(meta, "buffer_slots")), 4);
    assert_int_equal(json_integer_value(json_object_get(meta, "dropped_events")), 3);
    assert_int_equal(json_integer_value(json_object_get(meta, "items_consumed")), 2);
    assert_true(json_is_true(json_object_get(meta, "ledger_ok")));
    json_decref(root);
}

static void test_invalid_utf8_in_a_name_still_gives_valid_json(void **state)
{
    fixture *f = *state;
    snprintf(f->trace.lanes[0].name, sizeof f->trace.lanes[0].name, "C\xff\xc3");
    json_t *root = write_and_parse(f);
    json_decref(root);
}

/* ---- CSV ---- */

/* A new state or a new item starts a row, and every row of a worker handling
 * an item names it: the consumer's wait, the way to its get and its I/O
 * after it; the producer's work and wait before each put. */
static void test_csv_has_a_row_per_state_and_item(void **state)
{
    fixture *f = *state;
    cv_error err = {0};
    assert_int_equal(cv_csv_write(f->path, &f->trace, &err), CV_OK);
    char *text = read_whole_file(f->path);
    assert_string_equal(text, "worker,role,state,start_us,end_us,item\n"
                              "C0,consumer,spawn,0.100,1.700,\n"
                              "C0,consumer,wait-item,1.700,2001.900,0\n"
                              "C0,consumer,work,2001.900,2002.000,0\n"
                              "C0,consumer,io,2002.000,5000.000,0\n"
                              "C0,consumer,done,5000.000,5000.000,\n"
                              "P0,producer,spawn,0.000,1.500,\n"
                              "P0,producer,work,1.500,2001.001,0\n"
                              "P0,producer,work,2001.001,3000.000,1\n"
                              "P0,producer,wait-slot,3000.000,3999.000,1\n"
                              "P0,producer,work,3999.000,4000.000,1\n"
                              "P0,producer,work,4000.000,4000.250,\n"
                              "P0,producer,done,4000.250,4000.250,\n"
                              "\"C,1\",consumer,spawn,0.200,1.800,\n"
                              "\"C,1\",consumer,wait-item,1.800,4000.200,1\n"
                              "\"C,1\",consumer,work,4000.200,6000.000,1\n"
                              ",,dropped,0.000,6000.000,3\n");
    free(text);
}

/* `render --csv --range 0.1:0.3` wrote every row of the run: the rows are
 * now the spans overlapping the range, cut to it. */
static void test_csv_of_a_range_has_only_its_spans_cut_to_it(void **state)
{
    fixture *f = *state;
    cv_error err = {0};
    assert_int_equal(cv_csv_write_range(f->path, &f->trace, 2000000, 3500000, &err), CV_OK);
    char *text = read_whole_file(f->path);
    assert_string_equal(text, "worker,role,state,start_us,end_us,item\n"
                              "C0,consumer,wait-item,2000.000,2001.900,0\n"
                              "C0,consumer,work,2001.900,2002.000,0\n"
                              "C0,consumer,io,2002.000,3500.000,0\n"
                              "P0,producer,work,2000.000,2001.001,0\n"
                              "P0,producer,work,2001.001,3000.000,1\n"
                              "P0,producer,wait-slot,3000.000,3500.000,1\n"
                              "\"C,1\",consumer,wait-item,2000.000,3500.000,1\n"
                              ",,dropped,0.000,6000.000,3\n");
    free(text);
}

static void test_csv_has_no_dropped_row_when_nothing_dropped(void **state)
{
    fixture *f = *state;
    f->trace.dropped_events = 0;
    cv_error err = {0};
    assert_int_equal(cv_csv_write(f->path, &f->trace, &err), CV_OK);
    char *text = read_whole_file(f->path);
    assert_null(strstr(text, "dropped"));
    free(text);
}

/* ---- report ---- */

static void test_report_has_every_required_key(void **state)
{
    fixture *f = *state;
    cv_error err = {0};
    cv_worker_summary workers[2] = {
        {.name = "P0", .role = CV_ROLE_PRODUCER, .os_id = 500, .items = 2, .spawn_ns = 1500},
        {.name = "C0", .role = CV_ROLE_CONSUMER, .os_id = 501, .items = 2}};
    workers[0].state_ns[CV_STATE_WORK] = 4000000;
    cv_run_result result = {.outcome = CV_OUTCOME_DEADLOCK,
                            .elapsed_s = 2.0,
                            .items_produced = 4,
                            .items_consumed = 4,
                            .worker_count = 2,
                            .workers = workers};
    cv_scenario scenario;
    cv_scenario_defaults(&scenario);
    snprintf(scenario.name, sizeof scenario.name, "classic");
    assert_int_equal(cv_report_write(f->path, &scenario, &result, &err), CV_OK);

    json_t *root = json_load_file(f->path, 0, NULL);
    assert_non_null(root);
    static const char *const keys[] = {"scenario",       "backend",        "elapsed_s",
                                       "items_produced", "items_consumed", "throughput_items_per_s",
                                       "ledger_ok",      "outcome",        "dropped_events",
                                       "workers"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (!json_object_get(root, keys[i]))
            fail_msg("the report lacks \"%s\"", keys[i]);
    }
    assert_string_equal(json_string_value(json_object_get(root, "outcome")), "deadlock");
    assert_float_equal(json_number_value(json_object_get(root, "throughput_items_per_s")), 2.0,
                       1e-9);
    json_t *worker = json_array_get(json_object_get(root, "workers"), 0);
    static const char *const worker_keys[] = {"name",  "role",     "os_id",
                                              "items", "spawn_us", "time_ms"};
    for (size_t i = 0; i < sizeof worker_keys / sizeof worker_keys[0]; i++) {
        if (!json_object_get(worker, worker_keys[i]))
            fail_msg("a worker lacks \"%s\"", worker_keys[i]);
    }
    json_t *times = json_object_get(worker, "time_ms");
    static const char *const states[] = {"work",      "io",       "wait-slot", "wait-item",
                                         "wait-lock", "wait-gil", "spawn"};
    for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
        if (!json_is_number(json_object_get(times, states[i])))
            fail_msg("time_ms lacks \"%s\"", states[i]);
    }
    assert_float_equal(json_number_value(json_object_get(times, "work")), 4.0, 1e-9);
    assert_float_equal(json_number_value(json_object_get(worker, "spawn_us")), 1.5, 1e-9);
    assert_string_equal(json_string_value(json_object_get(worker, "role")), "producer");
    json_decref(root);
}

static void test_writers_report_an_unwritable_path(void **state)
{
    fixture *f = *state;
    cv_error err = {0};
    cv_run_result result = {0};
    assert_int_equal(cv_chrome_trace_write("/nonexistent/t.json", &f->trace, NULL, &err),
                     CV_ERR_IO);
    assert_string_equal(err.file, "/nonexistent/t.json");
    assert_int_equal(cv_csv_write("/nonexistent/t.csv", &f->trace, &err), CV_ERR_IO);
    assert_int_equal(cv_report_write("/nonexistent/r.json", NULL, &result, &err), CV_ERR_IO);
}

/* ---- malformed input ---- */

static void expect_input_error(fixture *f, const char *contents, const char *expected_words)
{
    cv_error err = {0};
    cv_trace out;
    write_file(f->path, contents);
    assert_int_equal(cv_chrome_trace_read(f->path, &out, &err), CV_ERR_INPUT);
    assert_string_equal(err.file, f->path);
    if (!strstr(err.message, expected_words))
        fail_msg("the message \"%s\" does not say \"%s\"", err.message, expected_words);
    assert_null(out.lanes);
    assert_int_equal(out.lane_count, 0);
}

static void test_reader_rejects_an_empty_file(void **state)
{
    expect_input_error(*state, "", "not a valid JSON trace");
}

static void test_reader_rejects_text_that_is_not_json_with_its_line(void **state)
{
    fixture *f = *state;
    expect_input_error(f, "{\"traceEvents\": [\n\n  {oops}\n]}", "not a valid JSON trace");
    cv_error err = {0};
    cv_trace out;
    cv_chrome_trace_read(f->path, &out, &err);
    assert_int_equal(err.line, 3);
}

static void test_reader_rejects_a_missing_file(void **state)
{
    fixture *f = *state;
    cv_error err = {0};
    cv_trace out;
    assert_int_equal(cv_chrome_trace_read("/nonexistent/trace.json", &out, &err), CV_ERR_INPUT);
    assert_non_null(strstr(err.message, "cannot open the trace"));
    (void)f;
}

static void test_reader_rejects_a_truncated_trace(void **state)
{
    fixture *f = *state;
    cv_error err = {0};
    assert_int_equal(cv_chrome_trace_write(f->path, &f->trace, NULL, &err), CV_OK);
    char *text = read_whole_file(f->path);
    text[strlen(text) / 2] = '\0';
    expect_input_error(f, text, "not a valid JSON trace");
    free(text);
}

static void test_reader_rejects_json_that_is_not_a_trace(void **state)
{
    expect_input_error(*state, "{\"hello\": 1}", "not a Chrome trace");
    expect_input_error(*state, "{\"traceEvents\": 5}", "not a Chrome trace");
}

static void test_reader_rejects_a_chrome_trace_not_written_by_conveyor(void **state)
{
    expect_input_error(*state,
                       "{\"traceEvents\": [{\"ph\":\"X\",\"name\":\"a\",\"pid\":1,\"tid\":1,"
                       "\"ts\":0,\"dur\":1}]}",
                       "not one written by conveyor");
    expect_input_error(*state, "[{\"ph\":\"X\",\"name\":\"a\",\"pid\":1,\"tid\":1,\"ts\":0}]",
                       "not one written by conveyor");
    expect_input_error(*state, "{\"traceEvents\": [], \"otherData\": {\"version\": \"1\"}}",
                       "not one written by conveyor");
}

#define HEADER                                                                                     \
    "{\"otherData\":{\"conveyor_trace_version\":1,\"scenario\":\"s\",\"description\":\"\","        \
    "\"backend\":\"threads\",\"buffer_slots\":1,\"parent_pid\":1,\"lane_count\":1,"                \
    "\"event_count\":1,\"dropped_events\":0,\"end_ns\":0,\"outcome\":\"completed\"},"              \
    "\"traceEvents\":[{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":2,\"args\":"        \
    "{\"name\":\"P0\",\"lane\":0,\"role\":\"producer\",\"group\":0,\"os_id\":2}},"

static void test_reader_accepts_a_minimal_hand_written_trace(void **state)
{
    fixture *f = *state;
    cv_error err = {0};
    cv_trace out;
    write_file(f->path, HEADER "{\"ph\":\"X\",\"name\":\"work\",\"pid\":1,\"tid\":2,\"ts\":1,"
                               "\"dur\":2}]}");
    cv_status status = cv_chrome_trace_read(f->path, &out, &err);
    if (status != CV_OK)
        fail_msg("%s", err.message);
    assert_int_equal(out.events[0].count, 1);
    assert_int_equal(out.events[0].events[0].time_ns, 1000);
    assert_int_equal(out.end_ns, 1000);
    cv_trace_free(&out);
}

static void test_reader_rejects_wrong_types_and_ranges(void **state)
{
    fixture *f = *state;
    expect_input_error(f,
                       HEADER "{\"ph\":\"X\",\"name\":\"work\",\"pid\":1,\"tid\":2,"
                              "\"ts\":\"1\",\"dur\":2}]}",
                       "\"ts\"");
    expect_input_error(f,
                       HEADER "{\"ph\":\"X\",\"name\":\"work\",\"pid\":1,\"tid\":2,"
                              "\"ts\":-5,\"dur\":2}]}",
                       "\"ts\"");
    expect_input_error(f,
                       HEADER "{\"ph\":\"X\",\"name\":\"work\",\"pid\":1,\"tid\":2,"
                              "\"ts\":1e300,\"dur\":2}]}",
                       "\"ts\"");
    expect_input_error(f,
                       HEADER "{\"ph\":\"X\",\"name\":\"dancing\",\"pid\":1,\"tid\":2,"
                              "\"ts\":1,\"dur\":2}]}",
                       "not a worker state");
    expect_input_error(f,
                       HEADER "{\"ph\":\"X\",\"name\":\"work\",\"pid\":1,\"tid\":3,"
                              "\"ts\":1,\"dur\":2}]}",
                       "not a conveyor lane");
    expect_input_error(f,
                       HEADER "{\"ph\":\"i\",\"cat\":\"buffer\",\"name\":\"put\",\"pid\":1,"
                              "\"tid\":2,\"ts\":1,\"args\":{\"item\":4294967296,\"fill\":0}}]}",
                       "\"item\"");
    expect_input_error(f,
                       HEADER "{\"ph\":\"X\",\"name\":\"work\",\"pid\":1,\"tid\":2,"
                              "\"ts\":1,\"dur\":2}, 7]}",
                       "trace event #2");
    expect_input_error(f,
                       HEADER "{\"ph\":\"X\",\"name\":\"work\",\"pid\":1,\"tid\":2,"
                              "\"ts\":99999999999999999999999,\"dur\":2}]}",
                       "integer overflow");
    expect_input_error(f,
                       HEADER "{\"ph\":\"X\",\"name\":\"work\",\"pid\":1,\"tid\":2,"
                              "\"ts\":5,\"dur\":2},{\"ph\":\"X\",\"name\":\"io\",\"pid\":1,"
                              "\"tid\":2,\"ts\":4,\"dur\":2}]}",
                       "back in time");
    expect_input_error(f,
                       HEADER "{\"ph\":\"X\",\"name\":\"work\",\"pid\":1,\"tid\":2,"
                              "\"ts\":5,\"dur\":2},{\"ph\":\"X\",\"name\":\"io\",\"pid\":1,"
                              "\"tid\":2,\"ts\":6,\"dur\":2}]}",
                       "metadata says 1");
}

static void test_reader_rejects_bad_lanes_and_metadata(void **state)
{
    fixture *f = *state;
    expect_input_error(f,
                       HEADER "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":3,"
                              "\"args\":{\"name\":\"P1\",\"lane\":0,\"role\":\"producer\","
                              "\"group\":0,\"os_id\":3}}]}",
                       "named twice");
    expect_input_error(f,
                       HEADER "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":3,"
                              "\"args\":{\"name\":\"P1\",\"lane\":1,\"role\":\"producer\","
                              "\"group\":0,\"os_id\":3}}]}",
                       "\"lane\"");
    expect_input_error(f,
                       "{\"otherData\":{\"conveyor_trace_version\":1,\"scenario\":\"s\","
                       "\"description\":\"\",\"backend\":\"threads\",\"buffer_slots\":1,"
                       "\"parent_pid\":1,\"lane_count\":1,\"event_count\":0,\"dropped_events\":0,"
                       "\"end_ns\":0,\"outcome\":\"completed\"},\"traceEvents\":[]}",
                       "no \"thread_name\"");
    expect_input_error(f,
                       "{\"otherData\":{\"conveyor_trace_version\":1,\"scenario\":\"s\","
                       "\"description\":\"\",\"backend\":\"fibres\",\"buffer_slots\":1,"
                       "\"parent_pid\":1,\"lane_count\":0,\"event_count\":0,\"dropped_events\":0,"
                       "\"end_ns\":0,\"outcome\":\"completed\"},\"traceEvents\":[]}",
                       "\"backend\"");
    expect_input_error(f,
                       "{\"otherData\":{\"conveyor_trace_version\":1,\"lane_count\":-1},"
                       "\"traceEvents\":[]}",
                       "\"lane_count\"");
    expect_input_error(f, "{\"otherData\":{\"conveyor_trace_version\":9},\"traceEvents\":[]}",
                       "newer conveyor");
}

/* ---- a real run, both backends ---- */

static size_t count_lines(const char *text)
{
    size_t lines = 0;
    for (; *text; text++)
        lines += *text == '\n';
    return lines;
}

static void real_run_round_trip(fixture *f, cv_backend backend)
{
    cv_scenario scenario = cv_test_scenario(backend, 2, 2, 4, 200);
    cv_test_add_step(&scenario, CV_ROLE_CONSUMER, CV_STEP_IO, 100000);
    cv_engine *engine = cv_test_run(&scenario);
    assert_non_null(engine);
    const cv_trace *trace = cv_engine_trace(engine);
    const cv_run_result *result = cv_engine_result(engine);
    assert_true(trace->event_count > 800);
    cv_error err = {0};
    cv_trace back;
    assert_int_equal(cv_chrome_trace_write(f->path, trace, result, &err), CV_OK);
    cv_status status = cv_chrome_trace_read(f->path, &back, &err);
    if (status != CV_OK)
        fail_msg("reading back a real run failed: %s", err.message);
    assert_traces_equal(trace, &back);
    cv_trace_free(&back);

    /* At least a CSV row per state change, and never two rows in a row of
     * one worker in the same state about the same item: a new row is a new
     * state or a new item. */
    size_t states = 0;
    for (uint32_t lane = 0; lane < trace->lane_count; lane++) {
        for (size_t i = 0; i < trace->events[lane].count; i++)
            states += cv_event_is_state(&trace->events[lane].events[i]);
    }
    assert_int_equal(cv_csv_write(f->path, trace, &err), CV_OK);
    char *text = read_whole_file(f->path);
    assert_true(count_lines(text) >= states + 1);
    char previous[3][64] = {{0}};
    for (const char *row = strchr(text, '\n') + 1; *row; row = strchr(row, '\n') + 1) {
        char worker[64], state_name[64], item[64] = "";
        double start_us, end_us;
        int fields = sscanf(row, "%63[^,],%*[^,],%63[^,],%lf,%lf,%63[0-9]", worker, state_name,
                            &start_us, &end_us, item);
        assert_true(fields >= 4);
        assert_false(strcmp(worker, previous[0]) == 0 && strcmp(state_name, previous[1]) == 0 &&
                     strcmp(item, previous[2]) == 0);
        snprintf(previous[0], sizeof previous[0], "%s", worker);
        snprintf(previous[1], sizeof previous[1], "%s", state_name);
        snprintf(previous[2], sizeof previous[2], "%s", item);
    }
    /* Every I/O step of a consumer is about the item it got last. */
    size_t io_steps = 0;
    for (uint32_t lane = 0; lane < trace->lane_count; lane++) {
        if (trace->lanes[lane].role != CV_ROLE_CONSUMER)
            continue;
        const cv_event *e = trace->events[lane].events;
        uint32_t last_get = UINT32_MAX;
        for (size_t i = 0; i < trace->events[lane].count; i++) {
            if (cv_event_kind(&e[i]) == CV_EVENT_GET)
                last_get = e[i].item;
            if (cv_event_kind(&e[i]) != CV_STATE_IO)
                continue;
            char row[160];
            snprintf(row, sizeof row, "\n%s,consumer,io,%lld.%03d,", trace->lanes[lane].name,
                     (long long)(e[i].time_ns / 1000), (int)(e[i].time_ns % 1000));
            const char *found = strstr(text, row);
            assert_non_null(found);
            const char *item = strchr(found + strlen(row), ',');
            assert_non_null(item);
            assert_int_equal(strtoul(item + 1, NULL, 10), last_get);
            io_steps++;
        }
    }
    assert_int_equal(io_steps, 200);
    free(text);

    assert_int_equal(cv_report_write(f->path, &scenario, result, &err), CV_OK);
    json_t *report = json_load_file(f->path, 0, NULL);
    assert_non_null(report);
    assert_int_equal(json_array_size(json_object_get(report, "workers")), 4);
    assert_int_equal(json_integer_value(json_object_get(report, "items_consumed")), 200);
    assert_string_equal(json_string_value(json_object_get(report, "backend")),
                        cv_backend_name(backend));
    json_decref(report);
    cv_engine_destroy(engine);
}

static void test_real_thread_run_reads_back_identical(void **state)
{
    real_run_round_trip(*state, CV_BACKEND_THREADS);
}

static void test_real_process_run_reads_back_identical(void **state)
{
    real_run_round_trip(*state, CV_BACKEND_PROCESSES);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_real_thread_run_reads_back_identical, setup, teardown),
        cmocka_unit_test_setup_teardown(test_real_process_run_reads_back_identical, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_thread_trace_reads_back_identical, setup, teardown),
        cmocka_unit_test_setup_teardown(test_process_trace_reads_back_identical, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trace_without_os_ids_reads_back_identical, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_empty_trace_reads_back_identical, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trace_has_every_event_type_viewers_use, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_producers_sort_before_consumers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spans_have_sub_microsecond_times_and_state_names,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_put_links_to_its_get_by_item_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_threads_share_a_pid_and_processes_have_their_own,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_trace_of_threads_and_processes_keeps_each_lanes_kind,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_trace_metadata_names_the_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_utf8_in_a_name_still_gives_valid_json, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_csv_of_a_range_has_only_its_spans_cut_to_it, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_csv_has_no_dropped_row_when_nothing_dropped, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_csv_has_a_row_per_state_and_item, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_has_every_required_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writers_report_an_unwritable_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reader_rejects_an_empty_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reader_rejects_text_that_is_not_json_with_its_line,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_reader_rejects_a_missing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reader_rejects_a_truncated_trace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reader_rejects_json_that_is_not_a_trace, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_reader_rejects_a_chrome_trace_not_written_by_conveyor,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_reader_accepts_a_minimal_hand_written_trace, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_reader_rejects_wrong_types_and_ranges, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_reader_rejects_bad_lanes_and_metadata, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
