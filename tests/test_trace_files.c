/*
 * test_trace_files.c — reading traces back: conveyor's native trace file and
 * the streaming Chrome trace reader.
 *
 * What they protect: a native file reads back to the very model of the live
 * run it came from, result and explanation included; the streaming JSON
 * reader builds exactly the model the old jansson reader built from every
 * shipped lesson's trace (tests/data/lesson-traces); a damaged native file —
 * cut short anywhere, a foreign magic number, a newer version, any single
 * flipped bit — is an input error with a message, never a crash or a wrong
 * trace; and both readers refuse a trace bigger than their memory limit with
 * a message that names it, also when reading from a pipe.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "conveyor/tracefile.h"
#include "export/chrome_trace_read.h"
#include "export/chrome_trace_write.h"
#include "layout/caption.h"
#include "timeline/lane_stats.h"
#include "support/simple_scenario.h"
#include "support/trace_digest.h"

#ifndef CV_TEST_DATA_DIR
#error "CV_TEST_DATA_DIR must name tests/data"
#endif

typedef struct fixture {
    char dir[64];
    char path[128];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/cv-trace-files-XXXXXX");
    if (!f || !mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/t.cvtrace", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char command[128];
    snprintf(command, sizeof command, "rm -rf '%s'", f->dir);
    int ignored = system(command);
    (void)ignored;
    free(f);
    return 0;
}

/* ---- helpers ---- */

static char *digest_of(const cv_trace *trace)
{
    char *text = NULL;
    size_t length = 0;
    FILE *out = open_memstream(&text, &length);
    assert_non_null(out);
    cv_trace_digest(trace, out);
    fclose(out);
    return text;
}

static char *read_file(const char *path, size_t *size)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        fail_msg("cannot open %s", path);
    fseek(in, 0, SEEK_END);
    long length = ftell(in);
    fseek(in, 0, SEEK_SET);
    char *bytes = calloc(1, (size_t)length + 1);
    assert_int_equal(fread(bytes, 1, (size_t)length, in), (size_t)length);
    fclose(in);
    if (size)
        *size = (size_t)length;
    return bytes;
}

static void write_bytes(const char *path, const void *bytes, size_t size)
{
    FILE *out = fopen(path, "wb");
    assert_non_null(out);
    assert_int_equal(fwrite(bytes, 1, size, out), size);
    fclose(out);
}

static void assert_machines_equal(const cv_machine *a, const cv_machine *b)
{
    assert_int_equal(a->cores, b->cores);
    assert_int_equal(a->cores_available, b->cores_available);
    assert_true(a->load_average == b->load_average);
    assert_int_equal(a->ready_measured, b->ready_measured);
    assert_int_equal(a->busy, b->busy);
    assert_string_equal(a->note, b->note);
}

static void assert_results_equal(const cv_run_result *a, const cv_run_result *b)
{
    assert_int_equal(a->outcome, b->outcome);
    assert_int_equal(a->backend, b->backend);
    assert_true(a->elapsed_s == b->elapsed_s);
    assert_int_equal(a->items_produced, b->items_produced);
    assert_int_equal(a->items_consumed, b->items_consumed);
    assert_int_equal(a->ledger_ok, b->ledger_ok);
    assert_int_equal(a->lost_count, b->lost_count);
    assert_int_equal(a->duplicated_count, b->duplicated_count);
    assert_memory_equal(a->lost_ids, b->lost_ids, sizeof a->lost_ids);
    assert_memory_equal(a->duplicated_ids, b->duplicated_ids, sizeof a->duplicated_ids);
    assert_int_equal(a->leftover_items, b->leftover_items);
    assert_int_equal(a->dropped_events, b->dropped_events);
    assert_true(a->calibration_iterations_per_us == b->calibration_iterations_per_us);
    assert_string_equal(a->explanation, b->explanation);
    assert_int_equal(a->lock_holder, b->lock_holder);
    assert_machines_equal(&a->machine, &b->machine);
    assert_int_equal(a->worker_count, b->worker_count);
    for (uint32_t i = 0; i < a->worker_count; i++) {
        const cv_worker_summary *x = &a->workers[i], *y = &b->workers[i];
        assert_string_equal(x->name, y->name);
        assert_int_equal(x->role, y->role);
        assert_int_equal(x->os_id, y->os_id);
        assert_int_equal(x->items, y->items);
        assert_int_equal(x->spawn_ns, y->spawn_ns);
        assert_memory_equal(x->state_ns, y->state_ns, sizeof x->state_ns);
        assert_int_equal(x->exit_signal, y->exit_signal);
        assert_int_equal(x->exit_code, y->exit_code);
        assert_int_equal(x->died, y->died);
    }
}

/* The same model: the digest covers every label, count and event. */
static void assert_same_model(const cv_trace *a, const cv_trace *b)
{
    char *x = digest_of(a), *y = digest_of(b);
    assert_string_equal(x, y);
    free(x);
    free(y);
}

/* A live run's trace, written natively and read back, with its result. */
static void native_round_trip(fixture *f, cv_engine *engine)
{
    const cv_trace *trace = cv_engine_trace(engine);
    const cv_run_result *result = cv_engine_result(engine);
    cv_error err = {0};
    assert_int_equal(cv_tracefile_write(f->path, trace, result, &err), CV_OK);
    cv_trace back;
    cv_run_result back_result;
    bool has_result = false;
    cv_status status = cv_tracefile_read(f->path, &back, &back_result, &has_result, &err);
    if (status != CV_OK)
        fail_msg("reading the native file back failed: %s", err.message);
    assert_true(has_result);
    assert_true(back.finished);
    cv_trace expected = *trace;
    expected.finished = true; /* a file holds a finished trace */
    assert_same_model(&expected, &back);
    assert_true(trace->machine.cores > 0); /* the engine says what the machine gave */
    assert_machines_equal(&trace->machine, &back.machine);
    assert_true(back.mode_known);
    assert_int_equal(back.sync, trace->sync);
    assert_int_equal(back.gil, trace->gil);
    assert_results_equal(result, &back_result);
    cv_trace_free(&back);
    cv_tracefile_result_free(&back_result);
}

/* ---- native file: round trips ---- */

static void test_native_file_reads_back_a_thread_run_identical(void **state)
{
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 2, 2, 4, 300);
    cv_test_add_step(&scenario, CV_ROLE_CONSUMER, CV_STEP_IO, 50000);
    cv_engine *engine = cv_test_run(&scenario);
    assert_non_null(engine);
    assert_true(cv_engine_trace(engine)->event_count > 1000);
    native_round_trip(*state, engine);
    cv_engine_destroy(engine);
}

static void test_native_file_reads_back_a_process_run_identical(void **state)
{
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_PROCESSES, 2, 3, 2, 200);
    cv_test_add_step(&scenario, CV_ROLE_PRODUCER, CV_STEP_IO, 30000);
    cv_engine *engine = cv_test_run(&scenario);
    assert_non_null(engine);
    native_round_trip(*state, engine);
    cv_engine_destroy(engine);
}

static void test_native_file_keeps_a_deadlocks_explanation(void **state)
{
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 2, 2, 1, 100);
    scenario.sync = CV_SYNC_MUTEX_FIRST;
    scenario.deadlock_timeout_ns = 100 * 1000 * 1000;
    cv_test_add_step(&scenario, CV_ROLE_CONSUMER, CV_STEP_IO, 2000000);
    cv_engine *engine = cv_test_run(&scenario);
    assert_non_null(engine);
    const cv_run_result *result = cv_engine_result(engine);
    assert_int_equal(result->outcome, CV_OUTCOME_DEADLOCK);
    assert_true(strlen(result->explanation) > 0);
    native_round_trip(*state, engine);
    cv_engine_destroy(engine);
}

static void test_native_file_without_a_result_reads_back(void **state)
{
    fixture *f = *state;
    cv_trace trace, back;
    cv_error err = {0};
    assert_int_equal(cv_trace_init(&trace, 1, &err), CV_OK);
    snprintf(trace.lanes[0].name, sizeof trace.lanes[0].name, "P0");
    cv_event events[] = {cv_event_make(5, CV_STATE_WORK, 0, 0),
                         cv_event_make(9, CV_EVENT_PUT, 4000000000u, CV_EVENT_FILL_MAX),
                         cv_event_make(9, CV_EVENT_PUT, 1, 1), cv_event_make(12, 200, 0, 0),
                         cv_event_make(40, CV_STATE_DONE, 0, 0)};
    assert_int_equal(cv_trace_append(&trace, 0, events, 5, &err), CV_OK);
    trace.outcome = CV_OUTCOME_STOPPED;
    trace.end_ns = 50;
    assert_int_equal(cv_tracefile_write(f->path, &trace, NULL, &err), CV_OK);
    bool has_result = true;
    assert_int_equal(cv_tracefile_read(f->path, &back, NULL, &has_result, &err), CV_OK);
    assert_false(has_result);
    /* The event of unknown kind 200 is left out, as the Chrome writer does. */
    assert_int_equal(back.event_count, 4);
    assert_int_equal(back.events[0].events[1].item, 4000000000u);
    assert_int_equal(cv_event_fill(&back.events[0].events[1]), CV_EVENT_FILL_MAX);
    assert_int_equal(back.end_ns, 50);
    assert_int_equal(back.outcome, CV_OUTCOME_STOPPED);
    cv_trace_free(&back);
    cv_trace_free(&trace);
}

/* ---- the streaming JSON reader against the jansson reader's models ---- */

static void test_every_lesson_trace_reads_as_the_jansson_reader_read_it(void **state)
{
    fixture *f = *state;
    const char *folder = CV_TEST_DATA_DIR "/lesson-traces";
    DIR *dir = opendir(folder);
    assert_non_null(dir);
    int checked = 0;
    for (struct dirent *entry; (entry = readdir(dir));) {
        size_t length = strlen(entry->d_name);
        if (length < 6 || strcmp(entry->d_name + length - 5, ".json") != 0)
            continue;
        char path[512], digest_path[512];
        snprintf(path, sizeof path, "%s/%s", folder, entry->d_name);
        snprintf(digest_path, sizeof digest_path, "%s/%.*s.digest", folder, (int)(length - 5),
                 entry->d_name);
        cv_trace trace, native;
        cv_error err = {0};
        if (cv_chrome_trace_read(path, &trace, &err) != CV_OK)
            fail_msg("%s: %s", path, err.message);
        char *expected = read_file(digest_path, NULL), *actual = digest_of(&trace);
        if (strcmp(expected, actual) != 0)
            fail_msg("%s reads differently from the jansson reader:\n%s\nexpected:\n%s", path,
                     actual, expected);
        /* And the same model again through the native file. */
        assert_int_equal(cv_tracefile_write(f->path, &trace, NULL, &err), CV_OK);
        assert_int_equal(cv_tracefile_read(f->path, &native, NULL, NULL, &err), CV_OK);
        assert_same_model(&trace, &native);
        free(expected);
        free(actual);
        cv_trace_free(&trace);
        cv_trace_free(&native);
        checked++;
    }
    closedir(dir);
    assert_true(checked >= 16);
}

/* ---- damaged native files ---- */

static void expect_damage(fixture *f, const void *bytes, size_t size, const char *words)
{
    char path[160];
    snprintf(path, sizeof path, "%s/damaged.cvtrace", f->dir);
    write_bytes(path, bytes, size);
    cv_trace out;
    cv_run_result result;
    bool has_result = true;
    cv_error err = {0};
    cv_status status = cv_tracefile_read(path, &out, &result, &has_result, &err);
    if (status != CV_ERR_INPUT)
        fail_msg("a damaged file (%zu bytes, expecting \"%s\") gave status %d", size,
                 words ? words : "any message", (int)status);
    assert_string_equal(err.file, path);
    assert_true(strlen(err.message) > 0);
    if (words && !strstr(err.message, words))
        fail_msg("the message \"%s\" does not say \"%s\"", err.message, words);
    assert_null(out.lanes);
    assert_int_equal(out.event_count, 0);
    assert_false(has_result);
    assert_null(result.workers);
}

/* A small real run in the native format, as bytes. */
static char *sample_file(fixture *f, size_t *size)
{
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 1, 1, 2, 40);
    cv_engine *engine = cv_test_run(&scenario);
    assert_non_null(engine);
    cv_error err = {0};
    assert_int_equal(
        cv_tracefile_write(f->path, cv_engine_trace(engine), cv_engine_result(engine), &err),
        CV_OK);
    cv_engine_destroy(engine);
    return read_file(f->path, size);
}

static void test_a_native_file_cut_short_anywhere_is_an_input_error(void **state)
{
    fixture *f = *state;
    size_t size;
    char *bytes = sample_file(f, &size);
    expect_damage(f, bytes, 0, "not a conveyor native trace");
    for (size_t cut = 9; cut < size; cut += cut < 400 ? 1 : 7)
        expect_damage(f, bytes, cut, cut < 16 ? "cut short" : NULL);
    expect_damage(f, bytes, size - 1, "cut short");
    free(bytes);
}

static void test_a_foreign_file_is_not_a_native_trace(void **state)
{
    fixture *f = *state;
    size_t size;
    char *bytes = sample_file(f, &size);
    bytes[1] = 'X';
    expect_damage(f, bytes, size, "not a conveyor native trace");
    expect_damage(f, "{\"traceEvents\": []}", 19, "not a conveyor native trace");
    free(bytes);
}

static void test_a_newer_format_version_is_refused_with_both_versions(void **state)
{
    fixture *f = *state;
    size_t size;
    char *bytes = sample_file(f, &size);
    bytes[8] = CV_TRACEFILE_VERSION + 1;
    char words[80];
    snprintf(words, sizeof words, "version %d; this conveyor reads version %d",
             CV_TRACEFILE_VERSION + 1, CV_TRACEFILE_VERSION);
    expect_damage(f, bytes, size, words);
    free(bytes);
}

/* A file of format version 1 (before the sync mode and the GIL were kept)
 * still reads, and says it does not know them. */
static void test_a_version_1_file_reads_without_the_sync_mode(void **state)
{
    (void)state;
    cv_trace back;
    cv_run_result result;
    bool has_result = false;
    cv_error err = {0};
    cv_status status = cv_tracefile_read(CV_TEST_DATA_DIR "/version1-deadlock-processes.cvtrace",
                                         &back, &result, &has_result, &err);
    if (status != CV_OK)
        fail_msg("a version 1 file did not read: %s", err.message);
    assert_false(back.mode_known);
    assert_int_equal(back.outcome, CV_OUTCOME_DEADLOCK);
    assert_true(has_result);
    assert_true(back.event_count > 0);
    cv_trace_free(&back);
    cv_tracefile_result_free(&result);
}

/* A file of format version 2 (before each lane said whether its os id is a
 * tid or a pid) still reads: its lanes leave it to the backend. */
static void test_a_version_2_file_reads_with_lanes_named_by_the_backend(void **state)
{
    (void)state;
    cv_trace back;
    cv_error err = {0};
    cv_status status = cv_tracefile_read(CV_TEST_DATA_DIR "/version2-deadlock-processes.cvtrace",
                                         &back, NULL, NULL, &err);
    if (status != CV_OK)
        fail_msg("a version 2 file did not read: %s", err.message);
    assert_true(back.mode_known);
    assert_int_equal(back.backend, CV_BACKEND_PROCESSES);
    assert_true(back.lane_count > 0);
    for (uint32_t i = 0; i < back.lane_count; i++) {
        assert_int_equal(back.lanes[i].os_id_kind, CV_OS_ID_AS_BACKEND);
        assert_string_equal(cv_lane_os_id_word(&back, i), "pid");
    }
    cv_trace_free(&back);
}

/* The sync mode and the GIL survive the native file (format version 2), so a
 * replay's header says how the buffer was guarded. */
static void test_native_file_keeps_the_sync_mode_and_gil(void **state)
{
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 1, 2, 2, 50);
    scenario.sync = CV_SYNC_CONDVAR;
    scenario.gil = true;
    cv_engine *engine = cv_test_run(&scenario);
    assert_non_null(engine);
    assert_int_equal(cv_engine_trace(engine)->sync, CV_SYNC_CONDVAR);
    assert_true(cv_engine_trace(engine)->gil);
    native_round_trip(*state, engine);
    cv_engine_destroy(engine);
}

static void test_every_flipped_bit_is_caught(void **state)
{
    fixture *f = *state;
    size_t size;
    char *bytes = sample_file(f, &size);
    for (size_t byte = 0; byte < size; byte++) {
        for (int bit = 0; bit < 8; bit++) {
            bytes[byte] ^= (char)(1 << bit);
            expect_damage(f, bytes, size, NULL);
            bytes[byte] ^= (char)(1 << bit);
        }
    }
    free(bytes);
}

static void test_bytes_after_the_end_are_an_input_error(void **state)
{
    fixture *f = *state;
    size_t size;
    char *bytes = sample_file(f, &size);
    char *longer = calloc(1, size + 1);
    memcpy(longer, bytes, size);
    expect_damage(f, longer, size + 1, "bytes follow the end section");
    free(longer);
    free(bytes);
}

/* ---- memory limits, and pipes ---- */

static void write_big_trace(const char *path, bool native)
{
    cv_trace trace;
    cv_error err = {0};
    assert_int_equal(cv_trace_init(&trace, 1, &err), CV_OK);
    snprintf(trace.lanes[0].name, sizeof trace.lanes[0].name, "P0");
    for (int64_t i = 0; i < 100000; i++) {
        cv_event e = cv_event_make(i * 10, i % 2 ? CV_STATE_WORK : CV_STATE_IO, 0, 0);
        assert_int_equal(cv_trace_append(&trace, 0, &e, 1, &err), CV_OK);
    }
    trace.finished = true;
    trace.outcome = CV_OUTCOME_COMPLETED;
    cv_status status = native ? cv_tracefile_write(path, &trace, NULL, &err)
                              : cv_chrome_trace_write(path, &trace, NULL, &err);
    assert_int_equal(status, CV_OK);
    cv_trace_free(&trace);
}

static void expect_limit_message(cv_status status, const cv_error *err)
{
    assert_int_equal(status, CV_ERR_INPUT);
    if (!strstr(err->message, "too large to open") ||
        !strstr(err->message, "the 1 MB limit set by CONVEYOR_TRACE_MEMORY_MB"))
        fail_msg("the message \"%s\" does not name the limit", err->message);
}

static void test_both_readers_refuse_a_trace_over_the_memory_limit(void **state)
{
    fixture *f = *state;
    char json[160];
    snprintf(json, sizeof json, "%s/big.json", f->dir);
    write_big_trace(f->path, true);
    write_big_trace(json, false);
    setenv("CONVEYOR_TRACE_MEMORY_MB", "1", 1);
    assert_int_equal(cv_trace_memory_limit_bytes(), 1u << 20);
    cv_trace out;
    cv_error err = {0};
    expect_limit_message(cv_tracefile_read(f->path, &out, NULL, NULL, &err), &err);
    expect_limit_message(cv_chrome_trace_read(json, &out, &err), &err);
    unsetenv("CONVEYOR_TRACE_MEMORY_MB");
    assert_int_equal(cv_tracefile_read(f->path, &out, NULL, NULL, &err), CV_OK);
    assert_int_equal(out.event_count, 100000);
    cv_trace_free(&out);
}

/* Feed a file into a pipe from a child process; returns the reading end's path. */
static pid_t pipe_from(const char *file, int *read_fd, char *path, size_t size)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        close(fds[0]);
        size_t length;
        char *bytes = read_file(file, &length);
        size_t done = 0;
        while (done < length) {
            ssize_t n = write(fds[1], bytes + done, length - done);
            if (n <= 0)
                _exit(1);
            done += (size_t)n;
        }
        _exit(0);
    }
    close(fds[1]);
    *read_fd = fds[0];
    snprintf(path, size, "/dev/fd/%d", fds[0]);
    return child;
}

static void test_a_pipe_of_empty_objects_fails_with_a_reason(void **state)
{
    fixture *f = *state;
    char json[160], path[64];
    snprintf(json, sizeof json, "%s/empty-objects.json", f->dir);
    FILE *out = fopen(json, "w");
    assert_non_null(out);
    fputs("{\"traceEvents\": [", out);
    for (int i = 0; i < 400000; i++)
        fputs(i ? ",{}" : "{}", out);
    fputs("]}", out);
    fclose(out);
    int fd;
    pid_t child = pipe_from(json, &fd, path, sizeof path);
    cv_trace trace;
    cv_error err = {0};
    assert_int_equal(cv_chrome_trace_read(path, &trace, &err), CV_ERR_INPUT);
    close(fd);
    waitpid(child, NULL, 0);
    if (!strstr(err.message, "not one written by conveyor"))
        fail_msg("unexpected message \"%s\"", err.message);
}

static void test_a_json_trace_reads_from_a_pipe(void **state)
{
    fixture *f = *state;
    char json[160], path[64];
    snprintf(json, sizeof json, "%s/piped.json", f->dir);
    write_big_trace(json, false);
    int fd;
    pid_t child = pipe_from(json, &fd, path, sizeof path);
    cv_trace trace;
    cv_error err = {0};
    cv_status status = cv_chrome_trace_read(path, &trace, &err);
    close(fd);
    waitpid(child, NULL, 0);
    if (status != CV_OK)
        fail_msg("%s", err.message);
    assert_int_equal(trace.event_count, 100000);
    cv_trace_free(&trace);
}

/* The Chrome trace keeps the machine too (otherData's "machine"), so a JSON
 * replay shows the cores, the load and the busy warning. */
static void test_a_json_trace_keeps_the_machine(void **state)
{
    fixture *f = *state;
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 1, 1, 4, 50);
    scenario.sync = CV_SYNC_CONDVAR;
    scenario.gil = true;
    cv_engine *engine = cv_test_run(&scenario);
    assert_non_null(engine);
    cv_run_result result = *cv_engine_result(engine);
    result.machine.busy = true; /* whatever the machine was: the verdict must survive */
    snprintf(result.machine.note, sizeof result.machine.note, "machine busy: \"quoted\" words");
    char path[160];
    snprintf(path, sizeof path, "%s/machine.json", f->dir);
    cv_error err = {0};
    assert_int_equal(cv_chrome_trace_write(path, cv_engine_trace(engine), &result, &err), CV_OK);
    cv_trace back;
    if (cv_chrome_trace_read(path, &back, &err) != CV_OK)
        fail_msg("%s", err.message);
    const cv_machine *m = &result.machine;
    assert_true(m->cores > 0);
    assert_int_equal(back.machine.cores, m->cores);
    assert_int_equal(back.machine.cores_available, m->cores_available);
    assert_int_equal(back.machine.ready_measured, m->ready_measured);
    assert_true(back.machine.busy);
    assert_string_equal(back.machine.note, m->note);
    assert_true(fabs(back.machine.load_average - m->load_average) < 0.006);
    /* The header's set-up line says how the buffer was guarded, in a replay too. */
    assert_true(back.mode_known);
    assert_int_equal(back.sync, CV_SYNC_CONDVAR);
    assert_true(back.gil);
    cv_trace_free(&back);
    cv_engine_destroy(engine);
}

/* The header a trace and its result give: what the picture says in words. */
static void caption_of(const cv_trace *trace, const cv_run_result *result, cv_caption *out)
{
    cv_lane_stats stats = {0};
    assert_int_equal(cv_lane_stats_update(&stats, trace, trace->end_ns, NULL), CV_OK);
    cv_caption_facts facts = {
        .trace = trace, .result = result, .stats = &stats, .now_ns = trace->end_ns};
    cv_caption_make(out, &facts);
    cv_lane_stats_free(&stats);
}

/* Issue 20, point 2: a replay of a JSON trace keeps the story the live
 * picture told: the explanation, the banner, the per-lane deadlock tags. */
static void test_a_json_replay_tells_the_deadlocks_story(void **state)
{
    fixture *f = *state;
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 2, 2, 1, 100);
    scenario.sync = CV_SYNC_MUTEX_FIRST;
    scenario.deadlock_timeout_ns = 100 * 1000 * 1000;
    cv_test_add_step(&scenario, CV_ROLE_CONSUMER, CV_STEP_IO, 2000000);
    cv_engine *engine = cv_test_run(&scenario);
    assert_non_null(engine);
    const cv_trace *trace = cv_engine_trace(engine);
    const cv_run_result *result = cv_engine_result(engine);
    assert_int_equal(result->outcome, CV_OUTCOME_DEADLOCK);
    char path[160];
    snprintf(path, sizeof path, "%s/deadlock.json", f->dir);
    cv_error err = {0};
    assert_int_equal(cv_chrome_trace_write(path, trace, result, &err), CV_OK);
    cv_trace back;
    cv_run_result back_result;
    bool has_result = false;
    if (cv_chrome_trace_read_result(path, &back, &back_result, &has_result, &err) != CV_OK)
        fail_msg("%s", err.message);
    assert_true(has_result);
    cv_caption live, replay;
    caption_of(trace, result, &live);
    caption_of(&back, &back_result, &replay);
    assert_true(strlen(live.explanation) > 0);
    assert_string_equal(live.explanation, replay.explanation);
    assert_string_equal(live.banner, replay.banner);
    assert_string_equal(live.facts, replay.facts);
    assert_string_equal(live.warning, replay.warning);
    int tags = 0;
    for (uint32_t lane = 0; lane < trace->lane_count; lane++) {
        char a[160], b[160];
        bool tagged = cv_caption_lane_tag(trace, result, lane, a, sizeof a);
        assert_int_equal(tagged, cv_caption_lane_tag(&back, &back_result, lane, b, sizeof b));
        assert_string_equal(a, b);
        tags += tagged;
    }
    assert_true(tags > 0);
    cv_trace_free(&back);
    cv_engine_destroy(engine);
}

/* A JSON replay tags a dead worker's lane as the live picture did ("died:
 * killed by signal 9 (Killed)"): the writer keeps, per lane, that its
 * worker died and how, and the reader gives them back (they were lost). */
static void test_a_json_trace_keeps_which_workers_died_and_how(void **state)
{
    fixture *f = *state;
    cv_scenario scenario = cv_test_scenario(CV_BACKEND_THREADS, 1, 2, 4, 50);
    cv_engine *engine = cv_test_run(&scenario);
    assert_non_null(engine);
    const cv_trace *trace = cv_engine_trace(engine);
    cv_run_result result = *cv_engine_result(engine);
    assert_int_equal(result.worker_count, 3);
    cv_worker_summary workers[3];
    memcpy(workers, result.workers, sizeof workers);
    workers[1].died = true;
    workers[1].exit_signal = 9;
    workers[2].died = true;
    workers[2].exit_code = 3;
    result.workers = workers;
    result.outcome = CV_OUTCOME_WORKER_DIED;
    char path[160];
    snprintf(path, sizeof path, "%s/died.json", f->dir);
    cv_error err = {0};
    assert_int_equal(cv_chrome_trace_write(path, trace, &result, &err), CV_OK);
    cv_trace back;
    cv_run_result back_result;
    bool has_result = false;
    if (cv_chrome_trace_read_result(path, &back, &back_result, &has_result, &err) != CV_OK)
        fail_msg("%s", err.message);
    assert_true(has_result);
    assert_int_equal(back_result.worker_count, 3);
    assert_non_null(back_result.workers);
    assert_false(back_result.workers[0].died);
    assert_true(back_result.workers[1].died);
    assert_int_equal(back_result.workers[1].exit_signal, 9);
    assert_int_equal(back_result.workers[1].exit_code, 0);
    assert_true(back_result.workers[2].died);
    assert_int_equal(back_result.workers[2].exit_signal, 0);
    assert_int_equal(back_result.workers[2].exit_code, 3);
    for (uint32_t lane = 0; lane < trace->lane_count; lane++) {
        assert_string_equal(back_result.workers[lane].name, trace->lanes[lane].name);
        char live[160], replay[160];
        bool tagged = cv_caption_lane_tag(trace, &result, lane, live, sizeof live);
        assert_int_equal(tagged,
                         cv_caption_lane_tag(&back, &back_result, lane, replay, sizeof replay));
        assert_string_equal(live, replay);
    }
    char tag[160];
    assert_true(cv_caption_lane_tag(&back, &back_result, 1, tag, sizeof tag));
    assert_non_null(strstr(tag, "killed by signal 9"));
    assert_true(cv_caption_lane_tag(&back, &back_result, 2, tag, sizeof tag));
    assert_non_null(strstr(tag, "exited with status 3"));
    cv_tracefile_result_free(&back_result);
    cv_trace_free(&back);
    /* The keys are checked as any other: "died" must be true or false. */
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    static char text[1 << 20];
    size_t length = fread(text, 1, sizeof text - 1, in);
    fclose(in);
    text[length] = '\0';
    char *died = strstr(text, "\"died\":true");
    assert_non_null(died);
    memcpy(died, "\"died\":1   ", strlen("\"died\":true"));
    FILE *out = fopen(path, "wb");
    assert_non_null(out);
    assert_int_equal(fwrite(text, 1, length, out), length);
    fclose(out);
    assert_int_equal(cv_chrome_trace_read_result(path, &back, &back_result, &has_result, &err),
                     CV_ERR_INPUT);
    assert_non_null(strstr(err.message, "\"died\" must be true or false"));
    /* A trace with no death reads back without worker summaries. */
    result.workers = NULL;
    result.worker_count = 0;
    assert_int_equal(cv_chrome_trace_write(path, trace, &result, &err), CV_OK);
    if (cv_chrome_trace_read_result(path, &back, &back_result, &has_result, &err) != CV_OK)
        fail_msg("%s", err.message);
    assert_null(back_result.workers);
    assert_int_equal(back_result.worker_count, 0);
    cv_trace_free(&back);
    cv_engine_destroy(engine);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_native_file_reads_back_a_thread_run_identical, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_native_file_reads_back_a_process_run_identical, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_native_file_keeps_a_deadlocks_explanation, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_native_file_without_a_result_reads_back, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_every_lesson_trace_reads_as_the_jansson_reader_read_it,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_native_file_cut_short_anywhere_is_an_input_error,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_foreign_file_is_not_a_native_trace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_newer_format_version_is_refused_with_both_versions,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_flipped_bit_is_caught, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bytes_after_the_end_are_an_input_error, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_both_readers_refuse_a_trace_over_the_memory_limit,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_pipe_of_empty_objects_fails_with_a_reason, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_json_trace_reads_from_a_pipe, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_json_trace_keeps_the_machine, setup, teardown),
        cmocka_unit_test(test_a_version_1_file_reads_without_the_sync_mode),
        cmocka_unit_test(test_a_version_2_file_reads_with_lanes_named_by_the_backend),
        cmocka_unit_test_setup_teardown(test_native_file_keeps_the_sync_mode_and_gil, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_json_replay_tells_the_deadlocks_story, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_json_trace_keeps_which_workers_died_and_how, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
