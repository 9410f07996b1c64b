/*
 * test_tracer.c — the tracer library (conveyor/tracer.h) through its public
 * API, read back with the native trace reader: bad calls are refused with
 * a message, the blocking wrappers record a wait only when the call really
 * blocks, put and get carry their item and fill, and only the opening
 * process closes a trace.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conveyor/tracefile.h"
#include "conveyor/tracer.h"

static char path[256];

static int make_path(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/test_tracer-%ld.cvtrace", (long)getpid());
    return 0;
}

static int remove_path(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

static cv_tracer *open_tracer(void)
{
    cv_tracer *tracer = NULL;
    cv_error error;
    assert_int_equal(cv_tracer_open(path, NULL, &tracer, &error), CV_OK);
    assert_non_null(tracer);
    return tracer;
}

static cv_tracer_lane *register_lane(cv_tracer *tracer, const char *name, cv_tracer_role role)
{
    cv_tracer_lane *lane = NULL;
    cv_error error;
    assert_int_equal(cv_tracer_lane_register(tracer, name, role, &lane, &error), CV_OK);
    return lane;
}

static void close_and_read(cv_tracer *tracer, cv_trace *trace, cv_run_result *result)
{
    cv_error error;
    assert_int_equal(cv_tracer_close(tracer, &error), CV_OK);
    bool has_result;
    assert_int_equal(cv_tracefile_read(path, trace, result, &has_result, &error), CV_OK);
    assert_true(has_result);
}

static void free_read(cv_trace *trace, cv_run_result *result)
{
    cv_trace_free(trace);
    cv_tracefile_result_free(result);
}

/* How many of a lane's events are of `kind`. */
static size_t count_kind(const cv_trace *trace, uint32_t lane, uint32_t kind)
{
    size_t n = 0;
    for (size_t i = 0; i < trace->events[lane].count; i++)
        n += cv_event_kind(&trace->events[lane].events[i]) == kind;
    return n;
}

/* The first of a lane's events of `kind`, or NULL. A lane's events may hold
 * `ready` spans (and `work` again after them) wherever the thread waited for
 * a core on a loaded machine, so tests find events by kind, not position. */
static const cv_event *first_kind(const cv_trace *trace, uint32_t lane, uint32_t kind)
{
    for (size_t i = 0; i < trace->events[lane].count; i++)
        if (cv_event_kind(&trace->events[lane].events[i]) == kind)
            return &trace->events[lane].events[i];
    return NULL;
}

/* Events of kinds other than work, ready and the ones given (up to two). */
static size_t count_others(const cv_trace *trace, uint32_t lane, uint32_t also, uint32_t and_also)
{
    size_t n = 0;
    for (size_t i = 0; i < trace->events[lane].count; i++) {
        uint32_t kind = cv_event_kind(&trace->events[lane].events[i]);
        n += kind != CV_STATE_WORK && kind != CV_STATE_READY && kind != also && kind != and_also;
    }
    return n;
}

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000};
    nanosleep(&t, NULL);
}

static void test_open_refuses_bad_names_options_and_folders(void **state)
{
    (void)state;
    cv_tracer *tracer = (cv_tracer *)&state;
    cv_error error;
    assert_int_equal(cv_tracer_open("/tmp/x.json", NULL, &tracer, &error), CV_ERR_USAGE);
    assert_null(tracer);
    assert_non_null(strstr(error.message, ".cvtrace"));
    cv_tracer_options options = {.max_lanes = CV_TRACER_MAX_LANES + 1};
    assert_int_equal(cv_tracer_open(path, &options, &tracer, &error), CV_ERR_USAGE);
    options = (cv_tracer_options){.ring_events = 3000};
    assert_int_equal(cv_tracer_open(path, &options, &tracer, &error), CV_ERR_USAGE);
    assert_non_null(strstr(error.message, "power of two"));
    assert_int_equal(cv_tracer_open("/no/such/folder/x.cvtrace", NULL, &tracer, &error), CV_ERR_IO);
    assert_non_null(strstr(error.message, "/no/such/folder"));
}

static void test_register_refuses_bad_names_roles_and_one_lane_too_many(void **state)
{
    (void)state;
    cv_tracer_options options = {.max_lanes = 1};
    cv_tracer *tracer;
    cv_error error;
    assert_int_equal(cv_tracer_open(path, &options, &tracer, &error), CV_OK);
    cv_tracer_lane *lane;
    assert_int_equal(cv_tracer_lane_register(tracer, "", CV_TRACER_PRODUCER, &lane, &error),
                     CV_ERR_USAGE);
    char long_name[80];
    memset(long_name, 'x', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    assert_int_equal(cv_tracer_lane_register(tracer, long_name, CV_TRACER_PRODUCER, &lane, &error),
                     CV_ERR_USAGE);
    assert_int_equal(cv_tracer_lane_register(tracer, "P0", (cv_tracer_role)7, &lane, &error),
                     CV_ERR_USAGE);
    assert_int_equal(cv_tracer_lane_register(tracer, "P0", CV_TRACER_PRODUCER, &lane, &error),
                     CV_OK);
    cv_tracer_lane *second;
    assert_int_equal(cv_tracer_lane_register(tracer, "P1", CV_TRACER_PRODUCER, &second, &error),
                     CV_ERR_USAGE);
    assert_null(second);
    assert_non_null(strstr(error.message, "max_lanes"));
    cv_tracer_state_set(lane, CV_TRACER_DONE);
    cv_trace trace;
    cv_run_result result;
    close_and_read(tracer, &trace, &result);
    assert_int_equal(trace.lane_count, 1);
    assert_string_equal(trace.lanes[0].name, "P0");
    free_read(&trace, &result);
}

static void test_state_set_refuses_unknown_states_and_anything_after_done(void **state)
{
    (void)state;
    cv_tracer *tracer = open_tracer();
    cv_tracer_lane *lane = register_lane(tracer, "C0", CV_TRACER_CONSUMER);
    assert_int_equal(cv_tracer_state_set(lane, (cv_tracer_state)7), CV_ERR_USAGE); /* wait-gil */
    assert_int_equal(cv_tracer_state_set(lane, (cv_tracer_state)0), CV_ERR_USAGE); /* spawn */
    assert_int_equal(cv_tracer_state_set(NULL, CV_TRACER_WORK), CV_ERR_USAGE);
    assert_int_equal(cv_tracer_state_set(lane, CV_TRACER_IO), CV_OK);
    assert_int_equal(cv_tracer_state_set(lane, CV_TRACER_DONE), CV_OK);
    assert_int_equal(cv_tracer_state_set(lane, CV_TRACER_WORK), CV_ERR_USAGE);
    assert_int_equal(cv_tracer_get(lane, 1, 0), CV_ERR_USAGE);
    cv_trace trace;
    cv_run_result result;
    close_and_read(tracer, &trace, &result);
    assert_int_equal(count_kind(&trace, 0, CV_STATE_IO), 1);
    assert_int_equal(count_kind(&trace, 0, CV_STATE_DONE), 1);
    assert_int_equal(count_others(&trace, 0, CV_STATE_IO, CV_STATE_DONE), 0);
    const cv_lane_events *events = &trace.events[0];
    assert_int_equal(cv_event_kind(&events->events[events->count - 1]), CV_STATE_DONE);
    free_read(&trace, &result);
}

static void test_put_and_get_carry_their_item_and_fill(void **state)
{
    (void)state;
    cv_tracer *tracer = open_tracer();
    cv_tracer_lane *lane = register_lane(tracer, "P0", CV_TRACER_PRODUCER);
    assert_int_equal(cv_tracer_put(lane, 42, 3), CV_OK);
    assert_int_equal(cv_tracer_get(lane, 42, 2), CV_OK);
    cv_tracer_state_set(lane, CV_TRACER_DONE);
    cv_trace trace;
    cv_run_result result;
    close_and_read(tracer, &trace, &result);
    const cv_event *put = first_kind(&trace, 0, CV_EVENT_PUT);
    const cv_event *get = first_kind(&trace, 0, CV_EVENT_GET);
    assert_non_null(put);
    assert_non_null(get);
    assert_int_equal(put->item, 42);
    assert_int_equal(cv_event_fill(put), 3);
    assert_int_equal(get->item, 42);
    assert_int_equal(cv_event_fill(get), 2);
    assert_true(get->time_ns >= put->time_ns);
    assert_true(result.ledger_ok);
    assert_int_equal(result.outcome, CV_OUTCOME_COMPLETED);
    free_read(&trace, &result);
}

static void test_wrappers_record_nothing_when_the_call_does_not_block(void **state)
{
    (void)state;
    cv_tracer *tracer = open_tracer();
    cv_tracer_lane *lane = register_lane(tracer, "P0", CV_TRACER_PRODUCER);
    sem_t sem;
    sem_init(&sem, 0, 2);
    pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
    assert_int_equal(cv_tracer_sem_wait(lane, &sem, CV_TRACER_WAIT_SLOT), 0);
    assert_int_equal(cv_tracer_sem_wait(lane, &sem, CV_TRACER_WAIT_ITEM), 0);
    assert_int_equal(cv_tracer_mutex_lock(lane, &mutex), 0);
    pthread_mutex_unlock(&mutex);
    cv_tracer_state_set(lane, CV_TRACER_DONE);
    cv_trace trace;
    cv_run_result result;
    close_and_read(tracer, &trace, &result);
    /* Work (with `ready` where the machine made it wait), then done: no wait. */
    assert_int_equal(count_others(&trace, 0, CV_STATE_DONE, CV_STATE_DONE), 0);
    assert_int_equal(count_kind(&trace, 0, CV_STATE_DONE), 1);
    free_read(&trace, &result);
    sem_destroy(&sem);
}

typedef struct releaser {
    sem_t *items;
    sem_t *holding;
    pthread_mutex_t *mutex;
} releaser;

/* Takes the mutex, says so, holds it 30 ms, then posts an item 30 ms later. */
static void *hold_then_release(void *arg)
{
    releaser *r = arg;
    pthread_mutex_lock(r->mutex);
    sem_post(r->holding);
    sleep_ms(30);
    pthread_mutex_unlock(r->mutex);
    sleep_ms(30);
    sem_post(r->items);
    return NULL;
}

static void test_wrappers_record_the_wait_when_the_call_blocks(void **state)
{
    (void)state;
    cv_tracer *tracer = open_tracer();
    cv_tracer_lane *lane = register_lane(tracer, "C0", CV_TRACER_CONSUMER);
    sem_t items, holding;
    sem_init(&items, 0, 0);
    sem_init(&holding, 0, 0);
    pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
    releaser r = {&items, &holding, &mutex};
    pthread_t thread;
    pthread_create(&thread, NULL, hold_then_release, &r);
    sem_wait(&holding);
    assert_int_equal(cv_tracer_mutex_lock(lane, &mutex), 0);
    pthread_mutex_unlock(&mutex);
    assert_int_equal(cv_tracer_sem_wait(lane, &items, CV_TRACER_WAIT_ITEM), 0);
    pthread_join(thread, NULL);
    cv_tracer_state_set(lane, CV_TRACER_DONE);
    cv_trace trace;
    cv_run_result result;
    close_and_read(tracer, &trace, &result);
    assert_int_equal(count_kind(&trace, 0, CV_STATE_WAIT_LOCK), 1);
    assert_int_equal(count_kind(&trace, 0, CV_STATE_WAIT_ITEM), 1);
    int64_t times[CV_STATE_COUNT];
    cv_trace_lane_state_times(&trace, 0, trace.end_ns, times);
    assert_true(times[CV_STATE_WAIT_LOCK] >= 20000000);
    assert_true(times[CV_STATE_WAIT_ITEM] >= 20000000);
    /* Back in work after the last wait (a ready span may come between). */
    const cv_lane_events *events = &trace.events[0];
    size_t last_wait = 0, last_work = 0;
    for (size_t i = 0; i < events->count; i++) {
        uint32_t kind = cv_event_kind(&events->events[i]);
        if (kind == CV_STATE_WAIT_ITEM)
            last_wait = i;
        if (kind == CV_STATE_WORK)
            last_work = i;
    }
    assert_true(last_work > last_wait);
    free_read(&trace, &result);
    sem_destroy(&items);
    sem_destroy(&holding);
}

typedef struct signaller {
    pthread_mutex_t *mutex;
    pthread_cond_t *cond;
    int *ready;
} signaller;

static void *signal_later(void *arg)
{
    signaller *s = arg;
    sleep_ms(30);
    pthread_mutex_lock(s->mutex);
    *s->ready = 1;
    pthread_cond_signal(s->cond);
    pthread_mutex_unlock(s->mutex);
    return NULL;
}

static void test_a_condition_wait_is_drawn_as_the_state_given(void **state)
{
    (void)state;
    cv_tracer *tracer = open_tracer();
    cv_tracer_lane *lane = register_lane(tracer, "C0", CV_TRACER_CONSUMER);
    pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
    int ready = 0;
    signaller s = {&mutex, &cond, &ready};
    pthread_t thread;
    pthread_create(&thread, NULL, signal_later, &s);
    assert_int_equal(cv_tracer_mutex_lock(lane, &mutex), 0);
    while (!ready)
        assert_int_equal(cv_tracer_cond_wait(lane, &cond, &mutex, CV_TRACER_WAIT_ITEM), 0);
    pthread_mutex_unlock(&mutex);
    pthread_join(thread, NULL);
    cv_tracer_state_set(lane, CV_TRACER_DONE);
    cv_trace trace;
    cv_run_result result;
    close_and_read(tracer, &trace, &result);
    assert_true(count_kind(&trace, 0, CV_STATE_WAIT_ITEM) >= 1);
    int64_t times[CV_STATE_COUNT];
    cv_trace_lane_state_times(&trace, 0, trace.end_ns, times);
    assert_true(times[CV_STATE_WAIT_ITEM] >= 20000000);
    free_read(&trace, &result);
}

static void test_an_item_put_and_never_got_is_a_ledger_violation(void **state)
{
    (void)state;
    cv_tracer *tracer = open_tracer();
    cv_tracer_lane *producer = register_lane(tracer, "P0", CV_TRACER_PRODUCER);
    cv_tracer_put(producer, 7, 1);
    cv_tracer_put(producer, 8, 2);
    cv_tracer_get(producer, 8, 1);
    cv_tracer_get(producer, 9, 0);
    cv_tracer_state_set(producer, CV_TRACER_DONE);
    cv_trace trace;
    cv_run_result result;
    close_and_read(tracer, &trace, &result);
    assert_int_equal(result.outcome, CV_OUTCOME_LEDGER_VIOLATION);
    assert_int_equal(trace.outcome, CV_OUTCOME_LEDGER_VIOLATION);
    assert_false(result.ledger_ok);
    assert_int_equal(result.lost_count, 1);
    assert_int_equal(result.lost_ids[0], 7);
    assert_int_equal(result.duplicated_count, 1);
    assert_int_equal(result.duplicated_ids[0], 9);
    assert_int_equal(result.items_produced, 2);
    assert_int_equal(result.items_consumed, 2);
    free_read(&trace, &result);
}

static void test_only_the_opening_process_closes_the_trace(void **state)
{
    (void)state;
    cv_tracer *tracer = open_tracer();
    pid_t pid = fork();
    if (pid == 0) {
        cv_tracer_lane *lane = NULL;
        cv_error error;
        int ok =
            cv_tracer_lane_register(tracer, "child", CV_TRACER_PRODUCER, &lane, &error) == CV_OK &&
            cv_tracer_close(tracer, &error) == CV_ERR_USAGE &&
            cv_tracer_state_set(lane, CV_TRACER_DONE) == CV_OK;
        _exit(ok ? 0 : 1);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    cv_trace trace;
    cv_run_result result;
    close_and_read(tracer, &trace, &result);
    assert_int_equal(trace.lane_count, 1);
    assert_int_equal(trace.backend, CV_BACKEND_PROCESSES);
    assert_int_equal(trace.lanes[0].os_id, pid);
    assert_false(result.workers[0].died);
    free_read(&trace, &result);
}

/* A child killed before done, not yet reaped when the trace closes: its lane
 * says died and by which signal (read without reaping, so the program's own
 * waitpid still gets it). */
static void test_a_killed_child_not_yet_reaped_says_which_signal(void **state)
{
    (void)state;
    cv_tracer *tracer = open_tracer();
    pid_t pid = fork();
    if (pid == 0) {
        cv_tracer_lane *lane = NULL;
        if (cv_tracer_lane_register(tracer, "C0", CV_TRACER_CONSUMER, &lane, NULL) != CV_OK)
            _exit(1);
        raise(SIGKILL);
        _exit(2);
    }
    /* Let it die and stay a zombie while the trace closes. */
    siginfo_t info = {0};
    assert_int_equal(waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT), 0);
    cv_trace trace;
    cv_run_result result;
    close_and_read(tracer, &trace, &result);
    assert_true(result.workers[0].died);
    assert_int_equal(result.workers[0].exit_signal, SIGKILL);
    assert_non_null(strstr(result.explanation, "killed by signal 9"));
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid); /* still the program's to reap */
    assert_true(WIFSIGNALED(status));
    free_read(&trace, &result);
}

/* A fresh empty folder for a test that looks at what a trace leaves behind. */
static void make_folder(char *folder, size_t size)
{
    snprintf(folder, size, "/tmp/test_tracer-XXXXXX");
    assert_non_null(mkdtemp(folder));
}

static size_t entries_in(const char *folder)
{
    DIR *dir = opendir(folder);
    assert_non_null(dir);
    size_t n = 0;
    for (struct dirent *entry; (entry = readdir(dir));)
        n += strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0;
    closedir(dir);
    return n;
}

static void assert_open_fails(const char *where, cv_status expected, const char *says)
{
    cv_tracer *tracer = NULL;
    cv_error error = {0};
    assert_int_equal(cv_tracer_open(where, NULL, &tracer, &error), expected);
    assert_null(tracer);
    if (!strstr(error.message, says) || (where[0] && !strstr(error.message, where)))
        fail_msg("opening \"%s\": \"%s\" does not name the path and say \"%s\"", where,
                 error.message, says);
}

static void test_open_names_the_path_when_it_is_a_folder_or_cannot_be_written(void **state)
{
    (void)state;
    char folder[64], where[128];
    make_folder(folder, sizeof folder);
    snprintf(where, sizeof where, "%s/d.cvtrace", folder);
    assert_int_equal(mkdir(where, 0700), 0);
    assert_open_fails(where, CV_ERR_IO, "is a folder");
    rmdir(where);
    snprintf(where, sizeof where, "%s/missing/x.cvtrace", folder);
    assert_open_fails(where, CV_ERR_IO, "does not exist");
    /* /proc/self passes access(W_OK) for root yet takes no new file. */
    assert_open_fails("/proc/self/foo.cvtrace", CV_ERR_IO, "does not take new files");
    cv_tracer *tracer = NULL;
    cv_error error = {0};
    cv_tracer_open("/proc/x.cvtrace", NULL, &tracer, &error);
    if (strstr(error.message, "No such file"))
        fail_msg("\"%s\" says the folder does not exist", error.message);
    /* An existing folder is one, whatever its name does not end in. */
    assert_open_fails("/proc", CV_ERR_IO, "is a folder");
    assert_open_fails(folder, CV_ERR_IO, "is a folder");
    if (geteuid() != 0) { /* root writes into any folder */
        snprintf(where, sizeof where, "%s/x.cvtrace", folder);
        assert_int_equal(chmod(folder, 0500), 0);
        assert_open_fails(where, CV_ERR_IO, "does not let this program create files");
        chmod(folder, 0700);
    }
    assert_int_equal(entries_in(folder), 0);
    rmdir(folder);
}

static void test_open_refuses_a_file_name_with_nothing_before_cvtrace(void **state)
{
    (void)state;
    assert_open_fails("", CV_ERR_USAGE, "the path is empty");
    assert_open_fails(".cvtrace", CV_ERR_USAGE, "only the extension");
    assert_open_fails("/tmp/.cvtrace", CV_ERR_USAGE, "only the extension");
    assert_open_fails("/tmp/", CV_ERR_USAGE, "names a folder");
}

/* The file system refuses the trace's bytes only when close writes them
 * (a full disk; here a file size limit): close says so naming the path,
 * and neither the trace nor its temporary is left. */
static void test_close_that_cannot_write_names_the_path_and_leaves_nothing(void **state)
{
    (void)state;
    char folder[64], where[128];
    make_folder(folder, sizeof folder);
    snprintf(where, sizeof where, "%s/t.cvtrace", folder);
    cv_tracer *tracer;
    cv_error error;
    assert_int_equal(cv_tracer_open(where, NULL, &tracer, &error), CV_OK);
    cv_tracer_lane *lane = register_lane(tracer, "P0", CV_TRACER_PRODUCER);
    cv_tracer_state_set(lane, CV_TRACER_DONE);
    struct rlimit before, small;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &before), 0);
    small = (struct rlimit){.rlim_cur = 64, .rlim_max = before.rlim_max};
    void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    cv_status status = cv_tracer_close(tracer, &error);
    setrlimit(RLIMIT_FSIZE, &before);
    signal(SIGXFSZ, was);
    assert_int_equal(status, CV_ERR_IO);
    if (!strstr(error.message, where))
        fail_msg("\"%s\" does not name %s", error.message, where);
    assert_int_equal(entries_in(folder), 0);
    rmdir(folder);
}

static void test_register_refuses_a_second_lane_of_the_same_name(void **state)
{
    (void)state;
    cv_tracer *tracer = open_tracer();
    cv_tracer_lane *first = register_lane(tracer, "P0", CV_TRACER_PRODUCER);
    cv_tracer_lane *second = (cv_tracer_lane *)&state;
    cv_error error;
    assert_int_equal(cv_tracer_lane_register(tracer, "P0", CV_TRACER_CONSUMER, &second, &error),
                     CV_ERR_USAGE);
    assert_null(second);
    if (!strstr(error.message, "P0") || !strstr(error.message, "already"))
        fail_msg("\"%s\" does not name the lane P0 as taken", error.message);
    pid_t pid = fork(); /* a child process is refused the same way */
    if (pid == 0) {
        cv_tracer_lane *lane = NULL;
        bool refused =
            cv_tracer_lane_register(tracer, "P0", CV_TRACER_PRODUCER, &lane, NULL) == CV_ERR_USAGE;
        bool own = cv_tracer_lane_register(tracer, "C0", CV_TRACER_CONSUMER, &lane, NULL) == CV_OK;
        cv_tracer_state_set(lane, CV_TRACER_DONE);
        _exit(refused && own ? 0 : 1);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    cv_tracer_state_set(first, CV_TRACER_DONE);
    cv_trace trace;
    cv_run_result result;
    close_and_read(tracer, &trace, &result);
    assert_int_equal(trace.lane_count, 2);
    assert_string_equal(trace.lanes[0].name, "P0");
    assert_string_equal(trace.lanes[1].name, "C0");
    free_read(&trace, &result);
}

/* A trace of threads and forked processes together says per lane which its
 * os id is, so the picture labels a thread's lane "tid" and a child's "pid"
 * (the trace's backend, one for the run, would call them all "pid"). */
static void test_a_lane_says_whether_it_is_a_thread_or_a_process(void **state)
{
    (void)state;
    cv_tracer *tracer = open_tracer();
    cv_tracer_lane *thread_lane = register_lane(tracer, "thread", CV_TRACER_PRODUCER);
    pid_t pid = fork();
    if (pid == 0) {
        cv_tracer_lane *lane = NULL;
        cv_status status =
            cv_tracer_lane_register(tracer, "process", CV_TRACER_CONSUMER, &lane, NULL);
        cv_tracer_state_set(lane, CV_TRACER_DONE);
        _exit(status == CV_OK ? 0 : 1);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_int_equal(WEXITSTATUS(status), 0);
    cv_tracer_state_set(thread_lane, CV_TRACER_DONE);
    cv_trace trace;
    cv_run_result result;
    close_and_read(tracer, &trace, &result);
    assert_int_equal(trace.lane_count, 2);
    assert_int_equal(trace.backend, CV_BACKEND_PROCESSES);
    assert_int_equal(trace.lanes[0].os_id_kind, CV_OS_ID_THREAD);
    assert_string_equal(cv_lane_os_id_word(&trace, 0), "tid");
    assert_int_equal(trace.lanes[1].os_id_kind, CV_OS_ID_PROCESS);
    assert_int_equal(trace.lanes[1].os_id, pid);
    assert_string_equal(cv_lane_os_id_word(&trace, 1), "pid");
    free_read(&trace, &result);
}

/* A second close, or a lane registered after close, is refused with a
 * message instead of reading the trace's freed memory. */
static void test_a_closed_trace_cannot_be_closed_again_or_take_a_lane(void **state)
{
    (void)state;
    cv_tracer *tracer = open_tracer();
    cv_tracer_state_set(register_lane(tracer, "P0", CV_TRACER_PRODUCER), CV_TRACER_DONE);
    cv_error error;
    assert_int_equal(cv_tracer_close(tracer, &error), CV_OK);
    assert_int_equal(cv_tracer_close(tracer, &error), CV_ERR_USAGE);
    assert_non_null(strstr(error.message, "not open"));
    cv_tracer_lane *lane = (cv_tracer_lane *)&state;
    assert_int_equal(cv_tracer_lane_register(tracer, "P1", CV_TRACER_PRODUCER, &lane, &error),
                     CV_ERR_USAGE);
    assert_null(lane);
    assert_non_null(strstr(error.message, "not open"));
}

static void *record_on_a_lane_of_another_thread(void *lane)
{
    intptr_t refused = cv_tracer_state_set(lane, CV_TRACER_IO) == CV_ERR_USAGE &&
                       cv_tracer_put(lane, 1, 1) == CV_ERR_USAGE;
    return (void *)refused;
}

/* One lane, one writer: a call from a thread that did not register the lane
 * records nothing, and close names the lane (the trace is still written). */
static void test_a_lane_refuses_calls_from_a_thread_that_did_not_register_it(void **state)
{
    (void)state;
    cv_tracer *tracer = open_tracer();
    cv_tracer_lane *lane = register_lane(tracer, "mine", CV_TRACER_PRODUCER);
    pthread_t other;
    assert_int_equal(pthread_create(&other, NULL, record_on_a_lane_of_another_thread, lane), 0);
    void *refused;
    assert_int_equal(pthread_join(other, &refused), 0);
    assert_true(refused != NULL);
    assert_int_equal(cv_tracer_state_set(lane, CV_TRACER_DONE), CV_OK);
    cv_error error;
    assert_int_equal(cv_tracer_close(tracer, &error), CV_ERR_USAGE);
    if (!strstr(error.message, "lane mine refused 2 calls") || !strstr(error.message, path))
        fail_msg("\"%s\" does not name the lane and the file", error.message);
    cv_trace trace;
    cv_run_result result;
    bool has_result;
    assert_int_equal(cv_tracefile_read(path, &trace, &result, &has_result, &error), CV_OK);
    assert_int_equal(count_kind(&trace, 0, CV_STATE_IO), 0);
    assert_int_equal(count_kind(&trace, 0, CV_EVENT_PUT), 0);
    assert_int_equal(count_kind(&trace, 0, CV_STATE_DONE), 1);
    free_read(&trace, &result);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_refuses_bad_names_options_and_folders, make_path,
                                        remove_path),
        cmocka_unit_test_setup_teardown(test_register_refuses_bad_names_roles_and_one_lane_too_many,
                                        make_path, remove_path),
        cmocka_unit_test_setup_teardown(
            test_state_set_refuses_unknown_states_and_anything_after_done, make_path, remove_path),
        cmocka_unit_test_setup_teardown(test_put_and_get_carry_their_item_and_fill, make_path,
                                        remove_path),
        cmocka_unit_test_setup_teardown(test_wrappers_record_nothing_when_the_call_does_not_block,
                                        make_path, remove_path),
        cmocka_unit_test_setup_teardown(test_wrappers_record_the_wait_when_the_call_blocks,
                                        make_path, remove_path),
        cmocka_unit_test_setup_teardown(test_a_condition_wait_is_drawn_as_the_state_given,
                                        make_path, remove_path),
        cmocka_unit_test_setup_teardown(test_an_item_put_and_never_got_is_a_ledger_violation,
                                        make_path, remove_path),
        cmocka_unit_test_setup_teardown(test_only_the_opening_process_closes_the_trace, make_path,
                                        remove_path),
        cmocka_unit_test_setup_teardown(test_a_killed_child_not_yet_reaped_says_which_signal,
                                        make_path, remove_path),
        cmocka_unit_test(test_open_names_the_path_when_it_is_a_folder_or_cannot_be_written),
        cmocka_unit_test(test_open_refuses_a_file_name_with_nothing_before_cvtrace),
        cmocka_unit_test(test_close_that_cannot_write_names_the_path_and_leaves_nothing),
        cmocka_unit_test_setup_teardown(test_register_refuses_a_second_lane_of_the_same_name,
                                        make_path, remove_path),
        cmocka_unit_test_setup_teardown(test_a_lane_says_whether_it_is_a_thread_or_a_process,
                                        make_path, remove_path),
        cmocka_unit_test_setup_teardown(test_a_closed_trace_cannot_be_closed_again_or_take_a_lane,
                                        make_path, remove_path),
        cmocka_unit_test_setup_teardown(
            test_a_lane_refuses_calls_from_a_thread_that_did_not_register_it, make_path,
            remove_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
